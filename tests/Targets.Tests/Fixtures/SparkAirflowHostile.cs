using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using static Pulse.Targets.Tests.Fixtures.SparkAirflowIrBuilder;

namespace Pulse.Targets.Tests.Fixtures;

/// <summary>
/// Backtick-quoted names at their worst: quotes, spaces, dots, backslashes, reserved words of C#,
/// Python and SQL, unicode, Jinja markers, a newline. Built by hand as the binder would lower a spec like
/// <c>source `class`: csv { schema { `select`: string  `café`: int ... } }</c>.
/// </summary>
public static class SparkAirflowHostile
{
    private const string File = "/specs/odd \"spec\".pulse";
    public const string Pipeline = "odd \"pipe\" line";
    public const string SourceName = "class";
    public const string ViewName = "select";
    public const string Quoted = "it's \"quoted\"";
    public const string Jinja = "{{ dag.dag_id }} {% raw %}";

    public static PipelineIr Build()
    {
        var connections = ImmutableArray.Create(Connection("my db", ConnectionKind.Postgres, At(File, 3),
            ("password", new SecretSetting("db \"pass\"")), ("url", new EnvSetting("ODD_DB_URL"))));
        var fields = ImmutableArray.Create(
            Field("select", Str, "Select"), Field("café", Int, "Café ☕"), Field(Quoted, N(Str), "quote\"d"), Field("with space", N(Dbl), "with space"),
            Field("a.b", N(Str), "a.b"), Field("back\\slash", N(Str), "back\\slash"), Field(Jinja, N(Str), "jinja"), Field("new\nline", N(Str), "nl"));
        var schema = SchemaOf(fields);
        var source = Source(SourceName, SourceFormat.Csv, new SourceOptions { Path = "data/odd \"file\".csv", Delimiter = "\t", NullTokens = ["", "\\N", "{{x}}"] }, fields,
        [
            new TextTransformStep(schema, At(File, 10, 5), TextTransform.Trim, ["select", Quoted]),
            new DeriveStep(schema, At(File, 11, 5), "a.b", Fn("concat", Str, Ref("select", Str), LitStr("\"); System.Environment.Exit(1); //"), Ref(Quoted, N(Str)))),
            Expect(schema, "it's \"bad\" {{ x }}", new RowRule(Fn("regex_match", Bool, Ref("select", Str), LitStr("^[a-z\"']+\\d*$"))), ViolationAction.Quarantine, At(File, 12, 5), failAbove: 0.5),
            Expect(schema, "class", new UniqueRule(["café", "a.b"]), ViolationAction.Warn, At(File, 13, 5)),
        ], At(File, 6));

        var scan = Scan(source);
        var filter = new FilterNode(scan.Schema, At(File, 20, 3), scan, Bin(BinaryOp.Equal, Ref("with space", N(Dbl)), Lit("1.5", PulseTypeDouble)));
        var group = Group(filter, At(File, 21, 3), null, [As("café", Ref("café", Int)), As("a.b", Ref("a.b", N(Str)))],
            Agg(Quoted, AggregateFunction.Count, null, Long), Agg("new\nline", AggregateFunction.Max, Ref("new\nline", N(Str)), N(Str)));
        var view = View(ViewName, ViewLayer.Batch, group, At(File, 18));
        var sinks = ImmutableArray.Create(
            Sink("to \"pg\"", SinkKind.Postgres, ViewName, view.Schema, At(File, 30), connection: "my db", table: new TableName("odd \"schema\"", "select"),
                key: ["café", "a.b"], mode: WriteMode.Upsert),
            Sink("lake;rm -rf", SinkKind.Delta, ViewName, view.Schema, At(File, 36), path: "lake/odd \"dir\"", partitionBy: ["a.b"]));
        var schedule = new ScheduleIr("0 3 * * *", 1, TimeSpan.FromMinutes(2), null, "o'hara \"ops\"", TimeSpan.FromDays(1), At(File, 40));
        return SparkAirflowIrBuilder.Pipeline(Pipeline, "local", connections, [source], [view], sinks, schedule, []) with { Description = Jinja + " \"\"\" '''" };
    }

    private static readonly Pulse.Compiler.Types.PulseType PulseTypeDouble = Pulse.Compiler.Types.PulseType.Double;
}
