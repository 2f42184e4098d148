using Pulse.Compiler.Ir;

namespace Pulse.Compiler.Binding;

/// <summary>
/// Which columns of a speed view's rows the watermark orders, the checker's side of the runtime's
/// frontiers (<c>SpeedView.Frontiers</c>). Rows read from the source are events: their event time (and only
/// it) follows the watermark, and any timestamp may be windowed as before. Rows of a windowed view are final
/// windows, emitted once the watermark passed their <c>window_end</c>: only the bounds (<c>window_end</c>,
/// and <c>window_start</c> when the windows are not sessions) are ordered, and they stay so through filters
/// and through projections that pass them on unchanged (renamed or not). A window over such rows on any
/// other column could not tell when it may close, so the checker refuses it (PULSE3036).
/// </summary>
internal static class SpeedWindowBounds
{
    /// <summary>
    /// The ordered columns of <paramref name="node"/>'s rows: null when they are events (of the source, or
    /// of speed views without a window over it); otherwise the window-bound columns, possibly empty.
    /// </summary>
    /// <param name="speedViewRoot">The relational tree of a speed view by name; null for anything else.</param>
    public static IReadOnlySet<string>? Of(RelNode node, Func<string, RelNode?> speedViewRoot, int depth = 0)
    {
        if (depth > 64) return null; // a view cycle is the binder's error; do not follow it
        switch (node)
        {
            case ScanNode:
                return null;
            case ViewScanNode scan:
                return speedViewRoot(scan.View) is { } root ? Of(root, speedViewRoot, depth + 1) : null;
            case FilterNode filter:
                return Of(filter.Input, speedViewRoot, depth);
            case ProjectNode project:
                var below = Of(project.Input, speedViewRoot, depth);
                if (below is null) return null;
                return project.Columns.Where(c => c.Expr is ColumnRef reference && below.Contains(reference.Name))
                    .Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            case AggregateNode { Window: { } window }:
                return window.Kind == WindowKind.Session
                    ? new HashSet<string>(StringComparer.Ordinal) { "window_end" }
                    : new HashSet<string>(StringComparer.Ordinal) { "window_start", "window_end" };
            case AggregateNode aggregate:
                // A group by without a window is refused in a speed view (PULSE3035); its rows have no order.
                return Of(aggregate.Input, speedViewRoot, depth) is null ? null : new HashSet<string>(StringComparer.Ordinal);
            default:
                return null;
        }
    }
}
