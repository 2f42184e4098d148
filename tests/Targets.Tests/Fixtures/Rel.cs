using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;

namespace Pulse.Targets.Tests.Fixtures;

/// <summary>Fluent relational trees whose schemas are derived the way the binder derives them.</summary>
public sealed class Rel(RelNode node)
{
    public RelNode Node { get; } = node;
    public RelSchema Schema => Node.Schema;
    private static readonly Origin O = Origin.None;

    public ColumnRef Col(string name, int input = 0) => E.Col(name, Schema[name].Type, input);

    public static Rel Scan(SourceIr source) => new(new ScanNode(source.Schema, O, source.Name));
    public static Rel ViewScan(ViewIr view) => new(new ViewScanNode(view.Schema, O, view.Name));

    public Rel Where(Expr predicate) => new(new FilterNode(Schema, O, Node, predicate));

    public Rel Select(params (string Name, Expr Expr)[] columns) =>
        new(new ProjectNode(new RelSchema(columns.Select(c => new Column(c.Name, c.Expr.Type)).ToImmutableArray()), O, Node,
            columns.Select(c => new NamedExpr(c.Name, c.Expr)).ToImmutableArray()));

    /// <summary>Select bare columns by name.</summary>
    public Rel Select(params string[] names) => Select(names.Select(n => (n, (Expr)Col(n))).ToArray());

    public Rel Derive(params (string Name, Expr Expr)[] columns) =>
        Select([.. Schema.Columns.Where(c => columns.All(n => n.Name != c.Name)).Select(c => (c.Name, (Expr)Col(c.Name))), .. columns]);

    public Rel GroupBy((string Name, Expr Expr)[] keys, (string Name, AggregateFunction Function, Expr? Argument, PulseType Type)[] aggregates, WindowSpec? window = null)
    {
        var columns = new List<Column>();
        if (window is not null) { columns.Add(new Column("window_start", T.Timestamp)); columns.Add(new Column("window_end", T.Timestamp)); }
        columns.AddRange(keys.Select(k => new Column(k.Name, k.Expr.Type)));
        columns.AddRange(aggregates.Select(a => new Column(a.Name, a.Type)));
        return new(new AggregateNode(new RelSchema(columns.ToImmutableArray()), O, Node,
            keys.Select(k => new NamedExpr(k.Name, k.Expr)).ToImmutableArray(),
            aggregates.Select(a => new AggregateExpr(a.Name, a.Function, a.Argument, a.Type)).ToImmutableArray(), window));
    }

    public Rel OrderBy(params (Expr Expr, bool Descending)[] keys) => new(new SortNode(Schema, O, Node, keys.Select(k => new SortKey(k.Expr, k.Descending)).ToImmutableArray()));
    public Rel Limit(long count) => new(new LimitNode(Schema, O, Node, count));
    public Rel Union(Rel other) => new(new UnionNode(Schema, O, Node, other.Node));

    /// <summary>A join; <paramref name="outputs"/> name each output column and where it comes from.</summary>
    public Rel Join(Rel right, JoinKind kind, Expr condition, string? leftAlias, string? rightAlias, ImmutableArray<string> usingColumns,
        params (string Name, JoinSide Side, string Column)[] outputs)
    {
        var columns = outputs.Select(o =>
        {
            var type = (o.Side == JoinSide.Left ? Schema : right.Schema)[o.Column].Type;
            if (o.Side == JoinSide.Right && kind == JoinKind.Left) type = type.AsNullable();
            return new Column(o.Name, type);
        }).ToImmutableArray();
        return new(new JoinNode(new RelSchema(columns), O, Node, right.Node, kind, condition, usingColumns.IsDefault ? [] : usingColumns,
            outputs.Select(o => new JoinOutput(o.Name, o.Side, o.Column)).ToImmutableArray(), leftAlias, rightAlias));
    }

    /// <summary>Every column of both sides; names that clash become alias.column, as the binder does.</summary>
    public Rel JoinAll(Rel right, JoinKind kind, Expr condition, string leftAlias, string rightAlias, params string[] usingColumns)
    {
        var outputs = new List<(string, JoinSide, string)>();
        foreach (var c in Schema.Columns)
        {
            var clash = right.Schema.Find(c.Name) is not null && !usingColumns.Contains(c.Name);
            outputs.Add((clash ? $"{leftAlias}.{c.Name}" : c.Name, JoinSide.Left, c.Name));
        }
        foreach (var c in right.Schema.Columns.Where(c => !usingColumns.Contains(c.Name)))
        {
            var clash = Schema.Find(c.Name) is not null;
            outputs.Add((clash ? $"{rightAlias}.{c.Name}" : c.Name, JoinSide.Right, c.Name));
        }
        return Join(right, kind, condition, leftAlias, rightAlias, usingColumns.ToImmutableArray(), outputs.ToArray());
    }

    public static Rel Serve(ViewIr batch, ViewIr speed, string[] keys, string time) =>
        new(new ServeMergeNode(batch.Schema, O, ViewScan(batch).Node, ViewScan(speed).Node, keys.ToImmutableArray(), time));
}
