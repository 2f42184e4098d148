namespace Pulse.Compiler.Tests.Infrastructure;

/// <summary>
/// Golden files under tests/Compiler.Tests/Baselines. A test compares its output with the file;
/// with PULSE_UPDATE_BASELINES=1 it rewrites the file instead (and passes).
/// </summary>
public static class Baseline
{
    public static bool Updating => Environment.GetEnvironmentVariable("PULSE_UPDATE_BASELINES") == "1";

    public static void Match(string relativePath, string actual)
    {
        var path = Repo.PathOf(Path.Combine("tests", "Compiler.Tests", "Baselines", relativePath));
        actual = actual.ReplaceLineEndings("\n");
        if (Updating)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"Baseline {relativePath} is missing; run with PULSE_UPDATE_BASELINES=1 to create it.");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected == actual) return;
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        var line = 0;
        while (line < expectedLines.Length && line < actualLines.Length && expectedLines[line] == actualLines[line]) line++;
        Assert.Fail($"{relativePath} differs at line {line + 1}:\n  expected: {(line < expectedLines.Length ? expectedLines[line] : "<end>")}\n  actual:   {(line < actualLines.Length ? actualLines[line] : "<end>")}\n(run with PULSE_UPDATE_BASELINES=1 to accept)");
    }
}
