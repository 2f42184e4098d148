using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;

namespace Pulse.Targets.Tests.Fixtures;

/// <summary>
/// IR built by hand for the infra target's tests, mirroring the deploy blocks, connections, sources,
/// views and schedules of pipelines/world-hunger.pulse and pipelines/product-search.pulse (the parts the
/// infra target reads), plus a pipeline whose names are hostile.
/// </summary>
public static class InfraFixtures
{
    private static readonly Origin O = Origin.None;

    public static PipelineIr WorldHunger() => new(
        Name: "world_hunger",
        Environment: "prod",
        BaseDirectory: "pipelines",
        Owner: "data-eng@pulse.example",
        Description: "Gapminder indicators, disaster deaths and market food prices",
        Connections:
        [
            Connection("warehouse", ConnectionKind.Postgres,
                ("host", new EnvSetting("PULSE_PG_HOST")), ("port", new LiteralSetting("5432")), ("database", new LiteralSetting("hunger")),
                ("user", new EnvSetting("PULSE_PG_USER")), ("password", new SecretSetting("warehouse-password"))),
            Connection("search", ConnectionKind.Elasticsearch, ("url", new EnvSetting("PULSE_ES_URL")), ("api_key", new SecretSetting("search-api-key"))),
            Connection("events", ConnectionKind.Kafka, ("brokers", new EnvSetting("PULSE_KAFKA_BROKERS"))),
        ],
        Sources:
        [
            Source("gapminder", SourceFormat.Json, new SourceOptions { Path = "data/gapminder.json" },
                Expect("known_year", ViolationAction.Quarantine), Expect("known_cluster", ViolationAction.Quarantine),
                Expect("positive_pop", ViolationAction.Quarantine, failAbove: 0.01), Expect("one_row_per_country_year", ViolationAction.Fail)),
            Source("countries", SourceFormat.Json, new SourceOptions { Path = "data/countries.json" },
                Expect("known_country", ViolationAction.Warn, failAbove: 0.05)),
            Source("disasters", SourceFormat.Csv, new SourceOptions { Path = "data/disasters.csv" },
                Expect("deaths_not_negative", ViolationAction.Quarantine), Expect("plausible_year", ViolationAction.Quarantine, warnAbove: 0.01)),
            Source("food_prices", SourceFormat.Kafka, new SourceOptions
                {
                    Connection = "events", Topic = "food-prices", KeyField = "market", EventTimeField = "observed_at",
                    Watermark = TimeSpan.FromMinutes(5), Lateness = TimeSpan.FromHours(1), Replay = "data/food_prices.ndjson",
                },
                Expect("positive_price", ViolationAction.Quarantine), Expect("per_kilogram", ViolationAction.Quarantine)),
        ],
        Views:
        [
            Batch("cluster_trends", "gapminder"),
            Batch("life_gains", "gapminder"),
            Batch("disaster_decades", "disasters"),
            Batch("hourly_food_prices", "food_prices"),
            Speed("live_food_prices", "food_prices", TimeSpan.FromMinutes(5), TimeSpan.FromHours(1), TimeSpan.FromHours(36)),
            new ViewIr("food_prices_now", ViewLayer.Serving, new ViewScanNode(RelSchema.Empty, O, "hourly_food_prices"), null, null, null, O),
        ],
        Sinks:
        [
            Sink("cluster_trends_table", SinkKind.Postgres, "cluster_trends", "warehouse"),
            Sink("food_prices_table", SinkKind.Postgres, "food_prices_now", "warehouse"),
            Sink("disaster_search", SinkKind.Elasticsearch, "disaster_decades", "search"),
            Sink("life_gains_lake", SinkKind.Delta, "life_gains", null),
        ],
        Schedule: new ScheduleIr("0 2 * * *", 3, TimeSpan.FromMinutes(10), TimeSpan.FromHours(2), "data-eng@pulse.example", TimeSpan.FromDays(1), O),
        Deployments:
        [
            new DeployIr("prod", Cloud.Azure, "westeurope",
                new DatabricksDeployIr("15.4.x-scala2.12", "Standard_DS3_v2", 2, 8),
                new PostgresDeployIr("GP_Standard_D2s_v3", true, 14),
                new KafkaDeployIr(6, 3),
                new ElasticsearchDeployIr(3, "4Gi", true),
                new MonitoringDeployIr(true, true, "oncall@pulse.example"), O),
        ],
        Tests: [],
        Lineage: new LineageIr([], [], []));

    public static PipelineIr ProductSearch() => new(
        Name: "product_search",
        Environment: "prod",
        BaseDirectory: "pipelines",
        Owner: "search-team@pulse.example",
        Description: null,
        Connections:
        [
            Connection("catalog_api", ConnectionKind.Http, ("url", new LiteralSetting("https://catalog.pulse.example/v2")),
                ("token", new SecretSetting("catalog-api-token"))),
            Connection("inventory", ConnectionKind.Postgres, ("url", new EnvSetting("INVENTORY_DB_URL"))),
            Connection("search", ConnectionKind.Elasticsearch, ("url", new EnvSetting("SEARCH_URL")), ("api_key", new SecretSetting("search-api-key"))),
        ],
        Sources:
        [
            Source("products", SourceFormat.Http, new SourceOptions { Connection = "catalog_api", RecordPath = "data.items" },
                Expect("has_sku", ViolationAction.Quarantine), Expect("recent_catalog", ViolationAction.Warn)),
            Source("stock", SourceFormat.Postgres, new SourceOptions { Connection = "inventory", Table = "inventory.stock_levels" },
                Expect("non_negative", ViolationAction.Quarantine)),
            Source("reviews", SourceFormat.Elasticsearch, new SourceOptions { Connection = "search", Index = "reviews" }),
        ],
        Views: [Batch("stock_totals", "stock"), Batch("review_scores", "reviews"), Batch("searchable_products", "products")],
        Sinks: [Sink("product_index", SinkKind.Elasticsearch, "searchable_products", "search")],
        Schedule: new ScheduleIr("*/15 * * * *", 5, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10), "search-team@pulse.example", TimeSpan.FromMinutes(15), O),
        Deployments:
        [
            new DeployIr("prod", Cloud.Gcp, "europe-west1",
                new DatabricksDeployIr("15.4.x-scala2.12", "n2-standard-4", 1, 4),
                Postgres: null, Kafka: null,
                new ElasticsearchDeployIr(3, "8Gi", true),
                new MonitoringDeployIr(true, true, null), O),
        ],
        Tests: [],
        Lineage: new LineageIr([], [], []));

    /// <summary>
    /// Every name an attacker or an unlucky engineer could write with quoted identifiers: quotes,
    /// backslashes, Terraform interpolation, C# keywords, unicode, newlines. Deployed to both clouds
    /// with every section, so every emitter path sees them.
    /// </summary>
    public const string Evil = "ev\"il ${var.x} %{if} \\ class";

    public static PipelineIr Hostile(Cloud cloud) => new(
        Name: "na\"me ${bad} ünïcødé\u2028class X {} //\u0085 */",
        Environment: "prod",
        BaseDirectory: "pipelines",
        Owner: "o\"wner@example.com",
        Description: "desc */ \" ${x} </summary>",
        Connections:
        [
            Connection("class", ConnectionKind.Postgres, ("host", new EnvSetting("class")), ("database", new LiteralSetting(Evil)),
                ("user", new EnvSetting("namespace")), ("password", new SecretSetting("pass\"word ${x}"))),
            Connection("数据", ConnectionKind.Kafka, ("brokers", new EnvSetting("BROKERS"))),
            Connection("namespace", ConnectionKind.Elasticsearch, ("url", new EnvSetting("ES_URL")), ("api_key", new SecretSetting("key\\with\\backslashes"))),
        ],
        Sources:
        [
            Source("end", SourceFormat.Kafka, new SourceOptions
                {
                    Connection = "数据", Topic = "to\"pic ${x}", EventTimeField = "at",
                    Watermark = TimeSpan.FromMinutes(1), Lateness = TimeSpan.FromMinutes(2),
                },
                Expect("rule \"one\" ${x}", ViolationAction.Quarantine, warnAbove: 0.5)),
        ],
        Views:
        [
            Batch("default", "end"),
            Batch("ünï ${x} \"view\"", "end"),
            Speed("void", "end", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromHours(1)),
        ],
        Sinks: [Sink("sink \"x\"", SinkKind.Postgres, "default", "class")],
        Schedule: new ScheduleIr("0 * * * *", 1, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(30), "o\"wner ${x}", TimeSpan.FromHours(1), O),
        Deployments:
        [
            new DeployIr("pr\"od ${x} ü", cloud, "region\"${x}",
                new DatabricksDeployIr("spark\"${x}", "node\"type", 1, 2),
                new PostgresDeployIr(cloud == Cloud.Azure ? "GP_Standard_D2s_v3" : "db-custom-2-7680", true, 7),   // tiers are checked (PULSE4401)
                new KafkaDeployIr(3, 1),
                new ElasticsearchDeployIr(1, "2Gi", true),   // memory is checked (PULSE4402)
                new MonitoringDeployIr(true, true, "alert\"${x}@example.com"), O),
        ],
        Tests: [],
        Lineage: new LineageIr([], [], []));

    private static ConnectionIr Connection(string name, ConnectionKind kind, params (string Key, SettingValue Value)[] settings) =>
        new(name, kind, settings.ToImmutableSortedDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal), false, null, O);

    private static SourceIr Source(string name, SourceFormat format, SourceOptions options, params ExpectationIr[] expectations) =>
        new(name, format, options, [], [.. expectations.Select(e => (CleanStep)new ExpectStep(RelSchema.Empty, O, e))], RelSchema.Empty, null, O);

    private static ExpectationIr Expect(string name, ViolationAction action, double? warnAbove = null, double? failAbove = null) =>
        new(name, new RowRule(new LiteralExpr(PulseType.Bool, "true")), action, warnAbove, failAbove, O);

    private static ViewIr Batch(string name, string source) =>
        new(name, ViewLayer.Batch, new ScanNode(RelSchema.Empty, O, source), null, null, null, O);

    private static ViewIr Speed(string name, string source, TimeSpan watermark, TimeSpan lateness, TimeSpan retain) =>
        new(name, ViewLayer.Speed, new ScanNode(RelSchema.Empty, O, source), null,
            new StreamingIr(source, "observed_at", watermark, lateness, LatePolicy.Quarantine, retain), null, O);

    private static SinkIr Sink(string name, SinkKind kind, string from, string? connection) =>
        new(name, kind, from, RelSchema.Empty, connection, null, [], [], WriteMode.Upsert, null, [], [], null, null, null, [], null, null, O);
}
