namespace Pulse.Lsp.Tests.Infrastructure;

/// <summary>
/// Golden files under tests/Lsp.Tests/Baselines. A test compares its output with the stored file;
/// with <c>PULSE_UPDATE_BASELINES=1</c> it rewrites the file instead (review the diff, then commit).
/// </summary>
public static class Baseline
{
    public static string PathOf(string relative) => Path.Combine(Repo.Root, "tests", "Lsp.Tests", "Baselines", relative);

    public static void Verify(string relative, string actual)
    {
        var path = PathOf(relative);
        if (Environment.GetEnvironmentVariable("PULSE_UPDATE_BASELINES") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"missing baseline {path}; run the tests with PULSE_UPDATE_BASELINES=1 to create it");
        var expected = File.ReadAllText(path);
        Assert.Equal(expected, actual);
    }
}
