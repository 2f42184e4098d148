using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;

namespace Pulse.Runtime.Tests.Fixtures;

/// <summary>Relational IR nodes with their output schemas computed the way the lowering does.</summary>
public static class R
{
    private static readonly Origin O = Origin.None;

    public static ScanNode Scan(SourceIr source) => new(source.Schema, O, source.Name);
    public static ViewScanNode ViewScan(ViewIr view) => new(view.Schema, O, view.Name);
    public static FilterNode Where(RelNode input, Expr predicate) => new(input.Schema, O, input, predicate);

    public static ProjectNode Select(RelNode input, params (string Name, Expr Expr)[] columns) =>
        new(Schema(columns.Select(c => new Column(c.Name, c.Expr.Type))), O, input, [.. columns.Select(c => new NamedExpr(c.Name, c.Expr))]);

    /// <summary>Input columns first (replaced in place when re-derived), then new ones.</summary>
    public static ProjectNode Derive(RelNode input, params (string Name, Expr Expr)[] columns)
    {
        var all = input.Schema.Columns.Select(c => columns.FirstOrDefault(d => d.Name == c.Name) is { Name: not null } d
            ? (c.Name, d.Expr) : (c.Name, (Expr)new ColumnRef(c.Type, c.Name))).ToList();
        all.AddRange(columns.Where(d => input.Schema.Find(d.Name) is null));
        return Select(input, [.. all]);
    }

    public static AggregateExpr Count(string name) => new(name, AggregateFunction.Count, null, PulseType.Long);
    public static AggregateExpr CountOf(string name, Expr e) => new(name, AggregateFunction.Count, e, PulseType.Long);
    public static AggregateExpr CountDistinct(string name, Expr e) => new(name, AggregateFunction.CountDistinct, e, PulseType.Long);
    public static AggregateExpr Sum(string name, Expr e) => new(name, AggregateFunction.Sum, e, (e.Type.Kind switch
    {
        TypeKind.Int or TypeKind.Long => PulseType.Long,
        TypeKind.Decimal => PulseType.Decimal(38, e.Type.Scale),
        _ => PulseType.Double,
    }).AsNullable());
    public static AggregateExpr Avg(string name, Expr e) =>
        new(name, AggregateFunction.Avg, e, (e.Type.Kind == TypeKind.Decimal ? PulseType.Decimal(38, Math.Max(e.Type.Scale, 6)) : PulseType.Double).AsNullable());
    public static AggregateExpr Min(string name, Expr e) => new(name, AggregateFunction.Min, e, e.Type.AsNullable());
    public static AggregateExpr Max(string name, Expr e) => new(name, AggregateFunction.Max, e, e.Type.AsNullable());
    public static AggregateExpr First(string name, Expr e) => new(name, AggregateFunction.First, e, e.Type.AsNullable());
    public static AggregateExpr Last(string name, Expr e) => new(name, AggregateFunction.Last, e, e.Type.AsNullable());

    public static AggregateNode GroupBy(RelNode input, (string Name, Expr Expr)[] keys, AggregateExpr[] aggregates, WindowSpec? window = null)
    {
        var columns = new List<Column>();
        if (window is not null)
        {
            columns.Add(new Column("window_start", PulseType.Timestamp));
            columns.Add(new Column("window_end", PulseType.Timestamp));
        }
        columns.AddRange(keys.Select(k => new Column(k.Name, k.Expr.Type)));
        columns.AddRange(aggregates.Select(a => new Column(a.Name, a.Type)));
        return new AggregateNode(Schema(columns), O, input, [.. keys.Select(k => new NamedExpr(k.Name, k.Expr))], [.. aggregates], window);
    }

    public static WindowSpec Tumbling(string column, TimeSpan size) => new(WindowKind.Tumbling, column, size, null, null, O);
    public static WindowSpec Hopping(string column, TimeSpan size, TimeSpan slide) => new(WindowKind.Hopping, column, size, slide, null, O);
    public static WindowSpec Session(string column, TimeSpan gap) => new(WindowKind.Session, column, gap, null, gap, O);

    public static SortNode OrderBy(RelNode input, params (Expr Expr, bool Descending)[] keys) =>
        new(input.Schema, O, input, [.. keys.Select(k => new SortKey(k.Expr, k.Descending))]);

    public static LimitNode Limit(RelNode input, long count) => new(input.Schema, O, input, count);

    public static UnionNode Union(RelNode left, RelNode right) => new(left.Schema, O, left, right);

    /// <summary>A join; <paramref name="outputs"/> name each output column and where it comes from.</summary>
    public static JoinNode Join(RelNode left, RelNode right, JoinKind kind, Expr condition, (string Name, JoinSide Side, string Column)[] outputs,
        string[]? usingColumns = null)
    {
        var columns = outputs.Select(o =>
        {
            var source = (o.Side == JoinSide.Left ? left : right).Schema[o.Column];
            var nullable = source.Type.Nullable || (kind == JoinKind.Left && o.Side == JoinSide.Right);
            return new Column(o.Name, source.Type.WithNullability(nullable));
        });
        return new JoinNode(Schema(columns), O, left, right, kind, condition, [.. usingColumns ?? []],
            [.. outputs.Select(o => new JoinOutput(o.Name, o.Side, o.Column))], null, null);
    }

    public static ServeMergeNode ServeMerge(ViewIr batch, ViewIr speed, string[] keys, string time) =>
        new(batch.Schema, O, ViewScan(batch), ViewScan(speed), [.. keys], time);

    public static ViewIr Batch(string name, RelNode root, string? incremental = null) => new(name, ViewLayer.Batch, root, incremental, null, null, O);
    public static ViewIr Serving(string name, RelNode root) => new(name, ViewLayer.Serving, root, null, null, null, O);
    public static ViewIr Speed(string name, RelNode root) =>
        new(name, ViewLayer.Speed, root, null, new StreamingIr("", "", TimeSpan.Zero, TimeSpan.Zero, LatePolicy.Batch, TimeSpan.FromHours(1)), null, O);

    public static RelSchema Schema(IEnumerable<Column> columns) => new(columns.ToImmutableArray());
}
