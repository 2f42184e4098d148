using Pulse.Runtime.Tests.StreamingFixtures;

namespace Pulse.Runtime.Tests.Streaming;

/// <summary>The <c>test</c> blocks of the examples that feed streams, run through the speed layer's processor.</summary>
public class SpecTestsOnStreams
{
    [Fact]
    public void World_hunger_live_prices_window()
    {
        var source = StreamSpecs.FoodPrices();
        var run = new ProcessorHarness(source, StreamSpecs.LiveFoodPrices(source));
        run.Event("""{"market": "Kano", "country": "Nigeria", "commodity": "Maize", "price_usd": 0.40, "unit": "KG", "observed_at": "2024-06-01T10:05:00Z"}""")
           .Event("""{"market": "Kano", "country": "Nigeria", "commodity": "maize", "price_usd": 0.50, "unit": "kg", "observed_at": "2024-06-01T10:35:00Z"}""");
        Assert.Empty(run.Of("live_food_prices"));
        run.Watermark("2024-06-01T12:00:00Z");

        // window_start|window_end|market|commodity|avg_price|max_price|observations
        Assert.Equal(["2024-06-01T10:00Z|2024-06-01T11:00Z|Kano|maize|0.45000000|0.5000|2"], run.Of("live_food_prices"));
    }

    [Fact]
    public void Clickstream_sessions_split_after_idle()
    {
        var clicks = StreamSpecs.Clicks();
        var run = new ProcessorHarness(clicks, StreamSpecs.Visits(clicks));
        run.Event("""{"visitor_id": "v1", "page": "/", "referrer": null, "duration_ms": 1000, "ts": "2024-01-01T09:00:00Z"}""")
           .Event("""{"visitor_id": "v1", "page": "/docs/a", "referrer": "/", "duration_ms": 2000, "ts": "2024-01-01T09:10:00Z"}""")
           .Event("""{"visitor_id": "v1", "page": "/pricing", "referrer": null, "duration_ms": 500, "ts": "2024-01-01T10:00:00Z"}""")
           .Watermark("2024-01-01T12:00:00Z");

        // window_start|window_end|visitor_id|pages|distinct_pages|total_ms|first_page|last_page
        Assert.Equal(
        [
            "2024-01-01T09:00Z|2024-01-01T09:40Z|v1|2|2|3000|/|/docs/a",
            "2024-01-01T10:00Z|2024-01-01T10:30Z|v1|1|1|500|/pricing|/pricing",
        ], run.Of("visits"));
    }

    [Fact]
    public void Clickstream_trending_pages_counts_docs_and_home_views_per_ten_minutes_every_minute()
    {
        var clicks = StreamSpecs.Clicks();
        var run = new ProcessorHarness(clicks, StreamSpecs.TrendingPages(clicks));
        run.Event("""{"visitor_id": "v1", "page": "/Docs/A", "duration_ms": 10, "ts": "2024-01-01T09:00:30Z"}""")
           .Event("""{"visitor_id": "v2", "page": "/docs/a", "duration_ms": 10, "ts": "2024-01-01T09:01:10Z"}""")
           .Event("""{"visitor_id": "v2", "page": "/pricing", "duration_ms": 10, "ts": "2024-01-01T09:01:20Z"}""")
           .Event("""{"visitor_id": "v1", "page": "/docs/a", "duration_ms": 99999999, "ts": "2024-01-01T09:01:30Z"}""")
           .Watermark("2024-01-01T10:00:00Z");

        // 09:00:30 is in the windows starting 08:51..09:00, 09:01:10 in 08:52..09:01: ten and ten, nine shared.
        var rows = run.Of("trending_pages");
        Assert.Equal(11, rows.Count);
        Assert.Equal("2024-01-01T08:51Z|2024-01-01T09:01Z|/docs/a|1|1", rows[0]);
        Assert.Equal("2024-01-01T08:52Z|2024-01-01T09:02Z|/docs/a|2|2", rows[1]);
        Assert.Equal("2024-01-01T09:01Z|2024-01-01T09:11Z|/docs/a|1|1", rows[^1]);
        Assert.Equal(1, run.Processor.Counters.Dropped); // sane_duration drops the 99999999 ms view
    }
}
