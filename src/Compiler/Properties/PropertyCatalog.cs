using System.Collections.Immutable;

namespace Pulse.Compiler.Properties;

/// <summary>
/// Every block's properties, from docs/language.md. The binder checks specs against it (unknown
/// name with did-you-mean, wrong value kind, missing required property) and the language server
/// reads it for completion and hover.
/// </summary>
public static class PropertyCatalog
{
    private static PropertyDefinition Str(string name, string doc, bool required = false, string? @default = null) => new(name, PropertyValueKind.String, doc, required, @default);
    private static PropertyDefinition Int(string name, string doc, bool required = false, string? @default = null) => new(name, PropertyValueKind.Integer, doc, required, @default);
    private static PropertyDefinition Bool(string name, string doc, string? @default = null) => new(name, PropertyValueKind.Bool, doc, false, @default);
    private static PropertyDefinition Dur(string name, string doc, bool required = false, string? @default = null) => new(name, PropertyValueKind.Duration, doc, required, @default);
    private static PropertyDefinition Enum(string name, string doc, ImmutableArray<string> values, bool required = false, string? @default = null) => new(name, PropertyValueKind.Enum, doc, required, @default, values);
    private static PropertyDefinition Setting(string name, string doc, bool required = false, bool secret = false) => new(name, PropertyValueKind.Setting, doc, required, IsSecret: secret);
    private static PropertyDefinition Of(string name, PropertyValueKind kind, string doc, bool required = false, string? @default = null) => new(name, kind, doc, required, @default);
    private static PropertyDefinition Block(string name, string doc, BlockDefinition nested) => new(name, PropertyValueKind.Block, doc, Nested: nested);

    public static readonly BlockDefinition Pipeline = new("pipeline",
    [
        Str("owner", "Who answers for the pipeline (an e-mail or team)."),
        Str("description", "One line about what the pipeline produces."),
    ]);

    public static readonly BlockDefinition Environment = new("environment",
    [
        Str("description", "What this environment is for."),
    ]);

    private static readonly ImmutableDictionary<string, BlockDefinition> Connections = new Dictionary<string, BlockDefinition>
    {
        ["postgres"] = new("postgres connection",
        [
            Setting("url", "A full connection URL (postgres://user@host:port/db); use instead of host/port/database/user."),
            Setting("host", "The server host name."),
            Setting("port", "The server port (5432 by default)."),
            Setting("database", "The database name."),
            Setting("user", "The user name."),
            Setting("password", "The password: env(\"…\") or secret(\"…\"), never a literal.", secret: true),
            Setting("sslmode", "disable, require, verify-ca or verify-full."),
        ]),
        ["elasticsearch"] = new("elasticsearch connection",
        [
            Setting("url", "The cluster URL.", required: true),
            Setting("api_key", "An API key: env(\"…\") or secret(\"…\"), never a literal.", secret: true),
            Setting("user", "A user name for basic authentication."),
            Setting("password", "The password: env(\"…\") or secret(\"…\"), never a literal.", secret: true),
        ]),
        ["kafka"] = new("kafka connection",
        [
            Setting("brokers", "Bootstrap servers, host:port[,host:port].", required: true),
            Setting("client_id", "The client id the consumers and producers announce."),
            Setting("security_protocol", "plaintext, ssl, sasl_plaintext or sasl_ssl."),
            Setting("sasl_mechanism", "plain, scram-sha-256 or scram-sha-512."),
            Setting("sasl_username", "The SASL user name."),
            Setting("sasl_password", "The SASL password: env(\"…\") or secret(\"…\"), never a literal.", secret: true),
        ]),
        ["http"] = new("http connection",
        [
            Setting("url", "The base URL of the API.", required: true),
            Setting("token", "A bearer token: env(\"…\") or secret(\"…\"), never a literal.", secret: true),
            Setting("api_key", "An API key sent as X-Api-Key: env(\"…\") or secret(\"…\"), never a literal.", secret: true),
            Setting("user", "A user name for basic authentication."),
            Setting("password", "The password: env(\"…\") or secret(\"…\"), never a literal.", secret: true),
        ]),
    }.ToImmutableDictionary();

    private static readonly PropertyDefinition SourceConnection = Of("connection", PropertyValueKind.Connection, "The connection to read through.", required: true);

    private static readonly ImmutableDictionary<string, BlockDefinition> Sources = new Dictionary<string, BlockDefinition>
    {
        ["csv"] = new("csv source",
        [
            Str("path", "The file, relative to the spec's folder.", required: true),
            Bool("header", "Whether the first line names the columns.", "true"),
            Of("delimiter", PropertyValueKind.Character, "The field separator.", @default: "\",\""),
            Of("quote", PropertyValueKind.Character, "The quote character.", @default: "\"\\\"\""),
            Of("nulls", PropertyValueKind.StringList, "Values read as null.", @default: "[\"\"]"),
        ]),
        ["json"] = new("json source", [Str("path", "The file (one JSON array of objects), relative to the spec's folder.", required: true)]),
        ["ndjson"] = new("ndjson source", [Str("path", "The file (one JSON object per line), relative to the spec's folder.", required: true)]),
        ["parquet"] = new("parquet source", [Str("path", "The file or folder, relative to the spec's folder.", required: true)]),
        ["http"] = new("http source",
        [
            Of("connection", PropertyValueKind.Connection, "An http connection (or give url)."),
            Str("url", "The URL to read (or give connection)."),
            Str("record_path", "Where the records are in each response, e.g. \"data.items\"."),
            Enum("pagination", "How to get the next page.", ["none", "page", "cursor"], @default: "none"),
            Str("page_param", "The query parameter carrying the page number."),
            Str("cursor_param", "The query parameter carrying the cursor."),
            Str("cursor_path", "Where the next cursor is in each response, e.g. \"data.next_cursor\"."),
            Int("page_size", "Records per page."),
            Int("max_pages", "Stop after this many pages."),
            Dur("timeout", "Timeout of one request."),
            Int("retries", "Retries of a failed request."),
        ]),
        ["postgres"] = new("postgres source",
        [
            SourceConnection,
            Str("table", "The table to read, \"schema.table\" (or give query)."),
            Str("query", "A SELECT to read (or give table)."),
        ]),
        ["elasticsearch"] = new("elasticsearch source",
        [
            SourceConnection,
            Str("index", "The index to read.", required: true),
            Str("query", "A query DSL object as a JSON string."),
        ]),
        ["kafka"] = new("kafka source",
        [
            SourceConnection,
            Str("topic", "The topic to consume.", required: true),
            Of("key", PropertyValueKind.Column, "The field that is the message key."),
            Of("event_time", PropertyValueKind.Column, "The timestamp field windows and watermarks use."),
            Dur("watermark", "How far the watermark trails the newest event time.", @default: "0s"),
            Dur("lateness", "How late after the watermark an event is still accepted.", @default: "0s"),
            Str("replay", "An NDJSON file replayed into the local stream (local environment)."),
        ]),
    }.ToImmutableDictionary();

    private static readonly PropertyDefinition SinkFrom = Of("from", PropertyValueKind.Relation, "The view (or source) written.", required: true);
    private static readonly PropertyDefinition SinkConnection = Of("connection", PropertyValueKind.Connection, "The connection to write through.", required: true);

    private static readonly ImmutableDictionary<string, BlockDefinition> Sinks = new Dictionary<string, BlockDefinition>
    {
        ["postgres"] = new("postgres sink",
        [
            SinkFrom, SinkConnection,
            Str("table", "The table written, \"schema.table\".", required: true),
            Of("key", PropertyValueKind.ColumnList, "The primary key columns (required for upsert)."),
            Of("indexes", PropertyValueKind.ColumnLists, "Secondary indexes, one column list each."),
            Enum("mode", "append adds rows, upsert inserts or updates by key, replace rewrites the table.", ["append", "upsert", "replace"], @default: "append"),
        ]),
        ["elasticsearch"] = new("elasticsearch sink",
        [
            SinkFrom, SinkConnection,
            Str("index", "The index written (lower case).", required: true),
            Of("id", PropertyValueKind.ColumnList, "The columns that make the document id."),
            Of("text", PropertyValueKind.ColumnList, "String columns analysed as full text (others are keywords)."),
            Str("analyzer", "The analyzer of the text columns, e.g. \"english\"."),
            Dur("retention", "How long documents are kept."),
        ]),
        ["delta"] = new("delta sink",
        [
            SinkFrom,
            Str("path", "The table folder, relative to the spec's folder.", required: true),
            Of("partition_by", PropertyValueKind.ColumnList, "Partition columns."),
        ]),
        ["parquet"] = new("parquet sink",
        [
            SinkFrom,
            Str("path", "The output folder, relative to the spec's folder.", required: true),
            Of("partition_by", PropertyValueKind.ColumnList, "Partition columns."),
        ]),
        ["kafka"] = new("kafka sink",
        [
            SinkFrom, SinkConnection,
            Str("topic", "The topic written.", required: true),
            Of("key", PropertyValueKind.Column, "The column used as the message key."),
        ]),
    }.ToImmutableDictionary();

    public static readonly BlockDefinition Schedule = new("schedule",
    [
        Str("cron", "When the batch layer runs: a 5-field cron expression (UTC).", required: true),
        Str("owner", "Who is alerted when a run fails."),
        Int("retries", "Retries of a failed run.", @default: "0"),
        Dur("retry_delay", "Wait between retries.", @default: "5m"),
        Dur("sla", "How long a run may take before it is late."),
    ]);

    public static readonly BlockDefinition DatabricksSection = new("deploy databricks section",
    [
        Str("spark_version", "The Databricks runtime.", @default: "\"15.4.x-scala2.12\""),
        Str("node_type", "The worker VM type.", required: true),
        Int("min_workers", "Autoscaling minimum.", @default: "1"),
        Int("max_workers", "Autoscaling maximum.", @default: "min_workers"),
    ]);

    public static readonly BlockDefinition PostgresSection = new("deploy postgres section",
    [
        Str("tier", "The managed server SKU or tier.", required: true),
        Bool("high_availability", "Zone-redundant standby.", "false"),
        Int("backup_retention_days", "Days of backups kept.", @default: "7"),
    ]);

    public static readonly BlockDefinition KafkaSection = new("deploy kafka section",
    [
        Int("partitions", "Partitions per topic.", @default: "3"),
        Int("replication", "Replicas per partition.", @default: "3"),
    ]);

    public static readonly BlockDefinition ElasticsearchSection = new("deploy elasticsearch section",
    [
        Int("nodes", "Cluster nodes.", @default: "1"),
        Str("memory", "Memory per node, e.g. \"4Gi\".", @default: "\"2Gi\""),
        Bool("kibana", "Deploy Kibana too.", "false"),
    ]);

    public static readonly BlockDefinition MonitoringSection = new("deploy monitoring section",
    [
        Bool("prometheus", "Deploy Prometheus with the pipeline's alert rules.", "true"),
        Bool("grafana", "Deploy Grafana with the pipeline's dashboard.", "true"),
        Str("alert_email", "Where alerts are sent."),
    ]);

    public static readonly BlockDefinition Deploy = new("deploy",
    [
        Enum("cloud", "The cloud to deploy to.", ["azure", "gcp"], required: true),
        Str("region", "The cloud region, e.g. \"westeurope\".", required: true),
        Block("databricks", "The Databricks cluster that runs batch views.", DatabricksSection),
        Block("postgres", "The managed PostgreSQL server.", PostgresSection),
        Block("kafka", "The Kafka cluster (Strimzi on Kubernetes).", KafkaSection),
        Block("elasticsearch", "The Elasticsearch cluster (ECK on Kubernetes).", ElasticsearchSection),
        Block("monitoring", "Prometheus and Grafana.", MonitoringSection),
    ]);

    /// <summary>
    /// The block a property list belongs to, from the syntax around it: a source's format, a sink's
    /// or connection's kind, the pipeline, an environment, the schedule, a deploy block or one of
    /// its sections. Null where properties are not expected (or the kind word is unknown).
    /// </summary>
    public static BlockDefinition? ForBlock(Pulse.Language.Syntax.SyntaxNode owner) => owner switch
    {
        Pulse.Language.Syntax.SourceDeclarationSyntax source => ForSource(source.Format.Text),
        Pulse.Language.Syntax.SinkDeclarationSyntax sink => ForSink(sink.Kind.Text),
        Pulse.Language.Syntax.ConnectionDeclarationSyntax connection => ForConnection(connection.Kind.Text),
        Pulse.Language.Syntax.PipelineDeclarationSyntax => Pipeline,
        Pulse.Language.Syntax.EnvironmentDeclarationSyntax => Environment,
        Pulse.Language.Syntax.ScheduleDeclarationSyntax => Schedule,
        Pulse.Language.Syntax.DeployDeclarationSyntax => Deploy,
        Pulse.Language.Syntax.PropertySyntax { IsBlock: true } section when section.Parent is Pulse.Language.Syntax.DeployDeclarationSyntax =>
            Deploy.Find(section.Name.Text)?.Nested,
        _ => null,
    };

    /// <summary>The definition of a written property (for hover), or null when the block does not know it.</summary>
    public static PropertyDefinition? ForProperty(Pulse.Language.Syntax.PropertySyntax property) =>
        property.Parent is { } owner ? ForBlock(owner)?.Find(property.Name.Text) : null;

    public static BlockDefinition? ForConnection(string kind) => Connections.GetValueOrDefault(kind);
    public static BlockDefinition? ForSource(string format) => Sources.GetValueOrDefault(format);
    public static BlockDefinition? ForSink(string kind) => Sinks.GetValueOrDefault(kind);

    /// <summary>
    /// True for setting names that hold credentials (password, token, secret, api_key, *_key, key):
    /// a literal value there is an error (PULSE3010) whatever the block declares.
    /// </summary>
    public static bool LooksSecret(string name)
    {
        var lower = name.ToLowerInvariant();
        return lower.Contains("password", StringComparison.Ordinal) || lower.Contains("token", StringComparison.Ordinal)
            || lower.Contains("secret", StringComparison.Ordinal) || lower.Contains("api_key", StringComparison.Ordinal)
            || lower == "key" || lower.EndsWith("_key", StringComparison.Ordinal);
    }
}
