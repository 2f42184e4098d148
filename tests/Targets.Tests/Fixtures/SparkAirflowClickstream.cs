using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using static Pulse.Targets.Tests.Fixtures.SparkAirflowIrBuilder;

namespace Pulse.Targets.Tests.Fixtures;

/// <summary>pipelines/clickstream.pulse lowered for <c>staging</c>: speed views only, no schedule.</summary>
public static class SparkAirflowClickstream
{
    private const string File = "/specs/clickstream.pulse";

    public static PipelineIr Build()
    {
        var connections = ImmutableArray.Create(Connection("bus", ConnectionKind.Kafka, At(File, 6),
            ("brokers", new EnvSetting("KAFKA_BROKERS")), ("sasl_password", new SecretSetting("kafka-sasl-password"))));
        var fields = ImmutableArray.Create(Field("visitor_id", Str), Field("page", Str), Field("referrer", N(Str)), Field("duration_ms", N(Int)), Field("ts", Ts));
        var raw = SchemaOf(fields);
        var filled = Schema(C("visitor_id", Str), C("page", Str), C("referrer", N(Str)), C("duration_ms", Int), C("ts", Ts));
        var derived = Schema(C("visitor_id", Str), C("page", Str), C("referrer", N(Str)), C("duration_ms", Int), C("ts", Ts), C("section", Str));
        var section = new CaseExpr(Str,
        [
            new WhenClause(Bin(BinaryOp.Equal, Ref("page", Str), LitStr("/")), LitStr("home")),
            new WhenClause(Fn("regex_match", Bool, Ref("page", Str), LitStr("^/docs")), LitStr("docs")),
        ], LitStr("other"));
        var clicks = Source("clicks", SourceFormat.Kafka, new SourceOptions
        {
            Connection = "bus", Topic = "page-views", KeyField = "visitor_id", EventTimeField = "ts",
            Watermark = TimeSpan.FromSeconds(30), Lateness = TimeSpan.FromMinutes(2), Replay = "data/clicks.ndjson",
        }, fields,
        [
            new TextTransformStep(raw, At(File, 28, 5), TextTransform.Lower, ["page"]),
            new FillStep(filled, At(File, 29, 5), ["duration_ms"], LitInt(0)),
            new DeriveStep(derived, At(File, 30, 5), "section", section),
            Expect(derived, "sane_duration", new RowRule(Between(Ref("duration_ms", Int), LitInt(0), LitInt(3600000))), ViolationAction.Drop, At(File, 31, 5)),
        ], At(File, 11));

        var visitsBody = Group(Scan(clicks), At(File, 37, 3), new WindowSpec(WindowKind.Session, "ts", TimeSpan.FromMinutes(30), null, TimeSpan.FromMinutes(30), At(File, 37, 3)),
            [As("visitor_id", Ref("visitor_id", Str))],
            Agg("pages", AggregateFunction.Count, null, Long),
            Agg("distinct_pages", AggregateFunction.CountDistinct, Ref("page", Str), Long),
            Agg("total_ms", AggregateFunction.Sum, Ref("duration_ms", Int), Long),
            Agg("first_page", AggregateFunction.First, Ref("page", Str), Str),
            Agg("last_page", AggregateFunction.Last, Ref("page", Str), Str));
        var visits = View("visits", ViewLayer.Speed, visitsBody, At(File, 35),
            new StreamingIr("clicks", "ts", TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), LatePolicy.Drop, TimeSpan.FromHours(2)));

        var clickScan = Scan(clicks);
        var notOther = new FilterNode(clickScan.Schema, At(File, 51, 3), clickScan, Bin(BinaryOp.NotEqual, Ref("section", Str), LitStr("other")));
        var trendingBody = Group(notOther, At(File, 52, 3), new WindowSpec(WindowKind.Hopping, "ts", TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1), null, At(File, 52, 3)),
            [As("page", Ref("page", Str))],
            Agg("views", AggregateFunction.Count, null, Long),
            Agg("visitors", AggregateFunction.CountDistinct, Ref("visitor_id", Str), Long));
        var trending = View("trending_pages", ViewLayer.Speed, trendingBody, At(File, 49),
            new StreamingIr("clicks", "ts", TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), LatePolicy.Drop, TimeSpan.FromHours(1)));

        var sinks = ImmutableArray.Create(
            Sink("visits_topic", SinkKind.Kafka, "visits", visits.Schema, At(File, 62), connection: "bus", topic: "visits", key: ["visitor_id"]),
            Sink("trending_files", SinkKind.Parquet, "trending_pages", trending.Schema, At(File, 69), path: "out/trending", partitionBy: ["page"]));
        return Pipeline("clickstream", "staging", connections, [clicks], [visits, trending], sinks, null, []);
    }
}
