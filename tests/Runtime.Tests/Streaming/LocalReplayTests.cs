using Pulse.Compiler.Ir;
using Pulse.Runtime.Streaming;
using Pulse.Runtime.Tests.Fixtures;
using Pulse.Runtime.Tests.StreamingFixtures;
using Xunit.Abstractions;

namespace Pulse.Runtime.Tests.Streaming;

/// <summary>
/// <c>pulse run</c>'s local stream: the replay file goes into the in-process mock Kafka and is read back
/// through the production consumer path. The speed layer's windows are checked against the batch layer
/// (DuckDB) computing the same view over the events the speed layer did not find late.
/// </summary>
public sealed class LocalReplayTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    private static List<string> ReplayLines(string file) =>
        [.. File.ReadAllLines(Path.Combine(Repo.PipelinesDirectory, "data", file)).Where(l => !string.IsNullOrWhiteSpace(l))];

    [Fact]
    public async Task World_hunger_live_prices_agree_with_the_batch_layer_on_every_window()
    {
        var capture = new CapturingSink();
        var pipeline = StreamSpecs.WorldHungerStream(Repo.PipelinesDirectory);
        var events = new List<SpeedEvent>();
        var result = await SpeedLayerRunner.RunAsync(pipeline, new SpeedRunOptions { ExtraSinks = [capture], Now = new DateTimeOffset(2024, 6, 3, 0, 0, 0, TimeSpan.Zero) },
            new Progress<SpeedEvent>(events.Add));

        Assert.True(result.Error is null, result.Error?.ToString());
        var lines = ReplayLines("food_prices.ndjson");
        var source = result.Source("food_prices")!;
        Assert.Equal(lines.Count, source.Read);
        Assert.Equal(lines.Count, source.Replayed);
        Assert.Equal(source.Read, source.Malformed + source.Kept + source.Dropped + source.Quarantined);
        Assert.True(source.Quarantined > 0 && source.Kept > 5000, $"kept {source.Kept}, quarantined {source.Quarantined}");
        Assert.Equal("whole topic", source.Partitioning); // market is trimmed, so a market's events may sit in two partitions
        Assert.Equal(source.Partitions, source.CommittedOffsets.Count);
        Assert.Equal(lines.Count, source.CommittedOffsets.Values.Sum());

        var view = result.View("live_food_prices")!;
        var late = capture.Quarantined.Where(q => q.Rule == "_late").ToList();
        Assert.Equal(view.LateQuarantined, late.Count);
        Assert.True(late.Count > 0, "the replay holds late readings");
        Assert.Equal(0, view.OpenWindows);
        var rows = capture.Rows("live_food_prices");
        Assert.Equal(view.RowsEmitted, rows.Count);

        var oracle = await BatchOracle.RowsAsync(StreamSpecs.FoodPrices(), pipeline.FindView("live_food_prices")!,
            BatchOracle.Without(lines, late.Select(q => q.Event)), temp);
        Assert.Equal(oracle.Order(StringComparer.Ordinal), rows.Order(StringComparer.Ordinal));

        // Every quarantined event is there with its reason, and the rule counts match the source's.
        Assert.Equal(source.Quarantined + source.Malformed, capture.Quarantined.Count - late.Count);
        Assert.All(capture.Quarantined, q => Assert.False(string.IsNullOrEmpty(q.Reason)));
        var json = result.ToJson();
        Assert.Contains("\"name\": \"live_food_prices\"", json);
        Assert.Contains("\"lateQuarantined\": " + view.LateQuarantined, json);
        output.WriteLine($"read {source.Read}, kept {source.Kept}, quarantined {source.Quarantined}, malformed {source.Malformed}, late {late.Count}, windows {rows.Count}, {result.Seconds:F2}s");
    }

    [Fact]
    public async Task Clickstream_sessions_and_hopping_windows_agree_with_the_batch_layer()
    {
        var clicks = StreamSpecs.Clicks();
        // Quarantine late events (instead of the spec's drop) only to learn which ones were late; windows are unaffected.
        var visits = StreamSpecs.Visits(clicks) is var v ? v with { Streaming = v.Streaming! with { Late = LatePolicy.Quarantine } } : null!;
        var trending = StreamSpecs.TrendingPages(clicks) is var t ? t with { Streaming = t.Streaming! with { Late = LatePolicy.Quarantine } } : null!;
        var pipeline = new PipelineBuilder("clickstream", Repo.PipelinesDirectory)
            .Connection("bus", ConnectionKind.Kafka, embedded: true, ("brokers", new Pulse.Compiler.Ir.EnvSetting("KAFKA_BROKERS")))
            .Source(clicks).View(visits).View(trending).Build();
        var capture = new CapturingSink();

        var result = await SpeedLayerRunner.RunAsync(pipeline, new SpeedRunOptions { ExtraSinks = [capture] });

        Assert.True(result.Error is null, result.Error?.ToString());
        var lines = ReplayLines("clicks.ndjson");
        foreach (var view in new[] { visits, trending })
        {
            var late = capture.Quarantined.Where(q => q.Rule == "_late" && q.View == view.Name).Select(q => q.Event);
            var oracle = await BatchOracle.RowsAsync(clicks, view, BatchOracle.Without(lines, late), temp);
            var rows = capture.Rows(view.Name);
            Assert.NotEmpty(rows);
            Assert.Equal(oracle.Order(StringComparer.Ordinal), rows.Order(StringComparer.Ordinal));
        }
        var source = result.Source("clicks")!;
        Assert.Equal(lines.Count, source.Read);
        Assert.Equal(source.Read, source.Malformed + source.Kept + source.Dropped + source.Quarantined);
    }

    [Fact]
    public async Task A_missing_replay_file_fails_with_the_sources_position_code_and_a_hint()
    {
        var source = StreamSpecs.FoodPrices("data/nope.ndjson");
        var pipeline = new PipelineBuilder("p", Repo.PipelinesDirectory)
            .Connection("events", ConnectionKind.Kafka, embedded: true).Source(source).View(StreamSpecs.LiveFoodPrices(source)).Build();

        var result = await SpeedLayerRunner.RunAsync(pipeline);

        Assert.Equal(SpeedRunStatus.Failed, result.Status);
        Assert.Equal(SpeedCodes.ReplayMissing, result.Error!.Code);
        Assert.Equal(("test.pulse", 1), (result.Error.File, result.Error.Line));
        Assert.Contains("data/nope.ndjson", result.Error.Message);
        Assert.NotNull(result.Error.Hint);
    }

    [Fact]
    public async Task A_speed_view_with_a_join_is_refused_with_a_clear_error()
    {
        var source = StreamSpecs.FoodPrices();
        var scan = R.Scan(source);
        var joined = R.Join(scan, scan, JoinKind.Inner, E.Boolean(true), [("market", JoinSide.Left, "market")]);
        var view = StreamSpecs.Speed("joined", joined, source);
        var pipeline = new PipelineBuilder("p", Repo.PipelinesDirectory)
            .Connection("events", ConnectionKind.Kafka, embedded: true).Source(source).View(view).Build();

        var result = await SpeedLayerRunner.RunAsync(pipeline);

        Assert.Equal(SpeedRunStatus.Failed, result.Status);
        Assert.Equal(SpeedCodes.UnsupportedView, result.Error!.Code);
        Assert.Contains("speed view joined cannot run: a join step cannot run on a stream", result.Error.Message);
    }

    [Fact]
    public async Task Serving_views_read_the_speed_results_of_the_run_within_the_retention()
    {
        var pipeline = StreamSpecs.WorldHungerStream(Repo.PipelinesDirectory, retain: TimeSpan.FromHours(6));
        var result = await SpeedLayerRunner.RunAsync(pipeline);
        var all = result.Results.Rows(pipeline.FindView("live_food_prices")!)!.ToList();
        Assert.NotEmpty(all);
        var newest = all.Max(r => (DateTime)r[1]!);
        Assert.All(all, r => Assert.True((DateTime)r[1]! >= newest.AddHours(-7), "rows older than the retention are let go"));
        Assert.True(result.View("live_food_prices")!.RowsEmitted > all.Count);
    }
}
