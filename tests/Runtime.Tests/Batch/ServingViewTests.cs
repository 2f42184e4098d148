using Pulse.Compiler.Ir;
using Pulse.Runtime.Batch;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Tests.Fixtures;
using static Pulse.Runtime.Tests.Fixtures.E;

namespace Pulse.Runtime.Tests.Batch;

public sealed class ServingViewTests : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    private static DateTime At(int hour, int minute = 0) => new(2024, 6, 1, hour, minute, 0, DateTimeKind.Utc);

    private sealed class FakeSpeed(Dictionary<string, object?[][]> rows) : ISpeedResults
    {
        public IEnumerable<object?[]>? Rows(ViewIr speedView) => rows.TryGetValue(speedView.Name, out var r) ? r : null;
    }

    private PipelineIr Pipeline()
    {
        temp.Write("prices.ndjson", string.Join("\n",
            """{"market": "m1", "price": 1, "t": "2024-06-01T10:05:00Z"}""",
            """{"market": "m1", "price": 3, "t": "2024-06-01T10:35:00Z"}""",
            """{"market": "m1", "price": 5, "t": "2024-06-01T11:10:00Z"}""",
            """{"market": "m1", "price": 7, "t": "2024-06-01T12:20:00Z"}"""));
        var prices = SourceBuilder.Kafka("prices", "prices.ndjson").Field("market", Text).Field("price", Real).Field("t", Timestamp).Build();
        RelNode Hourly() => R.GroupBy(R.Scan(prices), [("market", Col("market", Text))],
            [R.Avg("avg_price", Col("price", Real)), R.Count("observations")], R.Tumbling("t", TimeSpan.FromHours(1)));
        var batch = R.Batch("hourly", Hourly());
        var speed = R.Speed("live", Hourly());
        var serving = R.Serving("prices_now", R.ServeMerge(batch, speed, ["market", "window_start"], "window_start"));
        return new PipelineBuilder("p", temp.Path).Source(prices).View(batch).View(speed).View(serving).Build();
    }

    private const string Query = "SELECT strftime(window_start, '%H:%M'), market, avg_price, observations FROM views.prices_now ORDER BY window_start";

    [Fact]
    public async Task Batch_rows_before_the_horizon_and_speed_rows_after_it_are_served()
    {
        // Newest event 12:20, window 1h: the horizon is 12:00. The speed layer's 11:00 row loses to the batch row.
        var speed = new FakeSpeed(new()
        {
            ["live"] =
            [
                [At(11), At(12), "m1", 99.0, 99L],
                [At(12), At(13), "m1", 6.5, 2L],
                [At(13), At(14), "m1", 8.0, 1L],
            ],
        });
        var report = await Runs.Succeed(Pipeline(), temp, new RunOptions { SpeedResults = speed });

        Assert.Equal(["10:00|m1|2|2", "11:00|m1|5|1", "12:00|m1|6.5|2", "13:00|m1|8|1"], StateQuery.Rows(temp.State, Query));
        Assert.Equal(4, report.View("prices_now")!.Rows);
        Assert.DoesNotContain(report.Views, v => v.Name == "live");
        Assert.Equal(3, report.View("hourly")!.Rows);
    }

    [Fact]
    public async Task Without_speed_results_the_serving_view_holds_batch_rows_up_to_the_horizon_and_warns()
    {
        var report = await Runs.Succeed(Pipeline(), temp);

        Assert.Equal(["10:00|m1|2|2", "11:00|m1|5|1"], StateQuery.Rows(temp.State, Query));
        Assert.Contains(report.Warnings, w => w.Code == RuntimeCodes.SpeedResultsMissing && w.Message.Contains("live"));
    }
}
