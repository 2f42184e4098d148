using Pulse.Compiler.Ir;
using Pulse.Runtime.Streaming;
using Pulse.Runtime.Tests.Fixtures;
using Pulse.Runtime.Tests.StreamingFixtures;

namespace Pulse.Runtime.Tests.Streaming;

/// <summary>The real examples, compiled and lowered by the front end, run by the speed layer.</summary>
public sealed class ExampleSpecTests : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("world-hunger.pulse", "live_prices_window")]
    [InlineData("clickstream.pulse", "sessions_split_after_idle")]
    public void The_specs_stream_tests_pass(string file, string test)
    {
        var pipeline = Examples.Lower(file);
        var outcomes = SpeedTestRunner.Run(pipeline, pipeline.Tests.Single(t => t.Name == test), Runs.Now.UtcDateTime);
        Assert.NotEmpty(outcomes);
        Assert.All(outcomes, o => Assert.True(o.Passed, $"{o.View}: missing {string.Join("; ", o.Missing)}; unexpected {string.Join("; ", o.Unexpected)}"));
    }

    [Fact]
    public void A_wrong_expectation_is_reported_with_the_rows_that_differ()
    {
        var pipeline = Examples.Lower("world-hunger.pulse");
        var test = pipeline.Tests.Single(t => t.Name == "live_prices_window");
        var expected = test.Expected.Single();
        var row = expected.Rows[0];
        var wrong = row with { Values = row.Values.SetItem("observations", new LiteralExpr(Pulse.Compiler.Types.PulseType.Long, "3")) };
        var broken = test with { Expected = [expected with { Rows = [wrong] }] };

        var outcome = Assert.Single(SpeedTestRunner.Run(pipeline, broken, Runs.Now.UtcDateTime));

        Assert.False(outcome.Passed);
        Assert.Contains("observations: 3", Assert.Single(outcome.Missing));
        Assert.Contains("observations: 2", Assert.Single(outcome.Unexpected));
    }

    [Fact]
    public async Task World_hunger_live_food_prices_equals_hourly_food_prices_over_the_events_that_were_not_late()
    {
        var pipeline = Examples.Lower("world-hunger.pulse");
        var capture = new CapturingSink();
        var result = await SpeedLayerRunner.RunAsync(pipeline, new SpeedRunOptions { ExtraSinks = [capture], Now = Runs.Now });
        Assert.True(result.Error is null, result.Error?.ToString());

        var late = capture.Quarantined.Where(q => q.Rule == "_late").Select(q => q.Event).ToList();
        Assert.NotEmpty(late);
        var lines = File.ReadAllLines(Path.Combine(Repo.PipelinesDirectory, "data", "food_prices.ndjson")).Where(l => l.Trim().Length > 0);
        var batch = await BatchOracle.RowsAsync(pipeline.FindSource("food_prices")!, pipeline.FindView("hourly_food_prices")!, BatchOracle.Without(lines, late), temp);
        var speed = capture.Rows("live_food_prices");
        Assert.Equal(batch.Count, speed.Count);
        Assert.Equal(batch.Order(StringComparer.Ordinal), speed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Clickstream_runs_locally_and_writes_visits_to_its_kafka_topic()
    {
        var pipeline = Examples.Lower("clickstream.pulse");
        var result = await SpeedLayerRunner.RunAsync(pipeline, new SpeedRunOptions { Now = Runs.Now });
        Assert.True(result.Error is null, result.Error?.ToString());
        var clicks = result.Source("clicks")!;
        Assert.Equal(clicks.Read, clicks.Malformed + clicks.Kept + clicks.Dropped + clicks.Quarantined);
        Assert.True(result.View("visits")!.RowsEmitted > 0);
        Assert.True(result.View("trending_pages")!.RowsEmitted > 0);
        // trending_files is a parquet sink: not written by the local speed layer, and said so.
        Assert.Contains(result.Warnings, w => w.Code == SpeedCodes.SinkSkipped && w.Message.Contains("trending_files"));
        Assert.DoesNotContain(result.Warnings, w => w.Message.Contains("visits_topic"));
    }

    [Fact]
    public async Task The_batch_layers_serving_view_merges_the_speed_layers_results()
    {
        var pipeline = Examples.Lower("world-hunger.pulse");
        var speed = await SpeedLayerRunner.RunAsync(pipeline, new SpeedRunOptions { Now = Runs.Now });
        Assert.True(speed.Error is null, speed.Error?.ToString());

        var batch = await Runs.Batch(pipeline, temp, new Pulse.Runtime.Execution.RunOptions { SpeedResults = speed.Results, WriteSinks = false });

        Assert.True(batch.Error is null, batch.Error?.ToString());
        Assert.DoesNotContain(batch.Warnings, w => w.Code == Pulse.Runtime.Execution.RuntimeCodes.SpeedResultsMissing);
        var live = speed.Results.Rows("live_food_prices")!.Select(RowText.Of).ToList();
        var newest = live.Select(r => r[..17]).Max(StringComparer.Ordinal)!; // window_start, e.g. 2024-06-02T23:00Z
        var served = StateQuery.Rows(temp.State, "SELECT * FROM views.food_prices_now");
        Assert.NotEmpty(served);
        // The newest hour is still open for the batch layer: it is served from the speed layer's rows.
        var speedNewest = live.Count(r => r.StartsWith(newest, StringComparison.Ordinal));
        Assert.True(speedNewest > 0);
        Assert.Equal(speedNewest, served.Count(r => r.StartsWith(newest.Replace("Z", ""), StringComparison.Ordinal)));
    }
}
