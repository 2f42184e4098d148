using System.Collections.Concurrent;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Batch;
using Pulse.Runtime.Expressions;
using Pulse.Runtime.Streaming.Processing;

namespace Pulse.Runtime.Streaming.Sinks;

/// <summary>
/// The speed views' results in memory: what serving views merge (it is the batch layer's
/// <see cref="ISpeedResults"/>) and what <c>pulse run</c> shows. Rows older than a view's <c>retain</c>
/// (by <c>window_end</c>, against the watermark) are let go, as the speed layer promises to keep results
/// only that long; the batch layer owns the history.
/// </summary>
public sealed class SpeedResults : ISpeedResults, ISpeedSink
{
    private readonly ConcurrentDictionary<string, List<object?[]>> rows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int EndColumn, long RetainMicros)> retention = new(StringComparer.Ordinal);

    public SpeedResults(IEnumerable<ViewIr> speedViews)
    {
        foreach (var view in speedViews)
        {
            rows[view.Name] = [];
            var end = view.Schema.Columns.Select((c, i) => (c, i)).FirstOrDefault(x => x.c.Name == "window_end" && x.c.Type.Kind == Compiler.Types.TypeKind.Timestamp);
            if (end.c is not null && view.Streaming is { } streaming)
                retention[view.Name] = (end.i, streaming.Retain.Ticks / TimeSpan.TicksPerMicrosecond);
        }
    }

    public string Name => "speed results (memory)";
    public IReadOnlyCollection<string> Views => [.. rows.Keys];
    public bool StoresOffsets => false;

    public IEnumerable<object?[]>? Rows(ViewIr speedView) => Rows(speedView.Name);

    /// <summary>A copy of the view's current rows, in emission order; null for a view the speed layer does not run.</summary>
    public IReadOnlyList<object?[]>? Rows(string view)
    {
        if (!rows.TryGetValue(view, out var list)) return null;
        lock (list) return [.. list];
    }

    public Task PrepareAsync(CancellationToken cancellation) => Task.CompletedTask;

    public Task<StoredCheckpoint?> LoadAsync(string group, string topic, string shard, CancellationToken cancellation) => Task.FromResult<StoredCheckpoint?>(null);

    public Task WriteAsync(SpeedCheckpoint checkpoint, CancellationToken cancellation)
    {
        foreach (var (view, emitted) in checkpoint.Output.Rows)
        {
            if (!rows.TryGetValue(view, out var list)) continue;
            lock (list)
            {
                list.AddRange(emitted);
                if (checkpoint.Watermark != long.MinValue && retention.TryGetValue(view, out var keep))
                {
                    var cutoff = SpeedView.SaturatingSubtract(checkpoint.Watermark, keep.RetainMicros);
                    list.RemoveAll(r => r[keep.EndColumn] is DateTime end && IsoTime.ToMicros(end) < cutoff);
                }
            }
        }
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
