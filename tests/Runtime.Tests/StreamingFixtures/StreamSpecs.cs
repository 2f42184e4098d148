using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Runtime.Tests.Fixtures;

namespace Pulse.Runtime.Tests.StreamingFixtures;

/// <summary>
/// The examples' streams lowered by hand (world-hunger's food_prices and live_food_prices, clickstream's
/// clicks, visits and trending_pages) plus a small generic stream for window tests. Types follow the
/// function catalog (avg of decimal(p, s) is decimal(p + 4, s + 4), count is long).
/// </summary>
public static class StreamSpecs
{
    private static readonly Origin O = new("spec.pulse", 1, 1, 0, 0);

    public static ViewIr Speed(string name, RelNode root, SourceIr source, LatePolicy late = LatePolicy.Batch, TimeSpan? retain = null) =>
        new(name, ViewLayer.Speed, root, null,
            new StreamingIr(source.Name, source.Options.EventTimeField ?? "", source.Options.Watermark ?? TimeSpan.Zero,
                source.Options.Lateness ?? TimeSpan.Zero, late, retain ?? TimeSpan.FromDays(3650)), null, O);

    public static SourceIr FoodPrices(string? replay = "data/food_prices.ndjson")
    {
        var b = SourceBuilder.Kafka("food_prices", replay!).With(o => o with
        {
            Connection = "events", Topic = "food-prices", KeyField = "market", EventTimeField = "observed_at",
            Watermark = TimeSpan.FromMinutes(5), Lateness = TimeSpan.FromHours(1),
        })
            .Field("market", E.Text).Field("country", E.Text).Field("commodity", E.Text).Field("price_usd", E.Decimal(10, 4))
            .Field("unit", E.Text).Field("observed_at", E.Timestamp)
            .Trim("market", "commodity").Lower("commodity", "unit");
        b.ExpectRow("positive_price", E.Gt(b.Col("price_usd"), E.Int32(0)), ViolationAction.Quarantine);
        b.ExpectRow("per_kilogram", E.Eq(b.Col("unit"), E.Str("kg")), ViolationAction.Quarantine);
        return b.Build();
    }

    public static AggregateNode HourlyPrices(SourceIr foodPrices)
    {
        var scan = R.Scan(foodPrices);
        var price = E.Col("price_usd", E.Decimal(10, 4));
        return R.GroupBy(scan, [("market", E.Col("market", E.Text)), ("commodity", E.Col("commodity", E.Text))],
        [
            new AggregateExpr("avg_price", AggregateFunction.Avg, price, PulseType.Decimal(14, 8).AsNullable()),
            new AggregateExpr("max_price", AggregateFunction.Max, price, PulseType.Decimal(10, 4).AsNullable()),
            R.Count("observations"),
        ], R.Tumbling("observed_at", TimeSpan.FromHours(1)));
    }

    public static ViewIr LiveFoodPrices(SourceIr foodPrices, LatePolicy late = LatePolicy.Quarantine, TimeSpan? retain = null) =>
        Speed("live_food_prices", HourlyPrices(foodPrices), foodPrices, late, retain ?? TimeSpan.FromHours(36));

    public static PipelineIr WorldHungerStream(string baseDirectory, LatePolicy late = LatePolicy.Quarantine, TimeSpan? retain = null,
        params SinkIr[] sinks)
    {
        var source = FoodPrices();
        var builder = new PipelineBuilder("world_hunger", baseDirectory)
            .Connection("events", ConnectionKind.Kafka, embedded: true, ("brokers", new EnvSetting("PULSE_KAFKA_BROKERS")))
            .Source(source)
            .View(LiveFoodPrices(source, late, retain));
        foreach (var sink in sinks) builder.Sink(sink);
        return builder.Build();
    }

    public static SourceIr Clicks()
    {
        var b = SourceBuilder.Kafka("clicks", "data/clicks.ndjson").With(o => o with
        {
            Connection = "bus", Topic = "page-views", KeyField = "visitor_id", EventTimeField = "ts",
            Watermark = TimeSpan.FromSeconds(30), Lateness = TimeSpan.FromMinutes(2),
        })
            .Field("visitor_id", E.Text).Field("page", E.Text).Field("referrer", E.N(E.Text)).Field("duration_ms", E.N(E.Int)).Field("ts", E.Timestamp)
            .Lower("page").Fill(E.Int32(0), "duration_ms");
        var page = b.Col("page");
        b.Derive("section", new CaseExpr(E.Text,
            [new WhenClause(E.Eq(page, E.Str("/")), E.Str("home")), new WhenClause(E.Call("regex_match", E.Bool, page, E.Str("^/docs")), E.Str("docs"))],
            E.Str("other")));
        b.ExpectRow("sane_duration", E.Between(b.Col("duration_ms"), E.Int32(0), E.Int32(3600000)), ViolationAction.Drop);
        return b.Build();
    }

    public static ViewIr Visits(SourceIr clicks)
    {
        var scan = R.Scan(clicks);
        var page = E.Col("page", E.Text);
        return Speed("visits", R.GroupBy(scan, [("visitor_id", E.Col("visitor_id", E.Text))],
        [
            R.Count("pages"), R.CountDistinct("distinct_pages", page),
            new AggregateExpr("total_ms", AggregateFunction.Sum, E.Col("duration_ms", E.Int), PulseType.Long.AsNullable()),
            R.First("first_page", page), R.Last("last_page", page),
        ], R.Session("ts", TimeSpan.FromMinutes(30))), clicks, LatePolicy.Drop, TimeSpan.FromHours(2));
    }

    public static ViewIr TrendingPages(SourceIr clicks)
    {
        var filtered = R.Where(R.Scan(clicks), E.Ne(E.Col("section", E.Text), E.Str("other")));
        return Speed("trending_pages", R.GroupBy(filtered, [("page", E.Col("page", E.Text))],
            [R.Count("views"), R.CountDistinct("visitors", E.Col("visitor_id", E.Text))],
            R.Hopping("ts", TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1))), clicks, LatePolicy.Drop, TimeSpan.FromHours(1));
    }

    /// <summary>A plain stream for window tests: key (the Kafka key), amount, ts; watermark and lateness as given.</summary>
    public static SourceIr Events(TimeSpan watermark, TimeSpan lateness, Func<SourceBuilder, SourceBuilder>? clean = null)
    {
        var b = SourceBuilder.Kafka("events", "events.ndjson").With(o => o with
        {
            Topic = "events", KeyField = "key", EventTimeField = "ts", Watermark = watermark, Lateness = lateness,
        })
            .Field("key", E.Text).Field("amount", E.N(E.Long)).Field("ts", E.Timestamp);
        return (clean?.Invoke(b) ?? b).Build();
    }

    /// <summary>count, sum(amount), first/last(amount) per key and window.</summary>
    public static ViewIr Windowed(SourceIr events, WindowSpec window, LatePolicy late = LatePolicy.Drop, string name = "totals")
    {
        var amount = E.Col("amount", E.N(E.Long));
        return Speed(name, R.GroupBy(R.Scan(events), [("key", E.Col("key", E.Text))],
        [
            R.Count("n"), new AggregateExpr("total", AggregateFunction.Sum, amount, PulseType.Long.AsNullable()),
            R.First("first_amount", amount), R.Last("last_amount", amount),
        ], window), events, late);
    }
}
