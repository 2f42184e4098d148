using Pulse.Compiler.Ir;
using static Pulse.Compiler.Ir.AggregateFunction;

namespace Pulse.Targets.Tests.Fixtures;

/// <summary>tests/Targets.Tests/Specs/hostile.pulse, lowered by hand.</summary>
public static class HostileIr
{
    public const string Pipeline = "hostile \"pipe\"";
    public const string Schema = "Weird \"Schema\"";
    public const string Table = "select";
    public const string Injection = "\"; DROP TABLE x; --";
    public const string Quoted = "it's \"quoted\"";
    public const string Index = "hostile-café.v1";

    public static PipelineIr Build()
    {
        var b = new PipelineBuilder(Pipeline, "local");
        b.Connection("db", ConnectionKind.Postgres, ("password", new SecretSetting("hostile-db-password")), ("url", new EnvSetting("HOSTILE_DB_URL")));
        b.Connection("search", ConnectionKind.Elasticsearch, ("api_key", new SecretSetting("hostile-es-key")), ("url", new EnvSetting("HOSTILE_ES_URL")));
        b.Connection("bus", ConnectionKind.Kafka, ("brokers", new EnvSetting("HOSTILE_KAFKA_BROKERS")), ("sasl_password", new SecretSetting("hostile-kafka-password")));

        var w = new SourceBuilder("weird source", SourceFormat.Csv).Options(o => o with { Path = "data/weird.csv" })
            .Doc("A source whose \"doc\" has 'quotes', a backslash \\ and a */ comment end.")
            .Field("select", T.String).Field("order", T.Int).Field("café", T.Opt(T.String), fieldDoc: "Café names; it's unicode.")
            .Field(Injection, T.Opt(T.String)).Field(Quoted, T.Decimal(12, 2)).Field("end", T.Timestamp).Field("Mixed Case", T.Opt(T.Long));
        w.Expect("quote's rule", E.Ne(w.Col(Injection), E.Str("'; DROP TABLE y; --")), ViolationAction.Quarantine)
            .Expect("order range", E.Between(w.Col("order"), E.Int(1), E.Int(100)), ViolationAction.Quarantine)
            .Expect("café pattern", E.Or(E.IsNull(w.Col("café")), E.Regex(w.Col("café"), "^[a-zé/' ]+$")), ViolationAction.Drop)
            .Expect("{{mustache}}", E.Ge(w.Col(Quoted), E.Int(0)), ViolationAction.Quarantine);
        var weird = b.Source(w.Build());

        var clicks = b.Source(new SourceBuilder("click \"stream\"", SourceFormat.Kafka)
            .Options(o => o with { Connection = "bus", Topic = "hostile.clicks_v1-x", KeyField = "select", EventTimeField = "end",
                Watermark = TimeSpan.FromSeconds(10), Lateness = TimeSpan.FromMinutes(1) })
            .Field("select", T.String).Field("end", T.Timestamp).Build());

        var ws = Rel.Scan(weird);
        var view = b.View("Mixed \"View\"", ViewLayer.Batch, ws.Select("select", "order", "café", Injection, Quoted, "end", "Mixed Case"),
            doc: "View docs with \"double\" and 'single' quotes.");

        var cs = Rel.Scan(clicks);
        var live = b.View("live \"counts\"", ViewLayer.Speed, cs.GroupBy([("select", cs.Col("select"))], [("count", Count, null, T.Long)],
                new WindowSpec(WindowKind.Tumbling, "end", TimeSpan.FromMinutes(1), null, null, Origin.None)),
            streaming: new StreamingIr("click \"stream\"", "end", TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), LatePolicy.Batch, TimeSpan.FromHours(1)));

        b.Sink(PipelineBuilder.NewSink("pg \"sink\"", SinkKind.Postgres, view.Name, view.Schema) with
        {
            Connection = "db", Table = new TableName(Schema, Table), Key = ["order"], Indexes = [["café", "end"], [Injection]], Mode = WriteMode.Upsert,
        });
        b.Sink(PipelineBuilder.NewSink("es \"sink\"", SinkKind.Elasticsearch, view.Name, view.Schema) with
        {
            Connection = "search", Index = Index, DocumentId = ["order"], TextFields = ["café"], Analyzer = "standard", Retention = TimeSpan.FromDays(7),
        });
        b.Sink(PipelineBuilder.NewSink("topic \"sink\"", SinkKind.Kafka, live.Name, live.Schema) with
        {
            Connection = "bus", Topic = "hostile.counts_v1-x", Key = ["window_start", "select"],
        });
        return b.Build();
    }
}
