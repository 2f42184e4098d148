using Pulse.Runtime.Testing;
using Pulse.Runtime.Tests.Fixtures;

namespace Pulse.Runtime.Tests.Testing;

/// <summary>Stream tests: events through the speed path (late and duplicate events), and events as a batch view's input.</summary>
public class StreamTestTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_late_event_behind_the_closed_window_does_not_change_it()
    {
        using var folder = new TempDir();
        // The 10:00-11:00 window closes at watermark 12:00 (lateness 1h); the 10:20 event arriving after it is late.
        var pipeline = SpecWithTests.Compile(folder, "world-hunger.pulse", extraTests: """
            test late_price_is_not_counted {
              given food_prices {
                at timestamp("2024-06-01T10:05:00Z") { market: "Kano", country: "Nigeria", commodity: "maize", price_usd: 0.40, unit: "kg", observed_at: timestamp("2024-06-01T10:05:00Z") }
                watermark timestamp("2024-06-01T12:00:00Z")
                at timestamp("2024-06-01T12:01:00Z") { market: "Kano", country: "Nigeria", commodity: "maize", price_usd: 0.90, unit: "kg", observed_at: timestamp("2024-06-01T10:20:00Z") }
                watermark timestamp("2024-06-01T14:00:00Z")
              }
              expect live_food_prices {
                { market: "Kano", commodity: "maize", window_start: timestamp("2024-06-01T10:00:00Z"), window_end: timestamp("2024-06-01T11:00:00Z"), avg_price: 0.40, max_price: 0.40, observations: 1 }
              }
            }
            """);
        var result = await PipelineTestRunner.RunAsync(pipeline, SpecWithTests.Test(pipeline, "late_price_is_not_counted"), Now);
        Assert.True(result.Passed, TestReportText.Describe(result));
    }

    [Fact]
    public async Task A_late_event_counted_by_mistake_fails_the_test_with_a_diff()
    {
        using var folder = new TempDir();
        var pipeline = SpecWithTests.Compile(folder, "world-hunger.pulse", extraTests: """
            test late_price_wrongly_expected {
              given food_prices {
                at timestamp("2024-06-01T10:05:00Z") { market: "Kano", country: "Nigeria", commodity: "maize", price_usd: 0.40, unit: "kg", observed_at: timestamp("2024-06-01T10:05:00Z") }
                watermark timestamp("2024-06-01T12:00:00Z")
                at timestamp("2024-06-01T12:01:00Z") { market: "Kano", country: "Nigeria", commodity: "maize", price_usd: 0.90, unit: "kg", observed_at: timestamp("2024-06-01T10:20:00Z") }
                watermark timestamp("2024-06-01T14:00:00Z")
              }
              expect live_food_prices {
                { market: "Kano", commodity: "maize", window_start: timestamp("2024-06-01T10:00:00Z"), window_end: timestamp("2024-06-01T11:00:00Z"), avg_price: 0.40, max_price: 0.40, observations: 2 }
              }
            }
            """);
        var result = await PipelineTestRunner.RunAsync(pipeline, SpecWithTests.Test(pipeline, "late_price_wrongly_expected"), Now);
        var outcome = Assert.Single(result.Outcomes);
        Assert.False(outcome.Passed);
        Assert.Contains(new DiffCell("observations", "2"), Assert.Single(outcome.Missing).Cells);
        Assert.Contains(new DiffCell("observations", "1"), Assert.Single(outcome.Unexpected).Cells);
        Assert.Contains("observations: expected 2, actual 1", TestReportText.Describe(result));
    }

    [Fact]
    public async Task A_duplicate_event_is_counted_twice_because_the_stream_declares_no_dedupe()
    {
        using var folder = new TempDir();
        var pipeline = SpecWithTests.Compile(folder, "clickstream.pulse", extraTests: """
            test duplicate_click {
              given clicks {
                at timestamp("2024-01-01T09:00:00Z") { visitor_id: "v1", page: "/", referrer: null, duration_ms: 1000, ts: timestamp("2024-01-01T09:00:00Z") }
                at timestamp("2024-01-01T09:00:01Z") { visitor_id: "v1", page: "/", referrer: null, duration_ms: 1000, ts: timestamp("2024-01-01T09:00:00Z") }
                watermark timestamp("2024-01-01T12:00:00Z")
              }
              expect visits {
                { visitor_id: "v1", window_start: timestamp("2024-01-01T09:00:00Z"), window_end: timestamp("2024-01-01T09:30:00Z"), pages: 2, distinct_pages: 1, total_ms: 2000, first_page: "/", last_page: "/" }
              }
            }
            """);
        var result = await PipelineTestRunner.RunAsync(pipeline, SpecWithTests.Test(pipeline, "duplicate_click"), Now);
        Assert.True(result.Passed, TestReportText.Describe(result));
    }

    [Fact]
    public async Task Events_of_a_stream_are_the_input_of_a_batch_view_over_it_and_are_cleaned()
    {
        using var folder = new TempDir();
        // The "lb" price fails per_kilogram and is quarantined; the batch view sees the two kilogram prices.
        var pipeline = SpecWithTests.Compile(folder, "world-hunger.pulse", extraTests: """
            test hourly_prices_from_events {
              given food_prices {
                at timestamp("2024-06-01T10:05:00Z") { market: "Kano", country: "Nigeria", commodity: "Maize", price_usd: 0.40, unit: "KG", observed_at: timestamp("2024-06-01T10:05:00Z") }
                at timestamp("2024-06-01T10:35:00Z") { market: "Kano", country: "Nigeria", commodity: "maize", price_usd: 0.50, unit: "kg", observed_at: timestamp("2024-06-01T10:35:00Z") }
                at timestamp("2024-06-01T10:40:00Z") { market: "Kano", country: "Nigeria", commodity: "maize", price_usd: 9.00, unit: "lb", observed_at: timestamp("2024-06-01T10:40:00Z") }
              }
              expect hourly_food_prices {
                { market: "Kano", commodity: "maize", window_start: timestamp("2024-06-01T10:00:00Z"), window_end: timestamp("2024-06-01T11:00:00Z"), avg_price: 0.45, max_price: 0.50, observations: 2 }
              }
            }
            """);
        var result = await PipelineTestRunner.RunAsync(pipeline, SpecWithTests.Test(pipeline, "hourly_prices_from_events"), Now);
        Assert.True(result.Passed, TestReportText.Describe(result));
    }
}
