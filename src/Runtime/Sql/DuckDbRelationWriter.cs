using Pulse.Compiler.Ir;

namespace Pulse.Runtime.Sql;

/// <summary>
/// Lowers a view body (a tree of <see cref="RelNode"/>s) to one DuckDB SELECT. Every node becomes a
/// subquery with a fresh alias whose columns are exactly the node's schema, in order, so a parent
/// never depends on how a child was written. Ordering rules: ascending puts nulls first and
/// descending last (null is the smallest value, as in .NET's comparer); ties are broken by the
/// remaining scalar columns so that a sorted view is deterministic.
/// </summary>
public sealed class DuckDbRelationWriter
{
    private readonly RelationContext context;
    private int aliases;

    public DuckDbRelationWriter(RelationContext context) => this.context = context;

    /// <summary>
    /// The view's rows, each column cast to its IR type (so stored types never drift from the IR). When
    /// the view ends with <c>order by</c> (optionally followed by <c>limit</c>), the order is applied in
    /// this outermost SELECT, because an ORDER BY inside a subquery is not guaranteed to survive.
    /// </summary>
    public string WriteView(RelNode root)
    {
        var (sort, limit) = root switch
        {
            SortNode s => (s, (LimitNode?)null),
            LimitNode { Input: SortNode s } l => (s, l),
            _ => ((SortNode?)null, (LimitNode?)null),
        };
        var alias = NextAlias();
        var columns = root.Schema.Columns.Select(c =>
            DuckDbExpressionWriter.CastTo(c.Type, Column(alias, c.Name)) + " AS " + SqlText.Identifier(c.Name));
        var body = $"SELECT {SqlText.Join(columns)} FROM ({Write(sort?.Input ?? root)}) AS {SqlText.Identifier(alias)}";
        if (sort is not null) body += " ORDER BY " + OrderBy(sort, alias);
        if (limit is not null) body += " LIMIT " + SqlText.Integer(limit.Count);
        return body;
    }

    public string Write(RelNode node) => node switch
    {
        ScanNode scan => $"SELECT {ColumnList(null, scan.Schema)} FROM {context.SourceTable(scan.Source)}",
        ViewScanNode viewScan => $"SELECT {ColumnList(null, viewScan.Schema)} FROM {context.ViewTable(viewScan.View)}",
        FilterNode filter => WriteFilter(filter),
        ProjectNode project => WriteProject(project),
        JoinNode join => WriteJoin(join),
        AggregateNode aggregate => new AggregateSql(this).Write(aggregate),
        SortNode sort => WriteSort(sort),
        LimitNode limit => WriteLimit(limit),
        UnionNode union => WriteUnion(union),
        ServeMergeNode merge => new ServeMergeSql(this, context).Write(merge),
        _ => throw new NotSupportedException($"the batch runtime cannot lower {node.GetType().Name}"),
    };

    internal string NextAlias() => "_q" + (++aliases).ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal static string Column(string? alias, string name) =>
        alias is null ? SqlText.Identifier(name) : SqlText.Identifier(alias) + "." + SqlText.Identifier(name);

    internal static string ColumnList(string? alias, RelSchema schema) =>
        SqlText.Join(schema.Columns.Select(c => Column(alias, c.Name)));

    internal DuckDbExpressionWriter Expressions(string alias) => DuckDbExpressionWriter.ForAlias(alias, context.Now);

    private string WriteFilter(FilterNode filter)
    {
        var alias = NextAlias();
        return $"SELECT {ColumnList(alias, filter.Schema)} FROM ({Write(filter.Input)}) AS {SqlText.Identifier(alias)} " +
               $"WHERE {Expressions(alias).Write(filter.Predicate)}";
    }

    private string WriteProject(ProjectNode project)
    {
        var alias = NextAlias();
        var expressions = Expressions(alias);
        var columns = project.Columns.Select(c => expressions.Write(c.Expr) + " AS " + SqlText.Identifier(c.Name));
        return $"SELECT {SqlText.Join(columns)} FROM ({Write(project.Input)}) AS {SqlText.Identifier(alias)}";
    }

    private string WriteJoin(JoinNode join)
    {
        var left = NextAlias();
        var right = NextAlias();
        var expressions = new DuckDbExpressionWriter(c => Column(c.Input == 0 ? left : right, c.Name), context.Now);
        var outputs = join.Outputs.Select(o =>
            Column(o.Side == JoinSide.Left ? left : right, o.InputColumn) + " AS " + SqlText.Identifier(o.Name));
        var kind = join.Kind == JoinKind.Left ? "LEFT JOIN" : "INNER JOIN";
        return $"SELECT {SqlText.Join(outputs)} FROM ({Write(join.Left)}) AS {SqlText.Identifier(left)} " +
               $"{kind} ({Write(join.Right)}) AS {SqlText.Identifier(right)} ON {expressions.Write(join.Condition)}";
    }

    private string WriteSort(SortNode sort)
    {
        var alias = NextAlias();
        return $"SELECT {ColumnList(alias, sort.Schema)} FROM ({Write(sort.Input)}) AS {SqlText.Identifier(alias)} ORDER BY {OrderBy(sort, alias)}";
    }

    private string OrderBy(SortNode sort, string alias)
    {
        var expressions = Expressions(alias);
        var keys = sort.Keys.Select(k => expressions.Write(k.Expr) + (k.Descending ? " DESC NULLS LAST" : " ASC NULLS FIRST"));
        var tieBreaks = sort.Schema.Columns.Where(c => DuckDbTypes.IsOrderable(c.Type)).Select(c => Column(alias, c.Name) + " ASC NULLS FIRST");
        return SqlText.Join(keys.Concat(tieBreaks));
    }

    private string WriteLimit(LimitNode limit)
    {
        var alias = NextAlias();
        return $"SELECT {ColumnList(alias, limit.Schema)} FROM ({Write(limit.Input)}) AS {SqlText.Identifier(alias)} " +
               $"LIMIT {SqlText.Integer(limit.Count)}";
    }

    private string WriteUnion(UnionNode union)
    {
        var left = NextAlias();
        var right = NextAlias();
        string Side(RelNode input, string alias) =>
            $"SELECT {SqlText.Join(union.Schema.Columns.Select(c => DuckDbExpressionWriter.CastTo(c.Type, Column(alias, c.Name)) + " AS " + SqlText.Identifier(c.Name)))} " +
            $"FROM ({Write(input)}) AS {SqlText.Identifier(alias)}";
        return $"{Side(union.Left, left)} UNION ALL {Side(union.Right, right)}";
    }
}
