using System.Text;

namespace Pulse.Targets.Tests.Fixtures;

/// <summary>
/// Golden-file comparison. With <c>PULSE_UPDATE_BASELINES=1</c> the expected file is rewritten from
/// the actual output instead (then review the diff with git).
/// </summary>
public static class Baseline
{
    public static bool Updating => Environment.GetEnvironmentVariable("PULSE_UPDATE_BASELINES") == "1";

    public static void Match(string relativePath, string actual)
    {
        var path = Path.Combine(RepoPaths.Baselines, relativePath.Replace('/', Path.DirectorySeparatorChar));
        if (Updating)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual, new UTF8Encoding(false));
            return;
        }
        Assert.True(File.Exists(path), $"missing baseline {relativePath}; run the tests with PULSE_UPDATE_BASELINES=1 to create it");
        var expected = File.ReadAllText(path, Encoding.UTF8);
        if (expected == actual) return;
        var lines = (Expected: expected.Split('\n'), Actual: actual.Split('\n'));
        var first = Enumerable.Range(0, Math.Min(lines.Expected.Length, lines.Actual.Length)).FirstOrDefault(i => lines.Expected[i] != lines.Actual[i], -1);
        var at = first < 0 ? Math.Min(lines.Expected.Length, lines.Actual.Length) : first;
        Assert.Fail($"{relativePath} differs from its baseline at line {at + 1}:\n" +
                    $"  expected: {(at < lines.Expected.Length ? lines.Expected[at] : "<end of file>")}\n" +
                    $"  actual:   {(at < lines.Actual.Length ? lines.Actual[at] : "<end of file>")}\n" +
                    "If the change is intended, run with PULSE_UPDATE_BASELINES=1 and review the diff.");
    }

    /// <summary>Baseline files under <paramref name="folder"/> that no current output produced (a target stopped emitting them).</summary>
    public static IEnumerable<string> Stale(string folder, IEnumerable<string> produced)
    {
        var root = Path.Combine(RepoPaths.Baselines, folder);
        if (!Directory.Exists(root)) return [];
        var set = produced.ToHashSet(StringComparer.Ordinal);
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepoPaths.Baselines, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !set.Contains(f)).Order(StringComparer.Ordinal);
    }
}
