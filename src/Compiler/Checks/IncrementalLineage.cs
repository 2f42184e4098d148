using System.Collections.Immutable;
using Pulse.Compiler.Ir;

namespace Pulse.Compiler.Checks;

/// <summary>One input relation of an incremental view to read from the high-water mark on: the leaf node and its column that carries the view's incremental column.</summary>
public sealed record IncrementalLeaf(RelNode Leaf, string Column);

/// <summary>
/// Traces a view's <c>incremental on</c> column down to the inputs it comes from, to decide which input rows
/// a re-run must process. The rule that makes "process the inputs from the mark on, replace the view's rows
/// from the mark on" equal to a full recompute: every output row with column value v is computed only from
/// input rows with the same v. So the column must be carried unchanged from an input: through where, order by,
/// select/derive as a plain column, an inner join's side (or the preserved side of a left join), both sides of a
/// union, and group by as a key (also <c>date_trunc</c> of the column, for the same reason as windows; or as <c>window_start</c> of a tumbling window over it, whose windows from the
/// mark on hold exactly the events from the mark on). A computed column, an aggregate, <c>limit</c>, the
/// optional side of a left join, or a hopping/session window break the rule: <see cref="Trace"/> says why.
/// The checker reports that as PULSE3040 (<see cref="IncrementalChecker"/>); the local runtime reads the leaves.
/// </summary>
public static class IncrementalLineage
{
    public static (ImmutableArray<IncrementalLeaf> Leaves, string? Refusal) Trace(RelNode root, string column)
    {
        var leaves = new List<IncrementalLeaf>();
        var refusal = Trace(root, column, leaves);
        return refusal is null ? ([.. leaves], null) : ([], refusal);
    }

    private static string? Trace(RelNode node, string column, List<IncrementalLeaf> leaves)
    {
        switch (node)
        {
            case ScanNode or ViewScanNode:
                leaves.Add(new IncrementalLeaf(node, column));
                return null;
            case FilterNode filter: return Trace(filter.Input, column, leaves);
            case SortNode sort: return Trace(sort.Input, column, leaves);
            case LimitNode: return "a view with limit keeps the first rows of the whole input, which new rows can change";
            case ProjectNode project:
                var named = project.Columns.FirstOrDefault(c => c.Name == column);
                return named?.Expr switch
                {
                    null => $"{column} is not produced by the view's select",
                    var expr when Carried(expr) is { } source => Trace(project.Input, source, leaves),
                    _ => $"{column} is computed (derive or select); it must be an input column carried unchanged (or date_trunc of one)",
                };
            case JoinNode join:
                var output = join.Outputs.FirstOrDefault(o => o.Name == column);
                if (output is null) return $"{column} is not an output of the join";
                if (join.Kind == JoinKind.Left && output.Side == JoinSide.Right)
                    return $"{column} comes from the optional side of a left join";
                return Trace(output.Side == JoinSide.Left ? join.Left : join.Right, output.InputColumn, leaves);
            case UnionNode union:
                return Trace(union.Left, column, leaves) ?? Trace(union.Right, column, leaves);
            case AggregateNode aggregate:
                if (aggregate.Window is { } window && column == "window_start")
                    return window.Kind == WindowKind.Tumbling
                        ? Trace(aggregate.Input, window.TimeColumn, leaves)
                        : $"a {window.Kind.ToString().ToLowerInvariant()} window mixes events from before the mark into windows after it; use a tumbling window";
                var key = aggregate.Keys.FirstOrDefault(k => k.Name == column);
                return key?.Expr switch
                {
                    null => $"{column} is not a group key; incremental on a grouped view needs the column among the keys (the groups from the mark on are replaced)",
                    var expr when Carried(expr) is { } source => Trace(aggregate.Input, source, leaves),
                    _ => $"the group key {column} is computed; group by the input column itself (or date_trunc of it)",
                };
            default:
                return $"{node.GetType().Name} cannot be processed incrementally";
        }
    }

    /// <summary>
    /// The input column an expression carries in order: the column itself, or <c>date_trunc(unit, column)</c>
    /// (a value from the mark on truncates to one from the mark on, and the mark, a truncated value, is aligned).
    /// </summary>
    private static string? Carried(Expr expr) => expr switch
    {
        ColumnRef { Input: 0 } column => column.Name,
        CallExpr { Function: "date_trunc", Arguments: [LiteralExpr, ColumnRef { Input: 0 } column] } => column.Name,
        _ => null,
    };
}
