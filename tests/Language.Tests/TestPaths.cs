namespace Pulse.Language.Tests;

/// <summary>Locates the repository (the folder holding CloudPulse.sln) from the test binaries.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Pipelines => Path.Combine(RepoRoot, "pipelines");

    public static string Baselines => Path.Combine(RepoRoot, "tests", "Language.Tests", "Baselines");

    public static IEnumerable<string> ExampleFiles() =>
        Directory.GetFiles(Pipelines, "*.pulse").OrderBy(p => p, StringComparer.Ordinal);

    public static string ExamplePath(string example) => Path.Combine(Pipelines, example + ".pulse");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CloudPulse.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No CloudPulse.sln above {AppContext.BaseDirectory}.");
    }
}
