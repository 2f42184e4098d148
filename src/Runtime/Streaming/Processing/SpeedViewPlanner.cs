using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Expressions;

namespace Pulse.Runtime.Streaming.Processing;

/// <summary>
/// Compiles a speed view's relational tree (IR) into a <see cref="SpeedView"/>: row steps before the
/// window, the window, row steps after it. Shapes a stream cannot run are refused with a clear error
/// naming the view and the step, never a half-working plan.
/// </summary>
public static class SpeedViewPlanner
{
    public static SpeedView Plan(ViewIr view, SourceIr source, RowLayout cleaned, DateTime now)
    {
        var chain = new List<RelNode>();
        var node = view.Root;
        while (node is not ScanNode)
        {
            chain.Add(node);
            node = node switch
            {
                FilterNode filter => filter.Input,
                ProjectNode project => project.Input,
                AggregateNode grouped => grouped.Input,
                ViewScanNode scan => throw Refuse(view, scan.Origin, $"it reads the view {scan.View}; the speed layer reads kafka sources only so far"),
                _ => throw Refuse(view, node.Origin, $"a {Describe(node)} step cannot run on a stream"),
            };
        }
        var scanned = (ScanNode)node;
        if (scanned.Source != source.Name) throw Refuse(view, scanned.Origin, $"it reads {scanned.Source}, not {source.Name}");
        chain.Reverse();

        var aggregates = chain.OfType<AggregateNode>().ToList();
        if (aggregates.Count > 1) throw Refuse(view, aggregates[1].Origin, "it groups twice; a speed view has at most one group by");
        var aggregate = aggregates.SingleOrDefault();
        if (aggregate is { Window: null }) throw Refuse(view, aggregate.Origin, "its group by has no window; on a stream a group by needs `window tumbling|hopping|session ... on <time>`");

        var split = aggregate is null ? chain.Count : chain.IndexOf(aggregate);
        try
        {
            var (before, layout) = RowSteps(chain.Take(split), cleaned, now);
            if (aggregate is null)
            {
                var (project, _) = FinalShape(view.Schema, layout);
                return new SpeedView(view, Chain(before, project), row => row, null, layout, now);
            }
            var (after, afterLayout) = RowSteps(chain.Skip(split + 1), RowLayout.Of(aggregate.Schema), now);
            var (final, _) = FinalShape(view.Schema, afterLayout);
            return new SpeedView(view, before, Chain(after, final), aggregate, layout, now);
        }
        catch (Exception e) when (e is NotSupportedException or KeyNotFoundException or ArgumentException or FormatException)
        {
            throw Refuse(view, view.Origin, e.Message);
        }
    }

    private static (Func<object?[], object?[]?>, RowLayout) RowSteps(IEnumerable<RelNode> steps, RowLayout layout, DateTime now)
    {
        Func<object?[], object?[]?> composed = row => row;
        foreach (var step in steps)
        {
            var compiler = new ExpressionCompiler(layout, now);
            switch (step)
            {
                case FilterNode filter:
                    var predicate = compiler.Predicate(filter.Predicate);
                    composed = Chain(composed, row => predicate(row) ? row : null);
                    break;
                case ProjectNode project:
                    var values = project.Columns.Select((c, i) => compiler.Value(c.Expr, project.Schema.Columns[i].Type)).ToArray();
                    composed = Chain(composed, row =>
                    {
                        var result = new object?[values.Length];
                        for (var i = 0; i < values.Length; i++) result[i] = values[i](row);
                        return result;
                    });
                    layout = RowLayout.Of(project.Schema);
                    break;
                default:
                    throw new NotSupportedException($"a {Describe(step)} step cannot run on a stream");
            }
        }
        return (composed, layout);
    }

    /// <summary>Rows leave a view in its schema's column order; reorders (or picks) slots when they are not already so.</summary>
    private static (Func<object?[], object?[]?>, RowLayout) FinalShape(RelSchema schema, RowLayout layout)
    {
        var ordinals = schema.Columns.Select(c => layout.Ordinal(c.Name)).ToArray();
        if (layout.Width == ordinals.Length && ordinals.Select((o, i) => o == i).All(x => x)) return (row => row, layout);
        return (row =>
        {
            var result = new object?[ordinals.Length];
            for (var i = 0; i < ordinals.Length; i++) result[i] = row[ordinals[i]];
            return result;
        }, RowLayout.Of(schema));
    }

    private static Func<object?[], object?[]?> Chain(Func<object?[], object?[]?> first, Func<object?[], object?[]?> second) =>
        row => first(row) is { } next ? second(next) : null;

    private static string Describe(RelNode node) => node switch
    {
        JoinNode => "join",
        UnionNode => "union",
        SortNode => "order by",
        LimitNode => "limit",
        ServeMergeNode => "serving merge",
        _ => node.GetType().Name,
    };

    private static PulseRunException Refuse(ViewIr view, Origin origin, string why) =>
        new(RunError.At(origin.Line > 0 ? origin : view.Origin, SpeedCodes.UnsupportedView,
            $"speed view {view.Name} cannot run: {why}",
            "keep speed views to where/derive/select, one group by with a window, and where/select after it; do the rest in a batch view"));
}
