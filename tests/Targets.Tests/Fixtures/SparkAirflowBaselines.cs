namespace Pulse.Targets.Tests.Fixtures;

/// <summary>
/// Golden files for the Spark and Airflow targets under <c>tests/Targets.Tests/Baselines/</c>. A test
/// compares generated text with the stored file; with <c>PULSE_UPDATE_BASELINES=1</c> it rewrites the
/// file instead (and still passes), which is how baselines are created and refreshed.
/// </summary>
public static class SparkAirflowBaselines
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static bool Updating => Environment.GetEnvironmentVariable("PULSE_UPDATE_BASELINES") == "1";

    public static void Check(string example, string relativePath, string actual)
    {
        // A .cs baseline would be compiled into the test project, so it is stored as .cs.txt.
        var stored = relativePath.EndsWith(".cs", StringComparison.Ordinal) ? relativePath + ".txt" : relativePath;
        var path = Path.Combine(RepoRoot, "tests", "Targets.Tests", "Baselines", example, stored.Replace('/', Path.DirectorySeparatorChar));
        if (Updating)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"no baseline {path}; run the tests with PULSE_UPDATE_BASELINES=1 to create it");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected != actual)
        {
            var expectedLines = expected.Split('\n');
            var actualLines = actual.Split('\n');
            var line = Enumerable.Range(0, Math.Min(expectedLines.Length, actualLines.Length)).FirstOrDefault(i => expectedLines[i] != actualLines[i], Math.Min(expectedLines.Length, actualLines.Length));
            Assert.Fail($"{relativePath} differs from its baseline at line {line + 1}:\n  expected: {Line(expectedLines, line)}\n  actual:   {Line(actualLines, line)}\n(PULSE_UPDATE_BASELINES=1 rewrites baselines)");
        }
    }

    private static string Line(string[] lines, int index) => index < lines.Length ? lines[index] : "<end of file>";

    private static string FindRepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CloudPulse.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("CloudPulse.sln not found above " + AppContext.BaseDirectory);
    }
}
