namespace Pulse.Targets.Tests.Fixtures;

/// <summary>Finds the repository root by walking up from the test binaries to the folder holding CloudPulse.sln.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CloudPulse.sln"))) return dir.FullName;
        throw new InvalidOperationException($"CloudPulse.sln not found above {AppContext.BaseDirectory}");
    }

    public static string Baselines => Path.Combine(Root, "tests", "Targets.Tests", "Baselines");
    public static string Specs => Path.Combine(Root, "tests", "Targets.Tests", "Specs");
}
