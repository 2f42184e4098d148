using Pulse.Runtime.Streaming.Sinks;

namespace Pulse.Runtime.Streaming;

/// <summary>
/// What one checkpoint makes durable: a frozen copy of every shard's output, offsets and snapshot, taken
/// on the consume loop at one moment, and how many events the source had read by then.
/// </summary>
internal sealed record CheckpointBatch(IReadOnlyList<SpeedCheckpoint> Shards, long Events);

/// <summary>
/// Writes checkpoints off the consume loop, so fetching and processing go on while PostgreSQL (or another
/// sink) is busy: the loop freezes a <see cref="CheckpointBatch"/> and hands it over with <see cref="Start"/>,
/// then keeps consuming into the next batch. At most one checkpoint is in flight: the loop collects it with
/// <see cref="FinishAsync"/> before it starts the next, and only then commits its offsets to Kafka, so the
/// group never moves past what the sinks hold, and checkpoints reach the sinks and Kafka in order.
/// Within a checkpoint, sinks that do not store offsets write first and the offset store last, so a crash in
/// between re-delivers to the others (at-least-once) and never skips anything.
/// </summary>
internal sealed class CheckpointWriter(IReadOnlyList<ISpeedSink> sinks)
{
    private readonly ISpeedSink? store = sinks.FirstOrDefault(s => s.StoresOffsets);
    private Task? writing;
    private CheckpointBatch? batch;

    /// <summary>A checkpoint was started and not collected yet.</summary>
    public bool InFlight => writing is not null;

    /// <summary>The checkpoint in flight has ended (written or failed) and waits to be collected.</summary>
    public bool Ended => writing is { IsCompleted: true };

    /// <summary>Starts writing <paramref name="next"/> on the thread pool; the previous checkpoint must have been collected.</summary>
    public void Start(CheckpointBatch next)
    {
        if (writing is not null) throw new InvalidOperationException("a checkpoint is already in flight");
        batch = next;
        // A checkpoint, once started, finishes: it is not cancellable.
        writing = Task.Run(() => WriteAsync(next, CancellationToken.None));
    }

    /// <summary>Waits for the checkpoint in flight and returns it (null when none); rethrows its failure.</summary>
    public async Task<CheckpointBatch?> FinishAsync()
    {
        if (writing is not { } task) return null;
        var written = batch;
        try
        {
            await task.ConfigureAwait(false);
            return written;
        }
        finally
        {
            writing = null;
            batch = null;
        }
    }

    /// <summary>Writes <paramref name="next"/> on the caller's flow (used when nothing else may happen meanwhile: rebalance, the end).</summary>
    public async Task WriteAsync(CheckpointBatch next, CancellationToken cancellation)
    {
        foreach (var checkpoint in next.Shards)
        {
            foreach (var sink in sinks)
                if (sink != store) await sink.WriteAsync(checkpoint, cancellation).ConfigureAwait(false);
            if (store is not null) await store.WriteAsync(checkpoint, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// After a failure elsewhere: lets the write in flight end before the sinks are disposed under it. Its
    /// outcome no longer matters (offsets it stored are consistent with what it wrote; the run is failing anyway).
    /// </summary>
    public void Abandon()
    {
        try { writing?.Wait(); }
        catch (AggregateException) { /* the first failure is the one reported */ }
        writing = null;
        batch = null;
    }
}
