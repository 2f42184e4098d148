using System.Globalization;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Tests.Fixtures;

namespace Pulse.Runtime.Tests.Batch;

/// <summary>The disasters part of world-hunger on the real data, checked against values computed here from the CSV.</summary>
public sealed class WorldHungerSubsetTests : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    private sealed record Disaster(string Entity, int Year, long Deaths);

    /// <summary>The CSV parsed by hand (it has no quoted fields), with the spec's cleaning applied in plain C#.</summary>
    private static List<Disaster> CleanedByHand() =>
        File.ReadAllLines(Path.Combine(Repo.PipelinesDirectory, "data", "disasters.csv")).Skip(1)
            .Select(line => line.Split(','))
            .Select(f => new Disaster(f[0].Trim(), int.Parse(f[1], CultureInfo.InvariantCulture),
                f[2] is "" or "NA" ? 0 : long.Parse(f[2], CultureInfo.InvariantCulture)))
            .Where(d => d.Entity != "All natural disasters")
            .ToList();

    [Fact]
    public async Task Disasters_source_and_decade_view_match_an_independent_computation()
    {
        var pipeline = WorldHungerIr.Pipeline(Repo.PipelinesDirectory);
        var report = await PipelineRunner.RunBatchAsync(pipeline, new RunOptions { StateDirectory = temp.State, Now = new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero) });

        Assert.Null(report.Error);
        Assert.Equal(RunStatus.Succeeded, report.Status);
        var expected = CleanedByHand();
        var source = report.Source("disasters")!;
        var dataLines = File.ReadAllLines(Path.Combine(Repo.PipelinesDirectory, "data", "disasters.csv")).Length - 1;
        Assert.Equal(dataLines, source.Read);
        Assert.Equal(117, source.Dropped);
        Assert.Equal(expected.Count, source.Kept);
        Assert.Equal(0, source.Quarantined);
        Assert.Equal(source.Read, source.Kept + source.Dropped + source.Quarantined);
        Assert.Equal(117, source.Rules.Single(r => r.Rule == "drop where entity == \"All natural disasters\"").Dropped);

        var decades = expected.GroupBy(d => (d.Entity, Decade: d.Year - d.Year % 10))
            .Select(g => (g.Key.Entity, g.Key.Decade, Deaths: g.Sum(d => d.Deaths), Years: g.LongCount(), Worst: g.Max(d => d.Deaths)))
            .OrderByDescending(g => g.Decade).ThenByDescending(g => g.Deaths).ThenBy(g => g.Entity, StringComparer.Ordinal)
            .Select(g => $"{g.Entity}|{g.Decade}|{g.Deaths}|{g.Years}|{g.Worst}")
            .ToList();
        var actual = StateQuery.Rows(temp.State, "SELECT * FROM views.disaster_decades");
        Assert.Equal(decades, actual);
        Assert.Equal(decades.Count, report.View("disaster_decades")!.Rows);
        Assert.Contains("Earthquake|1900|", string.Join("\n", actual));
    }
}
