using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Expressions;

namespace Pulse.Runtime.Streaming.Processing;

/// <summary>
/// Where a planned view reads from and what its rows promise: the upstream speed view (null: the source),
/// the shift of its window column when it windows the final windows of an upstream view, and the
/// frontiers of its own output (see <see cref="SpeedView.Frontiers"/>).
/// </summary>
internal sealed record ViewInput(SpeedView? Upstream, long? WindowShift, IReadOnlyDictionary<string, long>? Frontiers);

/// <summary>
/// Compiles a speed view's relational tree (IR) into a <see cref="SpeedView"/>: row steps before the
/// window, the window, row steps after it. A view reads the source's cleaned events or another speed view
/// of the same source (planned before it, see <see cref="SpeedViewGraph"/>). Shapes a stream cannot run
/// are refused with a clear error naming the view and the step, never a half-working plan.
/// </summary>
public static class SpeedViewPlanner
{
    public static SpeedView Plan(ViewIr view, SourceIr source, RowLayout cleaned, DateTime now) =>
        Plan(view, source, cleaned, now, _ => null);

    /// <param name="planned">The speed views of the same source planned so far, by name (a view's upstream is planned before it).</param>
    public static SpeedView Plan(ViewIr view, SourceIr source, RowLayout cleaned, DateTime now, Func<string, SpeedView?> planned)
    {
        var chain = new List<RelNode>();
        var node = view.Root;
        while (node is not (ScanNode or ViewScanNode))
        {
            chain.Add(node);
            node = node switch
            {
                FilterNode filter => filter.Input,
                ProjectNode project => project.Input,
                AggregateNode grouped => grouped.Input,
                JoinNode join => throw Refuse(view, join.Origin, JoinProblem(join, source, planned), JoinHint(join, source, planned)),
                _ => throw Refuse(view, node.Origin, $"a {Describe(node)} step cannot run on a stream"),
            };
        }
        SpeedView? upstream = null;
        RowLayout input;
        if (node is ViewScanNode viewScan)
        {
            upstream = planned(viewScan.View) ?? throw Refuse(view, viewScan.Origin,
                $"it reads the view {viewScan.View}, which is not a speed view of source {source.Name}",
                "a speed view reads a kafka source or another speed view over the same source");
            input = RowLayout.Of(upstream.View.Schema);
        }
        else
        {
            var scanned = (ScanNode)node;
            if (scanned.Source != source.Name) throw Refuse(view, scanned.Origin, $"it reads {scanned.Source}, not {source.Name}");
            input = cleaned;
        }
        chain.Reverse();

        var aggregates = chain.OfType<AggregateNode>().ToList();
        if (aggregates.Count > 1) throw Refuse(view, aggregates[1].Origin, "it groups twice; a speed view has at most one group by");
        var aggregate = aggregates.SingleOrDefault();
        if (aggregate is { Window: null }) throw Refuse(view, aggregate.Origin, "its group by has no window; on a stream a group by needs `window tumbling|hopping|session ... on <time>`");

        var split = aggregate is null ? chain.Count : chain.IndexOf(aggregate);
        // Window rows keep their promises through filters and renames (see SpeedView.Frontiers).
        var inputFrontiers = upstream?.Frontiers;
        try
        {
            var (before, layout) = RowSteps(chain.Take(split), input, now);
            var beforeFrontiers = inputFrontiers is null ? null : Trace(chain.Take(split), inputFrontiers);
            if (aggregate is null)
            {
                var (project, _) = FinalShape(view.Schema, layout);
                return new SpeedView(view, Chain(before, project), row => row, null, layout, now,
                    new ViewInput(upstream, null, beforeFrontiers is null ? null : Final(view.Schema, beforeFrontiers)));
            }
            var window = aggregate.Window!;
            long? windowShift = null;
            if (beforeFrontiers is not null)
            {
                if (!beforeFrontiers.TryGetValue(window.TimeColumn, out var shift))
                    throw Refuse(view, window.Origin,
                        $"it windows on {window.TimeColumn}, but the rows of {upstream!.View.Name} are windows, ordered only by their bounds",
                        $"window on window_end of {upstream.View.Name} (or window_start, when its window is tumbling or hopping)");
                windowShift = shift;
            }
            // Emitted windows: window_end stays above watermark - emitShift; window_start (not for sessions) above that minus the size.
            var emitShift = windowShift ?? Micros(view.Streaming?.Lateness ?? TimeSpan.Zero);
            var aggregateFrontiers = new Dictionary<string, long>(StringComparer.Ordinal) { ["window_end"] = emitShift };
            if (window.Kind != WindowKind.Session) aggregateFrontiers["window_start"] = emitShift + Micros(window.Size);
            var afterSteps = chain.Skip(split + 1).ToList();
            var (after, afterLayout) = RowSteps(afterSteps, RowLayout.Of(aggregate.Schema), now);
            var (final, _) = FinalShape(view.Schema, afterLayout);
            return new SpeedView(view, before, Chain(after, final), aggregate, layout, now,
                new ViewInput(upstream, windowShift, Final(view.Schema, Trace(afterSteps, aggregateFrontiers))));
        }
        catch (Exception e) when (e is NotSupportedException or KeyNotFoundException or ArgumentException or FormatException)
        {
            throw Refuse(view, view.Origin, e.Message);
        }
    }

    private static long Micros(TimeSpan span) => span.Ticks / TimeSpan.TicksPerMicrosecond;

    /// <summary>Follows frontier columns through row steps: a filter keeps them, a projection keeps the columns it passes through unchanged (renamed or not).</summary>
    private static Dictionary<string, long> Trace(IEnumerable<RelNode> steps, IReadOnlyDictionary<string, long> frontiers)
    {
        var current = new Dictionary<string, long>(frontiers, StringComparer.Ordinal);
        foreach (var step in steps)
        {
            if (step is not ProjectNode project) continue;
            var next = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var column in project.Columns)
                if (column.Expr is ColumnRef reference && current.TryGetValue(reference.Name, out var shift))
                    next[column.Name] = shift;
            current = next;
        }
        return current;
    }

    private static Dictionary<string, long> Final(RelSchema schema, Dictionary<string, long> frontiers) =>
        schema.Columns.Where(c => frontiers.ContainsKey(c.Name)).ToDictionary(c => c.Name, c => frontiers[c.Name], StringComparer.Ordinal);

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

    /// <summary>The relations a join side reads, and whether each is a stream (this source or a speed view over it).</summary>
    private static IEnumerable<(string Name, bool Stream)> Leaves(RelNode node, SourceIr source, Func<string, SpeedView?> planned) => node switch
    {
        ScanNode scan => [(scan.Source, scan.Source == source.Name)],
        ViewScanNode scan => [(scan.View, planned(scan.View) is not null)],
        _ => node.Inputs.SelectMany(i => Leaves(i, source, planned)),
    };

    private static string JoinProblem(JoinNode join, SourceIr source, Func<string, SpeedView?> planned)
    {
        var sides = Leaves(join.Left, source, planned).Concat(Leaves(join.Right, source, planned)).ToList();
        var statics = sides.Where(s => !s.Stream).Select(s => s.Name).Distinct().ToList();
        var streams = sides.Select(s => s.Name).Distinct().ToList();
        var what = streams.Count == 1 ? $"the stream {streams[0]} with itself" : $"two streams ({string.Join(" and ", streams)})";
        return statics.Count == 0
            ? $"a join step cannot run on a stream: it joins {what}, which needs a join window and state on both sides"
            : $"a join step cannot run on a stream: a lookup join with {string.Join(", ", statics)} (a batch relation) is not supported by the speed layer";
    }

    private static string JoinHint(JoinNode join, SourceIr source, Func<string, SpeedView?> planned) =>
        Leaves(join.Left, source, planned).Concat(Leaves(join.Right, source, planned)).All(s => s.Stream)
            ? "join the two streams in a batch view (both are its input through their replay/topic), or aggregate each in its own speed view and join the results in a batch or serving view"
            : "enrich the stream in a batch view over it, or carry the attribute in the events";

    private static PulseRunException Refuse(ViewIr view, Origin origin, string why, string? hint = null) =>
        new(RunError.At(origin.Line > 0 ? origin : view.Origin, SpeedCodes.UnsupportedView,
            $"speed view {view.Name} cannot run: {why}",
            hint ?? "keep speed views to where/derive/select, one group by with a window, and where/select after it; do the rest in a batch view"));
}
