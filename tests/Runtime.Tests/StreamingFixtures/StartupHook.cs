using Pulse.Runtime.Tests.StreamingFixtures;

/// <summary>
/// The .NET startup hook (DOTNET_STARTUP_HOOKS) that turns this test assembly into the speed-layer child
/// process of the fault test. The runtime calls <see cref="Initialize"/> before any entry point; it does
/// nothing unless the worker's config variable is set, which only <see cref="SpeedWorker.StartInfo"/> does.
/// The type must be called StartupHook and live in no namespace (the runtime's contract).
/// </summary>
public static class StartupHook
{
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(SpeedWorker.ConfigVariable) is not { Length: > 0 } config) return;
        Environment.Exit(SpeedWorker.Run(config));
    }
}
