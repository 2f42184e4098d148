using Pulse.Cli;
using Pulse.Cli.Commands;

namespace Pulse.Cli.Tests;

/// <summary>Runs the pulse command in process, in a chosen working directory, capturing both streams.</summary>
public sealed record CliResult(int Exit, string Out, string Error);

public static class CliHarness
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CloudPulse.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("CloudPulse.sln not found");
    });

    public static string RepoRoot => RootPath.Value;

    public static CliResult Run(string workingDirectory, params string[] args) =>
        Run(workingDirectory, _ => null, args);

    public static CliResult Run(string workingDirectory, Func<string, string?> environment, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CliApp.Run(args, new CliContext(stdout, stderr, workingDirectory, environment));
        return new CliResult(exit, stdout.ToString(), stderr.ToString());
    }

    public static CliResult InRepo(params string[] args) => Run(RepoRoot, args);

    public static string TempFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), "pulse-cli-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return path;
    }
}
