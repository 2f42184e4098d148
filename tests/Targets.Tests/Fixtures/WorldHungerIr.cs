using Pulse.Compiler.Ir;
using static Pulse.Compiler.Ir.AggregateFunction;

namespace Pulse.Targets.Tests.Fixtures;

/// <summary>pipelines/world-hunger.pulse, lowered by hand (until the front end's lowering is ready).</summary>
public static class WorldHungerIr
{
    public static PipelineIr Build(string environment = "prod")
    {
        var b = new PipelineBuilder("world_hunger", environment).Owner("data-eng@pulse.example")
            .Description("Gapminder indicators, disaster deaths and market food prices");
        b.Connection("warehouse", ConnectionKind.Postgres, ("database", new LiteralSetting("hunger")), ("host", new EnvSetting("PULSE_PG_HOST")),
            ("password", new SecretSetting("warehouse-password")), ("port", new LiteralSetting("5432")), ("user", new EnvSetting("PULSE_PG_USER")));
        b.Connection("search", ConnectionKind.Elasticsearch, ("api_key", new SecretSetting("search-api-key")), ("url", new EnvSetting("PULSE_ES_URL")));
        b.Connection("events", ConnectionKind.Kafka, ("brokers", new EnvSetting("PULSE_KAFKA_BROKERS")));

        var g = new SourceBuilder("gapminder", SourceFormat.Json).Options(o => o with { Path = "data/gapminder.json" })
            .Doc("Country indicators from Gapminder, 1955-2005 in 5-year steps.")
            .Field("country", T.String).Field("year", T.Int).Field("cluster", T.Opt(T.Int), fieldDoc: "Gapminder's regional cluster (0-5).")
            .Field("pop", T.Opt(T.Long)).Field("life_expect", T.Opt(T.Double)).Field("fertility", T.Opt(T.Double))
            .Text(TextTransform.Trim, "country");
        g.Expect("known_year", E.Between(g.Col("year"), E.Int(1950), E.Int(2010)), ViolationAction.Quarantine)
            .Expect("known_cluster", E.In(g.Col("cluster"), E.Int(0), E.Int(1), E.Int(2), E.Int(3), E.Int(4), E.Int(5)), ViolationAction.Quarantine)
            .Expect("positive_pop", E.Gt(g.Col("pop"), E.Int(0)), ViolationAction.Quarantine, failAbove: 0.01)
            .Expect("one_row_per_country_year", new UniqueRule(["country", "year"]), ViolationAction.Fail)
            .Expect("enough_rows", new RowCountRule(500, 5000), ViolationAction.Fail);
        var gapminder = b.Source(g.Build());

        var c = new SourceBuilder("countries", SourceFormat.Json).Options(o => o with { Path = "data/countries.json" })
            .Field("country", T.String).Field("year", T.Int).Field("life_expect", T.Opt(T.Double)).Field("fertility", T.Opt(T.Double))
            .Field("p_life_expect", T.Opt(T.Double)).Field("n_life_expect", T.Opt(T.Double)).Field("p_fertility", T.Opt(T.Double)).Field("n_fertility", T.Opt(T.Double))
            .Text(TextTransform.Trim, "country").Dedupe("country", "year")
            .Expect("known_country", new ReferenceRule("country", "gapminder", "country"), ViolationAction.Warn, failAbove: 0.05);
        var countries = b.Source(c.Build());

        var d = new SourceBuilder("disasters", SourceFormat.Csv).Options(o => o with { Path = "data/disasters.csv", NullTokens = ["", "NA"] })
            .Field("entity", T.String, "Entity").Field("year", T.Int, "Year").Field("deaths", T.Opt(T.Long), "Deaths")
            .Text(TextTransform.Trim, "entity");
        d.Fill(E.Int(0), "deaths").DropWhere(E.Eq(d.Col("entity"), E.Str("All natural disasters")))
            .Derive("decade", E.Sub(d.Col("year"), E.Mod(d.Col("year"), E.Int(10))));
        d.Expect("deaths_not_negative", E.Ge(d.Col("deaths"), E.Int(0)), ViolationAction.Quarantine)
            .Expect("plausible_year", E.Between(d.Col("year"), E.Int(1900), E.Int(2030)), ViolationAction.Quarantine, warnAbove: 0.01);
        var disasters = b.Source(d.Build());

        var f = new SourceBuilder("food_prices", SourceFormat.Kafka)
            .Options(o => o with { Connection = "events", Topic = "food-prices", KeyField = "market", EventTimeField = "observed_at",
                Watermark = TimeSpan.FromMinutes(5), Lateness = TimeSpan.FromHours(1), Replay = "data/food_prices.ndjson" })
            .Field("market", T.String).Field("country", T.String).Field("commodity", T.String).Field("price_usd", T.Decimal(10, 4))
            .Field("unit", T.String).Field("observed_at", T.Timestamp)
            .Text(TextTransform.Trim, "market", "commodity").Text(TextTransform.Lower, "commodity", "unit");
        f.Expect("positive_price", E.Gt(f.Col("price_usd"), E.Int(0)), ViolationAction.Quarantine)
            .Expect("per_kilogram", E.Eq(f.Col("unit"), E.Str("kg")), ViolationAction.Quarantine);
        var foodPrices = b.Source(f.Build());

        var gs = Rel.Scan(gapminder);
        var clusterTrends = b.View("cluster_trends", ViewLayer.Batch,
            gs.GroupBy([("cluster", gs.Col("cluster")), ("year", gs.Col("year"))],
                [("population", Sum, gs.Col("pop"), T.Opt(T.Long)),
                 ("avg_life_expect", Avg, gs.Col("life_expect"), T.Opt(T.Double)),
                 ("avg_fertility", Avg, gs.Col("fertility"), T.Opt(T.Double)),
                 ("countries", CountDistinct, gs.Col("country"), T.Long)]) is var ct
                ? ct.OrderBy((ct.Col("cluster"), false), (ct.Col("year"), false)) : null!,
            doc: "Population, life expectancy and fertility per Gapminder cluster and year.");

        var joined = Rel.Scan(gapminder).JoinAll(Rel.Scan(countries), JoinKind.Inner, E.Bool(true), "g", "c", "country", "year");
        b.View("life_gains", ViewLayer.Batch,
            joined.Where(E.IsNull(joined.Col("n_life_expect"), negated: true)).Select(
                ("country", joined.Col("country")), ("year", joined.Col("year")), ("cluster", joined.Col("cluster")),
                ("life_expect", joined.Col("g.life_expect")),
                ("gain", E.Sub(joined.Col("n_life_expect"), joined.Col("c.life_expect"))),
                ("fertility_drop", E.Sub(joined.Col("c.fertility"), E.Coalesce(joined.Col("n_fertility"), joined.Col("c.fertility"))))),
            doc: "How much life expectancy each country gained over the following five years.", incremental: "year");

        var ds = Rel.Scan(disasters);
        var decades = ds.GroupBy([("entity", ds.Col("entity")), ("decade", ds.Col("decade"))],
            [("deaths", Sum, ds.Col("deaths"), T.Long), ("years_with_deaths", Count, null, T.Long), ("worst_year_deaths", Max, ds.Col("deaths"), T.Long)]);
        var disasterDecades = b.View("disaster_decades", ViewLayer.Batch, decades.OrderBy((decades.Col("decade"), true), (decades.Col("deaths"), true)),
            doc: "Deaths by disaster type and decade.");

        Rel Hourly()
        {
            var fs = Rel.Scan(foodPrices);
            return fs.GroupBy([("market", fs.Col("market")), ("commodity", fs.Col("commodity"))],
                [("avg_price", Avg, fs.Col("price_usd"), T.Decimal(10, 4)), ("max_price", Max, fs.Col("price_usd"), T.Decimal(10, 4)), ("observations", Count, null, T.Long)],
                new WindowSpec(WindowKind.Tumbling, "observed_at", TimeSpan.FromHours(1), null, null, Origin.None));
        }
        var hourly = b.View("hourly_food_prices", ViewLayer.Batch, Hourly(), doc: "Hourly market prices recomputed over the full history (the batch layer).");
        var live = b.View("live_food_prices", ViewLayer.Speed, Hourly(), doc: "Hourly market prices as events arrive (the speed layer).",
            streaming: new StreamingIr("food_prices", "observed_at", TimeSpan.FromMinutes(5), TimeSpan.FromHours(1), LatePolicy.Quarantine, TimeSpan.FromHours(36)));
        var now = b.View("food_prices_now", ViewLayer.Serving, Rel.Serve(hourly, live, ["market", "commodity", "window_start"], "window_start"),
            doc: "What dashboards read: batch results up to the batch horizon, live results after it.");

        b.Sink(PipelineBuilder.NewSink("cluster_trends_table", SinkKind.Postgres, "cluster_trends", clusterTrends.Schema) with
        {
            Connection = "warehouse", Table = new TableName("hunger", "cluster_trends"), Key = ["cluster", "year"], Indexes = [["year"]], Mode = WriteMode.Upsert,
        });
        b.Sink(PipelineBuilder.NewSink("food_prices_table", SinkKind.Postgres, "food_prices_now", now.Schema) with
        {
            Connection = "warehouse", Table = new TableName("hunger", "food_prices"), Key = ["market", "commodity", "window_start"], Mode = WriteMode.Upsert,
        });
        b.Sink(PipelineBuilder.NewSink("disaster_search", SinkKind.Elasticsearch, "disaster_decades", disasterDecades.Schema) with
        {
            Connection = "search", Index = "disaster-decades", DocumentId = ["entity", "decade"], TextFields = ["entity"], Analyzer = "english",
            Retention = TimeSpan.FromDays(365),
        });
        b.Sink(PipelineBuilder.NewSink("life_gains_lake", SinkKind.Delta, "life_gains", b.Build().FindView("life_gains")!.Schema) with
        {
            Path = "lake/life_gains", PartitionBy = ["year"],
        });
        b.Schedule("0 2 * * *", TimeSpan.FromHours(24), TimeSpan.FromHours(2));
        b.Deploy(new DeployIr("prod", Cloud.Azure, "westeurope",
            new DatabricksDeployIr("15.4.x-scala2.12", "Standard_DS3_v2", 2, 8), new PostgresDeployIr("GP_Standard_D2s_v3", true, 14),
            new KafkaDeployIr(6, 3), new ElasticsearchDeployIr(3, "4Gi", true), new MonitoringDeployIr(true, true, "oncall@pulse.example"), Origin.None));
        return b.Build();
    }
}
