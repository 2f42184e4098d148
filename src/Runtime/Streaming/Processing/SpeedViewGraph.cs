using Pulse.Compiler.Ir;

namespace Pulse.Runtime.Streaming.Processing;

/// <summary>
/// Speed views over speed views: which view a view reads, the views to run so that every view's upstream
/// runs too, and an order in which each view comes after the view it reads (the order a processor plans
/// and feeds them in). Views keep their given order where that already holds.
/// </summary>
public static class SpeedViewGraph
{
    /// <summary>The speed view <paramref name="view"/> reads (its <c>from</c>), or null when it reads a source.</summary>
    public static string? UpstreamOf(ViewIr view) => Leaf(view.Root) is ViewScanNode scan ? scan.View : null;

    /// <summary>The leaf of the view's single-input chain (joins and unions have no single leaf: null).</summary>
    private static RelNode? Leaf(RelNode node) => node.Inputs.Length switch
    {
        0 => node,
        1 => Leaf(node.Inputs[0]),
        _ => null,
    };

    /// <summary><paramref name="views"/> plus every speed view they read, transitively, each after its upstream.</summary>
    public static IReadOnlyList<ViewIr> WithUpstreams(PipelineIr pipeline, IEnumerable<ViewIr> views) =>
        Ordered(views, name => pipeline.FindView(name) is { Layer: ViewLayer.Speed } upstream ? upstream : null);

    /// <summary><paramref name="views"/>, each after the view it reads when that view is among them (stable otherwise).</summary>
    public static IReadOnlyList<ViewIr> Ordered(IEnumerable<ViewIr> views)
    {
        var given = views.ToList();
        var byName = given.GroupBy(v => v.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return Ordered(given, name => byName.GetValueOrDefault(name));
    }

    private static List<ViewIr> Ordered(IEnumerable<ViewIr> views, Func<string, ViewIr?> find)
    {
        var ordered = new List<ViewIr>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        void Visit(ViewIr view)
        {
            if (placed.Contains(view.Name) || !visiting.Add(view.Name)) return; // a cycle is the binder's error; do not loop on it
            if (UpstreamOf(view) is { } name && find(name) is { } upstream) Visit(upstream);
            visiting.Remove(view.Name);
            if (placed.Add(view.Name)) ordered.Add(view);
        }
        foreach (var view in views) Visit(view);
        return ordered;
    }
}
