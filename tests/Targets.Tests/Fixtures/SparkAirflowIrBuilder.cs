using System.Collections.Immutable;
using System.Globalization;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;

namespace Pulse.Targets.Tests.Fixtures;

/// <summary>
/// Terse constructors for hand-built IR (the Spark and Airflow tests build pipelines directly until
/// the front end lowers specs). Each method builds exactly the record the binder would, no more.
/// </summary>
public static class SparkAirflowIrBuilder
{
    public static readonly PulseType Str = PulseType.String;
    public static readonly PulseType Int = PulseType.Int;
    public static readonly PulseType Long = PulseType.Long;
    public static readonly PulseType Dbl = PulseType.Double;
    public static readonly PulseType Bool = PulseType.Bool;
    public static readonly PulseType Date = PulseType.Date;
    public static readonly PulseType Ts = PulseType.Timestamp;
    public static PulseType Dec(int p, int s) => PulseType.Decimal(p, s);
    public static PulseType N(PulseType type) => type.AsNullable();

    public static Origin At(string file, int line, int column = 1) => new(file, line, column, 0, 1);

    public static Column C(string name, PulseType type) => new(name, type);
    public static RelSchema Schema(params Column[] columns) => new([.. columns]);
    public static InputField Field(string name, PulseType type, string? from = null, Origin? origin = null) => new(name, from ?? name, type, null, origin ?? Origin.None);
    public static RelSchema SchemaOf(IEnumerable<InputField> fields) => new([.. fields.Select(f => new Column(f.Name, f.Type))]);

    public static ColumnRef Ref(string name, PulseType type, int input = 0) => new(type, name, input);
    public static LiteralExpr Lit(string value, PulseType type) => new(type, value, []);
    public static LiteralExpr LitInt(long value) => new(PulseType.Int, value.ToString(CultureInfo.InvariantCulture), []);
    public static LiteralExpr LitStr(string value) => new(PulseType.String, value, []);
    public static LiteralExpr Null(PulseType type) => new(type.AsNullable(), null, []);
    public static BinaryExpr Bin(BinaryOp op, Expr left, Expr right, PulseType? type = null) =>
        new(type ?? (op is BinaryOp.Equal or BinaryOp.NotEqual or BinaryOp.Less or BinaryOp.LessOrEqual or BinaryOp.Greater or BinaryOp.GreaterOrEqual or BinaryOp.And or BinaryOp.Or
            ? PulseType.Bool.WithNullability(left.Type.Nullable || right.Type.Nullable) : left.Type), op, left, right);
    public static CallExpr Fn(string function, PulseType type, params Expr[] args) => new(type, function, [.. args]);
    public static BetweenExpr Between(Expr operand, Expr low, Expr high) => new(PulseType.Bool, operand, low, high, false);
    public static InExpr In(Expr operand, params Expr[] values) => new(PulseType.Bool, operand, [.. values], false);
    public static IsNullExpr IsNull(Expr operand, bool negated = false) => new(PulseType.Bool, operand, negated);

    public static ExpectStep Expect(RelSchema after, string name, ExpectationRule rule, ViolationAction action, Origin origin, double? warnAbove = null, double? failAbove = null) =>
        new(after, origin, new ExpectationIr(name, rule, action, warnAbove, failAbove, origin));

    public static SourceIr Source(string name, SourceFormat format, SourceOptions options, ImmutableArray<InputField> fields, ImmutableArray<CleanStep> steps, Origin origin, RelSchema? schema = null) =>
        new(name, format, options, fields, steps, schema ?? (steps.IsDefaultOrEmpty ? SchemaOf(fields) : steps[^1].SchemaAfter), null, origin);

    public static ScanNode Scan(SourceIr source) => new(source.Schema, source.Origin, source.Name);
    public static ViewScanNode ViewScan(ViewIr view) => new(view.Schema, view.Origin, view.Name);

    public static ProjectNode Select(RelNode input, Origin origin, params NamedExpr[] columns) =>
        new(new RelSchema([.. columns.Select(c => new Column(c.Name, c.Expr.Type))]), origin, input, [.. columns]);
    public static NamedExpr As(string name, Expr expr) => new(name, expr);
    public static NamedExpr Pass(RelNode input, string name) => new(name, Ref(name, input.Schema[name].Type));

    public static AggregateNode Group(RelNode input, Origin origin, WindowSpec? window, NamedExpr[] keys, params AggregateExpr[] aggregates)
    {
        var columns = new List<Column>();
        if (window is not null) { columns.Add(new Column("window_start", Ts)); columns.Add(new Column("window_end", Ts)); }
        columns.AddRange(keys.Select(k => new Column(k.Name, k.Expr.Type)));
        columns.AddRange(aggregates.Select(a => new Column(a.Name, a.Type)));
        return new AggregateNode(new RelSchema([.. columns]), origin, input, [.. keys], [.. aggregates], window);
    }

    public static AggregateExpr Agg(string name, AggregateFunction function, Expr? argument, PulseType type) => new(name, function, argument, type);

    public static ViewIr View(string name, ViewLayer layer, RelNode root, Origin origin, StreamingIr? streaming = null, string? incremental = null) =>
        new(name, layer, root, incremental, streaming, null, origin);

    public static SinkIr Sink(string name, SinkKind kind, string from, RelSchema schema, Origin origin, string? connection = null, TableName? table = null,
        string[]? key = null, WriteMode mode = WriteMode.Append, string? index = null, string[]? id = null, string[]? text = null, string? path = null,
        string[]? partitionBy = null, string? topic = null, TimeSpan? retention = null, string? analyzer = null) =>
        new(name, kind, from, schema, connection, table, [.. key ?? []], [], mode, index, [.. id ?? []], [.. text ?? []], analyzer, retention, path,
            [.. partitionBy ?? []], topic, null, origin);

    public static ConnectionIr Connection(string name, ConnectionKind kind, Origin origin, params (string Key, SettingValue Value)[] settings) =>
        new(name, kind, settings.ToImmutableSortedDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal), false, null, origin);

    /// <summary>Table-level lineage as the binder computes it: sources → views they scan → sinks, in dependency order.</summary>
    public static LineageIr Lineage(IEnumerable<SourceIr> sources, IEnumerable<ViewIr> views, IEnumerable<SinkIr> sinks)
    {
        var nodes = new List<LineageNode>();
        var edges = new List<LineageEdge>();
        nodes.AddRange(sources.Select(s => new LineageNode(s.Name, LineageNodeKind.Source, s.Format.ToString().ToLowerInvariant())));
        foreach (var view in views)
        {
            nodes.Add(new LineageNode(view.Name, LineageNodeKind.View, view.Layer.ToString().ToLowerInvariant() + " view"));
            foreach (var read in Reads(view.Root).Distinct()) edges.Add(new LineageEdge(read, view.Name));
        }
        foreach (var sink in sinks)
        {
            nodes.Add(new LineageNode(sink.Name, LineageNodeKind.Sink, sink.Kind.ToString().ToLowerInvariant()));
            edges.Add(new LineageEdge(sink.From, sink.Name));
        }
        return new LineageIr([.. nodes], [.. edges], []);
    }

    private static IEnumerable<string> Reads(RelNode node) => node switch
    {
        ScanNode scan => [scan.Source],
        ViewScanNode view => [view.View],
        _ => node.Inputs.SelectMany(Reads),
    };

    public static PipelineIr Pipeline(string name, string environment, ImmutableArray<ConnectionIr> connections, ImmutableArray<SourceIr> sources,
        ImmutableArray<ViewIr> views, ImmutableArray<SinkIr> sinks, ScheduleIr? schedule, ImmutableArray<DeployIr> deployments, string? owner = null) =>
        new(name, environment, "/specs", owner, null, connections, sources, views, sinks, schedule, deployments, [], Lineage(sources, views, sinks));
}
