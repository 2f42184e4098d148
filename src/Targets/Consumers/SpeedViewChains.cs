using Pulse.Compiler.Ir;

namespace Pulse.Targets.Consumers;

/// <summary>
/// Speed views over speed views, as the consumers target deploys them: a view that reads a kafka source is a
/// root and gets a service; every speed view that reads it (directly or through other speed views) runs in that
/// service. The graph rules are <c>pulse run</c>'s (Runtime/Streaming/Processing/SpeedViewGraph.cs): a view's
/// upstream is the leaf of its single-input chain when that leaf names a speed view.
/// </summary>
internal static class SpeedViewChains
{
    /// <summary>The speed view <paramref name="view"/> reads, or null when it reads something else (a source, a batch view).</summary>
    public static string? UpstreamOf(PipelineIr pipeline, ViewIr view) =>
        Leaf(view.Root) is ViewScanNode scan && pipeline.FindView(scan.View) is { Layer: ViewLayer.Speed } ? scan.View : null;

    /// <summary>True when the view gets a service of its own (it does not read another speed view).</summary>
    public static bool IsRoot(PipelineIr pipeline, ViewIr view) => UpstreamOf(pipeline, view) is null;

    /// <summary>The root whose service runs <paramref name="view"/> (the view itself when it is a root; null on a cycle, the binder's error).</summary>
    public static ViewIr? RootOf(PipelineIr pipeline, ViewIr view)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (UpstreamOf(pipeline, view) is { } upstream)
        {
            if (!seen.Add(view.Name)) return null;
            view = pipeline.FindView(upstream)!;
        }
        return view;
    }

    /// <summary>Every speed view run by <paramref name="root"/>'s service but the root, each after the view it reads, otherwise in spec order.</summary>
    public static IReadOnlyList<ViewIr> Downstream(PipelineIr pipeline, ViewIr root)
    {
        var ordered = new List<ViewIr>();
        var placed = new HashSet<string>(StringComparer.Ordinal) { root.Name };
        void Visit(ViewIr view)
        {
            if (placed.Contains(view.Name)) return;
            if (UpstreamOf(pipeline, view) is { } upstream && pipeline.FindView(upstream) is { } above) Visit(above);
            if (placed.Add(view.Name)) ordered.Add(view);
        }
        foreach (var view in pipeline.Views.Where(v => v.Layer == ViewLayer.Speed && v.Name != root.Name && RootOf(pipeline, v)?.Name == root.Name))
            Visit(view);
        return ordered;
    }

    /// <summary>
    /// The view's steps from its input to its output (filters, projections, group bys) and the leaf they start from
    /// (a source scan or a view scan). Any other step cannot run on a stream and is refused (PULSE4501).
    /// </summary>
    public static (List<RelNode> Steps, RelNode Leaf) Steps(PipelineIr pipeline, ViewIr view)
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
                _ => throw ConsumerErrors.UnsupportedView(node.Origin, view.Name,
                    $"a {node.GetType().Name.Replace("Node", "", StringComparison.Ordinal).ToLowerInvariant()} step cannot run on a stream"),
            };
        }
        chain.Reverse();
        return (chain, node);
    }

    private static RelNode? Leaf(RelNode node) => node.Inputs.Length switch
    {
        0 => node,
        1 => Leaf(node.Inputs[0]),
        _ => null,
    };
}
