using Pulse.Runtime.Testing;
using Pulse.Runtime.Tests.Fixtures;

namespace Pulse.Runtime.Tests.Testing;

/// <summary>
/// `pulse test` on a serving view: the batch rows (every given event) and the speed rows (what the speed
/// view emitted from the events, late ones left out) merged at the batch horizon, as `pulse run` does.
/// </summary>
public class ServingTestTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Two late events (after watermark 13:00, before 13:00 - 1h lateness) reach the batch layer only. The
    /// newest event time is 11:20, so the horizon is 11:00: the 10:00 window comes from the batch layer (3
    /// observations with the late one) and the 11:00 window from the speed layer (1 observation, without it).
    /// </summary>
    private static string Test(string name, string hour11) => $$"""
        test {{name}} {
          given food_prices {
            at timestamp("2024-06-01T10:05:00Z") { market: "Kano", country: "Nigeria", commodity: "maize", price_usd: 0.40, unit: "kg", observed_at: timestamp("2024-06-01T10:05:00Z") }
            at timestamp("2024-06-01T10:35:00Z") { market: "Kano", country: "Nigeria", commodity: "maize", price_usd: 0.50, unit: "kg", observed_at: timestamp("2024-06-01T10:35:00Z") }
            at timestamp("2024-06-01T11:10:00Z") { market: "Kano", country: "Nigeria", commodity: "maize", price_usd: 0.60, unit: "kg", observed_at: timestamp("2024-06-01T11:10:00Z") }
            watermark timestamp("2024-06-01T13:00:00Z")
            at timestamp("2024-06-01T13:01:00Z") { market: "Kano", country: "Nigeria", commodity: "maize", price_usd: 0.60, unit: "kg", observed_at: timestamp("2024-06-01T10:50:00Z") }
            at timestamp("2024-06-01T13:02:00Z") { market: "Kano", country: "Nigeria", commodity: "maize", price_usd: 2.00, unit: "kg", observed_at: timestamp("2024-06-01T11:20:00Z") }
          }
          expect food_prices_now {
            { market: "Kano", commodity: "maize", window_start: timestamp("2024-06-01T10:00:00Z"), window_end: timestamp("2024-06-01T11:00:00Z"), avg_price: 0.50, max_price: 0.60, observations: 3 }
            {{hour11}}
          }
        }
        """;

    private const string SpeedHour = """{ market: "Kano", commodity: "maize", window_start: timestamp("2024-06-01T11:00:00Z"), window_end: timestamp("2024-06-01T12:00:00Z"), avg_price: 0.60, max_price: 0.60, observations: 1 }""";
    private const string BatchHour = """{ market: "Kano", commodity: "maize", window_start: timestamp("2024-06-01T11:00:00Z"), window_end: timestamp("2024-06-01T12:00:00Z"), avg_price: 1.30, max_price: 2.00, observations: 2 }""";

    [Fact]
    public async Task A_serving_view_under_test_serves_batch_rows_before_the_horizon_and_speed_rows_after_it()
    {
        using var folder = new TempDir();
        var pipeline = SpecWithTests.Compile(folder, "world-hunger.pulse", extraTests: Test("serving_merges_both_layers", SpeedHour));
        var result = await PipelineTestRunner.RunAsync(pipeline, SpecWithTests.Test(pipeline, "serving_merges_both_layers"), Now);
        Assert.True(result.Passed, TestReportText.Describe(result));
    }

    [Fact]
    public async Task Expecting_the_batch_layers_row_after_the_horizon_fails_with_a_diff_naming_the_columns()
    {
        using var folder = new TempDir();
        var pipeline = SpecWithTests.Compile(folder, "world-hunger.pulse", extraTests: Test("serving_expects_batch_after_horizon", BatchHour));
        var result = await PipelineTestRunner.RunAsync(pipeline, SpecWithTests.Test(pipeline, "serving_expects_batch_after_horizon"), Now);

        var outcome = Assert.Single(result.Outcomes);
        Assert.False(outcome.Passed);
        Assert.Null(outcome.Error);
        Assert.Contains(new DiffCell("observations", "2"), Assert.Single(outcome.Missing).Cells);
        var produced = Assert.Single(outcome.Unexpected);
        Assert.Contains(new DiffCell("observations", "1"), produced.Cells);
        Assert.Contains(new DiffCell("window_start", "\"2024-06-01T11:00:00Z\""), produced.Cells);
        var text = TestReportText.Describe(result);
        Assert.Contains("observations: expected 2, actual 1", text);
        Assert.Contains("max_price: expected 2.0000, actual 0.6000", text);
    }

    [Fact]
    public async Task A_serving_view_over_a_rollup_speed_view_merges_the_rollups_rows()
    {
        using var folder = new TempDir();
        // A daily serving view: the batch side rolls up the batch hours, the speed side the live hours.
        var pipeline = SpecWithTests.Compile(folder, "world-hunger.pulse", extraTests: """
            batch view daily_batch {
              from hourly_food_prices
              window tumbling 1d on window_start
              group by market, commodity { observations = sum(observations) }
            }
            speed view daily_live {
              from live_food_prices
              window tumbling 1d on window_start
              group by market, commodity { observations = sum(observations) }
              retain 36h
            }
            serving view daily_now {
              batch daily_batch
              speed daily_live
              key market, commodity, window_start
              time window_start
            }
            test daily_serving {
              given food_prices {
                at timestamp("2024-06-01T10:05:00Z") { market: "Kano", country: "Nigeria", commodity: "maize", price_usd: 0.40, unit: "kg", observed_at: timestamp("2024-06-01T10:05:00Z") }
                at timestamp("2024-06-02T09:00:00Z") { market: "Kano", country: "Nigeria", commodity: "maize", price_usd: 0.50, unit: "kg", observed_at: timestamp("2024-06-02T09:00:00Z") }
                at timestamp("2024-06-02T09:30:00Z") { market: "Kano", country: "Nigeria", commodity: "maize", price_usd: 0.50, unit: "kg", observed_at: timestamp("2024-06-02T09:30:00Z") }
                watermark timestamp("2024-06-03T02:00:00Z")
                at timestamp("2024-06-03T02:01:00Z") { market: "Kano", country: "Nigeria", commodity: "maize", price_usd: 0.70, unit: "kg", observed_at: timestamp("2024-06-02T10:00:00Z") }
              }
              expect daily_live {
                { market: "Kano", commodity: "maize", window_start: timestamp("2024-06-01T00:00:00Z"), window_end: timestamp("2024-06-02T00:00:00Z"), observations: 1 }
                { market: "Kano", commodity: "maize", window_start: timestamp("2024-06-02T00:00:00Z"), window_end: timestamp("2024-06-03T00:00:00Z"), observations: 2 }
              }
              expect daily_now {
                { market: "Kano", commodity: "maize", window_start: timestamp("2024-06-01T00:00:00Z"), window_end: timestamp("2024-06-02T00:00:00Z"), observations: 1 }
                { market: "Kano", commodity: "maize", window_start: timestamp("2024-06-02T00:00:00Z"), window_end: timestamp("2024-06-03T00:00:00Z"), observations: 2 }
              }
            }
            """);
        var result = await PipelineTestRunner.RunAsync(pipeline, SpecWithTests.Test(pipeline, "daily_serving"), Now);
        Assert.True(result.Passed, TestReportText.Describe(result));
    }
}
