using Pulse.Compiler.Ir;

namespace Pulse.Targets.Spark;

/// <summary>
/// A speed job whose view reads another speed view streams that view's Delta table, which the upstream job
/// appends to per micro-batch. Its windowed group by needs its own watermark (Structured Streaming refuses a
/// streaming aggregation in append mode without one): over events (an upstream without a window) the source's
/// watermark plus lateness on the event time, as for a kafka source; over the final windows of an upstream
/// (appended once, in the order of their bounds: docs/language.md, Views) no delay, on a bound column
/// (<c>window_end</c>, or <c>window_start</c> of a tumbling or hopping window, possibly renamed). A window over
/// windows on any other column has no order to close on and is refused (PULSE4403), as <c>pulse run</c> refuses it.
/// </summary>
public static class SparkSpeedChains
{
    /// <summary>The watermark delay of the view's windowed group by when the view streams another speed view; null otherwise.</summary>
    public static TimeSpan? WatermarkDelay(PipelineIr pipeline, ViewIr view)
    {
        if (view.Layer != ViewLayer.Speed || Chain(view.Root) is not { } chain || chain.Leaf is not ViewScanNode scan) return null;
        if (pipeline.FindView(scan.View) is not { Layer: ViewLayer.Speed } upstream) return null;
        var aggregate = chain.Steps.OfType<AggregateNode>().FirstOrDefault();
        if (aggregate?.Window is not { } window) return null;
        var bounds = Bounds(pipeline, upstream, []);
        if (bounds is null) return (view.Streaming?.Watermark ?? TimeSpan.Zero) + (view.Streaming?.Lateness ?? TimeSpan.Zero);
        var before = Trace(chain.Steps.TakeWhile(s => s != aggregate), bounds);
        if (!before.Contains(window.TimeColumn))
            throw SparkErrors.WindowOverWindows(window.Origin.Line > 0 ? window.Origin : view.Origin, view.Name, window.TimeColumn, upstream.Name);
        return TimeSpan.Zero;
    }

    /// <summary>The columns of a speed view's rows that are window bounds (null when its rows are events).</summary>
    private static HashSet<string>? Bounds(PipelineIr pipeline, ViewIr view, HashSet<string> visiting)
    {
        if (!visiting.Add(view.Name) || Chain(view.Root) is not { } chain) return null;
        var aggregate = chain.Steps.OfType<AggregateNode>().FirstOrDefault();
        if (aggregate?.Window is { } window)
        {
            HashSet<string> emitted = window.Kind == WindowKind.Session ? ["window_end"] : ["window_end", "window_start"];
            return Trace(chain.Steps.SkipWhile(s => s != aggregate).Skip(1), emitted);
        }
        if (chain.Leaf is ViewScanNode scan && pipeline.FindView(scan.View) is { Layer: ViewLayer.Speed } upstream
            && Bounds(pipeline, upstream, visiting) is { } upstreamBounds)
            return Trace(chain.Steps, upstreamBounds);
        return null;
    }

    /// <summary>Bound columns through filters (kept) and projections (kept when passed on unchanged, renamed or not).</summary>
    private static HashSet<string> Trace(IEnumerable<RelNode> steps, HashSet<string> bounds)
    {
        var current = new HashSet<string>(bounds, StringComparer.Ordinal);
        foreach (var project in steps.OfType<ProjectNode>())
            current = [.. project.Columns.Where(c => c.Expr is ColumnRef reference && current.Contains(reference.Name)).Select(c => c.Name)];
        return current;
    }

    /// <summary>The view's single-input steps from its leaf to its root, and the leaf; null for joins and unions.</summary>
    private static (List<RelNode> Steps, RelNode Leaf)? Chain(RelNode root)
    {
        var steps = new List<RelNode>();
        var node = root;
        while (node.Inputs.Length == 1)
        {
            steps.Add(node);
            node = node.Inputs[0];
        }
        if (node.Inputs.Length > 1) return null;
        steps.Reverse();
        return (steps, node);
    }
}
