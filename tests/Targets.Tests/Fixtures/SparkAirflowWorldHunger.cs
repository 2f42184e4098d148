using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using static Pulse.Targets.Tests.Fixtures.SparkAirflowIrBuilder;

namespace Pulse.Targets.Tests.Fixtures;

/// <summary>pipelines/world-hunger.pulse lowered for <c>prod</c>, built by hand as the binder would lower it.</summary>
public static class SparkAirflowWorldHunger
{
    private const string File = "/specs/world-hunger.pulse";

    public static PipelineIr Build()
    {
        var connections = ImmutableArray.Create(
            Connection("warehouse", ConnectionKind.Postgres, At(File, 11),
                ("database", new LiteralSetting("hunger")), ("host", new EnvSetting("PULSE_PG_HOST")), ("password", new SecretSetting("warehouse-password")),
                ("port", new LiteralSetting("5432")), ("user", new EnvSetting("PULSE_PG_USER"))),
            Connection("search", ConnectionKind.Elasticsearch, At(File, 20), ("api_key", new SecretSetting("search-api-key")), ("url", new EnvSetting("PULSE_ES_URL"))),
            Connection("events", ConnectionKind.Kafka, At(File, 26), ("brokers", new EnvSetting("PULSE_KAFKA_BROKERS"))));

        // gapminder: json, trim, four expectations
        var gFields = ImmutableArray.Create(Field("country", Str), Field("year", Int), Field("cluster", N(Int)), Field("pop", N(Long)),
            Field("life_expect", N(Dbl)), Field("fertility", N(Dbl)));
        var gSchema = SchemaOf(gFields);
        var gapminder = Source("gapminder", SourceFormat.Json, new SourceOptions { Path = "data/gapminder.json" }, gFields,
        [
            new TextTransformStep(gSchema, At(File, 54, 5), TextTransform.Trim, ["country"]),
            Expect(gSchema, "known_year", new RowRule(Between(Ref("year", Int), LitInt(1950), LitInt(2010))), ViolationAction.Quarantine, At(File, 55, 5)),
            Expect(gSchema, "known_cluster", new RowRule(In(Ref("cluster", N(Int)), LitInt(0), LitInt(1), LitInt(2), LitInt(3), LitInt(4), LitInt(5))), ViolationAction.Quarantine, At(File, 56, 5)),
            Expect(gSchema, "positive_pop", new RowRule(Bin(BinaryOp.Greater, Ref("pop", N(Long)), Lit("0", Long))), ViolationAction.Quarantine, At(File, 57, 5), failAbove: 0.01),
            Expect(gSchema, "one_row_per_country_year", new UniqueRule(["country", "year"]), ViolationAction.Fail, At(File, 58, 5)),
            Expect(gSchema, "enough_rows", new RowCountRule(500, 5000), ViolationAction.Fail, At(File, 59, 5)),
        ], At(File, 43));

        var cFields = ImmutableArray.Create(Field("country", Str), Field("year", Int), Field("life_expect", N(Dbl)), Field("fertility", N(Dbl)),
            Field("p_life_expect", N(Dbl)), Field("n_life_expect", N(Dbl)), Field("p_fertility", N(Dbl)), Field("n_fertility", N(Dbl)));
        var cSchema = SchemaOf(cFields);
        var countries = Source("countries", SourceFormat.Json, new SourceOptions { Path = "data/countries.json" }, cFields,
        [
            new TextTransformStep(cSchema, At(File, 77, 5), TextTransform.Trim, ["country"]),
            new DedupeStep(cSchema, At(File, 78, 5), ["country", "year"], DedupeKeep.First, null),
            Expect(cSchema, "known_country", new ReferenceRule("country", "gapminder", "country"), ViolationAction.Warn, At(File, 79, 5), failAbove: 0.05),
        ], At(File, 63));

        var dFields = ImmutableArray.Create(Field("entity", Str, "Entity"), Field("year", Int, "Year"), Field("deaths", N(Long), "Deaths"));
        var dSchema = SchemaOf(dFields);
        var dSchemaFilled = Schema(C("entity", Str), C("year", Int), C("deaths", Long));
        var dSchemaDerived = Schema(C("entity", Str), C("year", Int), C("deaths", Long), C("decade", Int));
        var disasters = Source("disasters", SourceFormat.Csv, new SourceOptions { Path = "data/disasters.csv", NullTokens = ["", "NA"] }, dFields,
        [
            new TextTransformStep(dSchema, At(File, 96, 5), TextTransform.Trim, ["entity"]),
            new FillStep(dSchemaFilled, At(File, 97, 5), ["deaths"], LitInt(0)),
            new DropWhereStep(dSchemaFilled, At(File, 98, 5), Bin(BinaryOp.Equal, Ref("entity", Str), LitStr("All natural disasters"))),
            new DeriveStep(dSchemaDerived, At(File, 99, 5), "decade", Bin(BinaryOp.Subtract, Ref("year", Int), Bin(BinaryOp.Modulo, Ref("year", Int), LitInt(10)))),
            Expect(dSchemaDerived, "deaths_not_negative", new RowRule(Bin(BinaryOp.GreaterOrEqual, Ref("deaths", Long), LitInt(0))), ViolationAction.Quarantine, At(File, 100, 5)),
            Expect(dSchemaDerived, "plausible_year", new RowRule(Between(Ref("year", Int), LitInt(1900), LitInt(2030))), ViolationAction.Quarantine, At(File, 101, 5), warnAbove: 0.01),
        ], At(File, 84));

        var fFields = ImmutableArray.Create(Field("market", Str), Field("country", Str), Field("commodity", Str), Field("price_usd", Dec(10, 4)),
            Field("unit", Str), Field("observed_at", Ts));
        var fSchema = SchemaOf(fFields);
        var foodPrices = Source("food_prices", SourceFormat.Kafka, new SourceOptions
        {
            Connection = "events", Topic = "food-prices", KeyField = "market", EventTimeField = "observed_at",
            Watermark = TimeSpan.FromMinutes(5), Lateness = TimeSpan.FromHours(1), Replay = "data/food_prices.ndjson",
        }, fFields,
        [
            new TextTransformStep(fSchema, At(File, 122, 5), TextTransform.Trim, ["market", "commodity"]),
            new TextTransformStep(fSchema, At(File, 123, 5), TextTransform.Lower, ["commodity", "unit"]),
            Expect(fSchema, "positive_price", new RowRule(Bin(BinaryOp.Greater, Ref("price_usd", Dec(10, 4)), LitInt(0))), ViolationAction.Quarantine, At(File, 124, 5)),
            Expect(fSchema, "per_kilogram", new RowRule(Bin(BinaryOp.Equal, Ref("unit", Str), LitStr("kg"))), ViolationAction.Quarantine, At(File, 125, 5)),
        ], At(File, 105));

        // cluster_trends: group by cluster, year; round(avg(...)) lowered to an aggregate and a projection; order by
        var gScan = Scan(gapminder);
        var clusterGroup = Group(gScan, At(File, 132, 3), null, [As("cluster", Ref("cluster", N(Int))), As("year", Ref("year", Int))],
            Agg("population", AggregateFunction.Sum, Ref("pop", N(Long)), N(Long)),
            Agg("avg_life_expect", AggregateFunction.Avg, Ref("life_expect", N(Dbl)), N(Dbl)),
            Agg("avg_fertility", AggregateFunction.Avg, Ref("fertility", N(Dbl)), N(Dbl)),
            Agg("countries", AggregateFunction.CountDistinct, Ref("country", Str), Long));
        var clusterRounded = Select(clusterGroup, At(File, 132, 3),
            Pass(clusterGroup, "cluster"), Pass(clusterGroup, "year"), Pass(clusterGroup, "population"),
            As("avg_life_expect", Fn("round", N(Dbl), Ref("avg_life_expect", N(Dbl)), LitInt(2))),
            As("avg_fertility", Fn("round", N(Dbl), Ref("avg_fertility", N(Dbl)), LitInt(2))),
            Pass(clusterGroup, "countries"));
        var clusterSorted = new SortNode(clusterRounded.Schema, At(File, 138, 3), clusterRounded,
            [new SortKey(Ref("cluster", N(Int)), false), new SortKey(Ref("year", Int), false)]);
        var clusterTrends = View("cluster_trends", ViewLayer.Batch, clusterSorted, At(File, 130));

        // life_gains: join using (country, year), where, select
        var cScan = Scan(countries);
        var joinSchema = Schema(C("country", Str), C("year", Int), C("g.cluster", N(Int)), C("g.pop", N(Long)), C("g.life_expect", N(Dbl)), C("g.fertility", N(Dbl)),
            C("c.life_expect", N(Dbl)), C("c.fertility", N(Dbl)), C("c.p_life_expect", N(Dbl)), C("c.n_life_expect", N(Dbl)), C("c.p_fertility", N(Dbl)), C("c.n_fertility", N(Dbl)));
        var join = new JoinNode(joinSchema, At(File, 144, 3), gScan, cScan, JoinKind.Inner,
            Bin(BinaryOp.And, Bin(BinaryOp.Equal, Ref("country", Str), Ref("country", Str, 1)), Bin(BinaryOp.Equal, Ref("year", Int), Ref("year", Int, 1))),
            ["country", "year"],
            [
                new JoinOutput("country", JoinSide.Left, "country"), new JoinOutput("year", JoinSide.Left, "year"),
                new JoinOutput("g.cluster", JoinSide.Left, "cluster"), new JoinOutput("g.pop", JoinSide.Left, "pop"),
                new JoinOutput("g.life_expect", JoinSide.Left, "life_expect"), new JoinOutput("g.fertility", JoinSide.Left, "fertility"),
                new JoinOutput("c.life_expect", JoinSide.Right, "life_expect"), new JoinOutput("c.fertility", JoinSide.Right, "fertility"),
                new JoinOutput("c.p_life_expect", JoinSide.Right, "p_life_expect"), new JoinOutput("c.n_life_expect", JoinSide.Right, "n_life_expect"),
                new JoinOutput("c.p_fertility", JoinSide.Right, "p_fertility"), new JoinOutput("c.n_fertility", JoinSide.Right, "n_fertility"),
            ], "g", "c");
        var lifeFilter = new FilterNode(joinSchema, At(File, 145, 3), join, IsNull(Ref("c.n_life_expect", N(Dbl)), negated: true));
        var lifeSelect = Select(lifeFilter, At(File, 146, 3),
            Pass(lifeFilter, "country"), Pass(lifeFilter, "year"),
            As("cluster", Ref("g.cluster", N(Int))), As("life_expect", Ref("g.life_expect", N(Dbl))),
            As("gain", Bin(BinaryOp.Subtract, Ref("c.n_life_expect", N(Dbl)), Ref("c.life_expect", N(Dbl)))),
            As("fertility_drop", Bin(BinaryOp.Subtract, Ref("c.fertility", N(Dbl)), Bin(BinaryOp.Coalesce, Ref("c.n_fertility", N(Dbl)), Ref("c.fertility", N(Dbl))))));
        var lifeGains = View("life_gains", ViewLayer.Batch, lifeSelect, At(File, 142), incremental: "year");

        // disaster_decades: group by entity, decade; order by decade desc, deaths desc
        var dScan = Scan(disasters);
        var dGroup = Group(dScan, At(File, 156, 3), null, [As("entity", Ref("entity", Str)), As("decade", Ref("decade", Int))],
            Agg("deaths", AggregateFunction.Sum, Ref("deaths", Long), Long),
            Agg("years_with_deaths", AggregateFunction.Count, null, Long),
            Agg("worst_year_deaths", AggregateFunction.Max, Ref("deaths", Long), Long));
        var dSorted = new SortNode(dGroup.Schema, At(File, 161, 3), dGroup, [new SortKey(Ref("decade", Int), true), new SortKey(Ref("deaths", Long), true)]);
        var disasterDecades = View("disaster_decades", ViewLayer.Batch, dSorted, At(File, 154));

        // hourly (batch) and live (speed) food prices: tumbling 1h windows
        AggregateNode Hourly(Origin origin) => Group(Scan(foodPrices), origin, new WindowSpec(WindowKind.Tumbling, "observed_at", TimeSpan.FromHours(1), null, null, origin),
            [As("market", Ref("market", Str)), As("commodity", Ref("commodity", Str))],
            Agg("avg_price", AggregateFunction.Avg, Ref("price_usd", Dec(10, 4)), Dec(14, 8)),
            Agg("max_price", AggregateFunction.Max, Ref("price_usd", Dec(10, 4)), Dec(10, 4)),
            Agg("observations", AggregateFunction.Count, null, Long));
        var hourly = View("hourly_food_prices", ViewLayer.Batch, Hourly(At(File, 168, 3)), At(File, 166));
        var live = View("live_food_prices", ViewLayer.Speed, Hourly(At(File, 180, 3)), At(File, 178),
            new StreamingIr("food_prices", "observed_at", TimeSpan.FromMinutes(5), TimeSpan.FromHours(1), LatePolicy.Quarantine, TimeSpan.FromHours(36)));
        var merge = new ServeMergeNode(hourly.Schema, At(File, 191), ViewScan(hourly), ViewScan(live), ["market", "commodity", "window_start"], "window_start");
        var now = View("food_prices_now", ViewLayer.Serving, merge, At(File, 191));

        var sinks = ImmutableArray.Create(
            Sink("cluster_trends_table", SinkKind.Postgres, "cluster_trends", clusterTrends.Schema, At(File, 198), connection: "warehouse",
                table: new TableName("hunger", "cluster_trends"), key: ["cluster", "year"], mode: WriteMode.Upsert),
            Sink("food_prices_table", SinkKind.Postgres, "food_prices_now", now.Schema, At(File, 207), connection: "warehouse",
                table: new TableName("hunger", "food_prices"), key: ["market", "commodity", "window_start"], mode: WriteMode.Upsert),
            Sink("disaster_search", SinkKind.Elasticsearch, "disaster_decades", disasterDecades.Schema, At(File, 215), connection: "search",
                index: "disaster-decades", id: ["entity", "decade"], text: ["entity"], analyzer: "english", retention: TimeSpan.FromDays(365)),
            Sink("life_gains_lake", SinkKind.Delta, "life_gains", lifeGains.Schema, At(File, 225), path: "lake/life_gains", partitionBy: ["year"]));

        var schedule = new ScheduleIr("0 2 * * *", 3, TimeSpan.FromMinutes(10), TimeSpan.FromHours(2), "data-eng@pulse.example", TimeSpan.FromHours(24), At(File, 231));
        var deploy = new DeployIr("prod", Cloud.Azure, "westeurope", new DatabricksDeployIr("15.4.x-scala2.12", "Standard_DS3_v2", 2, 8),
            new PostgresDeployIr("GP_Standard_D2s_v3", true, 14), new KafkaDeployIr(6, 3), new ElasticsearchDeployIr(3, "4Gi", true),
            new MonitoringDeployIr(true, true, "oncall@pulse.example"), At(File, 239));

        return Pipeline("world_hunger", "prod", connections, [gapminder, countries, disasters, foodPrices],
            [clusterTrends, lifeGains, disasterDecades, hourly, live, now], sinks, schedule, [deploy], "data-eng@pulse.example");
    }
}
