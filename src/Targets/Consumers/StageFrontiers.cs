using System.Collections.Immutable;
using Pulse.Compiler.Ir;

namespace Pulse.Targets.Consumers;

/// <summary>
/// The event-time promises of a view's rows, computed at compile time with <c>pulse run</c>'s rules
/// (Runtime/Streaming/Processing/SpeedViewPlanner.cs, SpeedView.Frontiers; docs/language.md, Views): a windowed
/// view emits a window once the watermark passed its end plus the allowed lateness, in bound order, so every later
/// row has <c>window_end</c> above the watermark minus that shift, and <c>window_start</c> (not for sessions) above
/// it minus the shift and the size. Filters keep those promises; a projection keeps them for the columns it passes
/// through unchanged (renamed or not). A windowed view over such rows windows on one of those columns and closes
/// its windows on the watermark minus that column's shift; it never sees a late row.
/// </summary>
internal static class StageFrontiers
{
    /// <param name="split">Index of <paramref name="aggregate"/> in <paramref name="chain"/> (the chain's length without one).</param>
    /// <returns>The view's window shift (set when it windows window rows) and the frontiers of its output (null when its rows are events).</returns>
    public static (long? WindowShift, ImmutableSortedDictionary<string, long>? Frontiers) Of(ViewIr view, List<RelNode> chain, int split,
        AggregateNode? aggregate, string? upstream, ImmutableSortedDictionary<string, long>? upstreamFrontiers)
    {
        var before = upstreamFrontiers is null ? null : Trace(chain.Take(split), upstreamFrontiers);
        if (aggregate is null) return (null, before is null ? null : Final(view.Schema, before));
        var window = aggregate.Window!;
        long? windowShift = null;
        if (before is not null)
        {
            if (!before.TryGetValue(window.TimeColumn, out var shift))
                throw ConsumerErrors.WindowOverWindows(window.Origin.Line > 0 ? window.Origin : view.Origin, view.Name, window.TimeColumn, upstream!);
            windowShift = shift;
        }
        var emitShift = windowShift ?? Micros(view.Streaming?.Lateness ?? TimeSpan.Zero);
        var emitted = new Dictionary<string, long>(StringComparer.Ordinal) { ["window_end"] = emitShift };
        if (window.Kind != WindowKind.Session) emitted["window_start"] = emitShift + Micros(window.Size);
        return (windowShift, Final(view.Schema, Trace(chain.Skip(split + 1), emitted)));
    }

    private static long Micros(TimeSpan span) => span.Ticks / TimeSpan.TicksPerMicrosecond;

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

    private static ImmutableSortedDictionary<string, long> Final(RelSchema schema, Dictionary<string, long> frontiers) =>
        schema.Columns.Where(c => frontiers.ContainsKey(c.Name)).ToImmutableSortedDictionary(c => c.Name, c => frontiers[c.Name], StringComparer.Ordinal);
}
