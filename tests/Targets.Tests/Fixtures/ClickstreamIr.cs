using Pulse.Compiler.Ir;
using static Pulse.Compiler.Ir.AggregateFunction;

namespace Pulse.Targets.Tests.Fixtures;

/// <summary>pipelines/clickstream.pulse, lowered by hand.</summary>
public static class ClickstreamIr
{
    public static PipelineIr Build(string environment = "local")
    {
        var b = new PipelineBuilder("clickstream", environment);
        b.Connection("bus", ConnectionKind.Kafka, ("brokers", new EnvSetting("KAFKA_BROKERS")), ("sasl_password", new SecretSetting("kafka-sasl-password")));

        var c = new SourceBuilder("clicks", SourceFormat.Kafka)
            .Options(x => x with { Connection = "bus", Topic = "page-views", KeyField = "visitor_id", EventTimeField = "ts",
                Watermark = TimeSpan.FromSeconds(30), Lateness = TimeSpan.FromMinutes(2), Replay = "data/clicks.ndjson" })
            .Field("visitor_id", T.String).Field("page", T.String).Field("referrer", T.Opt(T.String)).Field("duration_ms", T.Opt(T.Int)).Field("ts", T.Timestamp)
            .Text(TextTransform.Lower, "page").Fill(E.Int(0), "duration_ms");
        c.Derive("section", E.Case(T.String, E.Str("other"), (E.Eq(c.Col("page"), E.Str("/")), E.Str("home")), (E.Regex(c.Col("page"), "^/docs"), E.Str("docs"))));
        c.Expect("sane_duration", E.Between(c.Col("duration_ms"), E.Int(0), E.Int(3600000)), ViolationAction.Drop);
        var clicks = b.Source(c.Build());

        var cs = Rel.Scan(clicks);
        var visits = b.View("visits", ViewLayer.Speed, cs.GroupBy([("visitor_id", cs.Col("visitor_id"))],
            [("pages", Count, null, T.Long), ("distinct_pages", CountDistinct, cs.Col("page"), T.Long), ("total_ms", Sum, cs.Col("duration_ms"), T.Long),
             ("first_page", First, cs.Col("page"), T.String), ("last_page", Last, cs.Col("page"), T.String)],
            new WindowSpec(WindowKind.Session, "ts", TimeSpan.Zero, null, TimeSpan.FromMinutes(30), Origin.None)),
            doc: "Visits: a session ends after 30 minutes without a click.",
            streaming: new StreamingIr("clicks", "ts", TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), LatePolicy.Drop, TimeSpan.FromHours(2)));

        var filtered = Rel.Scan(clicks) is var s2 ? s2.Where(E.Ne(s2.Col("section"), E.Str("other"))) : null!;
        var trending = b.View("trending_pages", ViewLayer.Speed, filtered.GroupBy([("page", filtered.Col("page"))],
            [("views", Count, null, T.Long), ("visitors", CountDistinct, filtered.Col("visitor_id"), T.Long)],
            new WindowSpec(WindowKind.Hopping, "ts", TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1), null, Origin.None)),
            doc: "Page popularity over the last 10 minutes, updated every minute.",
            streaming: new StreamingIr("clicks", "ts", TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), LatePolicy.Drop, TimeSpan.FromHours(1)));

        b.Sink(PipelineBuilder.NewSink("visits_topic", SinkKind.Kafka, "visits", visits.Schema) with { Connection = "bus", Topic = "visits", Key = ["visitor_id"] });
        b.Sink(PipelineBuilder.NewSink("trending_files", SinkKind.Parquet, "trending_pages", trending.Schema) with { Path = "out/trending", PartitionBy = ["page"] });
        return b.Build();
    }
}
