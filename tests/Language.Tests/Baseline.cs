namespace Pulse.Language.Tests;

/// <summary>
/// Golden-file comparison. With <c>PULSE_UPDATE_BASELINES=1</c> the expected file is rewritten
/// from the actual output instead (review the diff before committing).
/// </summary>
internal static class Baseline
{
    public static bool Updating => Environment.GetEnvironmentVariable("PULSE_UPDATE_BASELINES") == "1";

    public static void AssertMatches(string relativePath, string actual)
    {
        var path = Path.Combine(TestPaths.Baselines, relativePath);
        actual = actual.Replace("\r\n", "\n");
        if (Updating)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"Missing baseline {path}; run the tests once with PULSE_UPDATE_BASELINES=1 to create it.");
        var expected = File.ReadAllText(path).Replace("\r\n", "\n");
        if (expected == actual) return;
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        var line = 0;
        while (line < Math.Min(expectedLines.Length, actualLines.Length) && expectedLines[line] == actualLines[line]) line++;
        Assert.Fail($"{relativePath} differs from its baseline at line {line + 1}:\n" +
                    $"  expected: {(line < expectedLines.Length ? expectedLines[line] : "<end>")}\n" +
                    $"  actual:   {(line < actualLines.Length ? actualLines[line] : "<end>")}\n" +
                    "Rerun with PULSE_UPDATE_BASELINES=1 if the change is intended.");
    }
}
