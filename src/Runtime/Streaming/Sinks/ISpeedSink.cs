using Pulse.Runtime.Streaming.Processing;

namespace Pulse.Runtime.Streaming.Sinks;

/// <summary>
/// Where the speed layer puts what it produced. At each checkpoint every sink writes the rows of the
/// views it serves; the one sink that <see cref="StoresOffsets"/> also writes, in the same transaction,
/// the consumed offsets, the processor's snapshot and the quarantined events, which makes the whole
/// checkpoint exactly-once: after a crash the consumer resumes from the stored offsets with the stored
/// state, and nothing is lost or written twice. Without such a sink, offsets are committed to the
/// Kafka consumer group after every sink has written (at-least-once).
/// </summary>
public interface ISpeedSink : IAsyncDisposable
{
    string Name { get; }

    /// <summary>The speed views whose rows this sink writes.</summary>
    IReadOnlyCollection<string> Views { get; }

    bool StoresOffsets { get; }

    /// <summary>Creates what the sink needs (tables, topics). Called once before consuming.</summary>
    Task PrepareAsync(CancellationToken cancellation);

    /// <summary>The stored offsets of <paramref name="topic"/> and the snapshot of <paramref name="shard"/>; null when this sink does not store offsets or nothing is stored yet.</summary>
    Task<StoredCheckpoint?> LoadAsync(string group, string topic, string shard, CancellationToken cancellation);

    Task WriteAsync(SpeedCheckpoint checkpoint, CancellationToken cancellation);
}

/// <summary>Everything one checkpoint makes durable for one processor (shard) of a source.</summary>
public sealed record SpeedCheckpoint(string Group, string Topic, string Shard, ProcessorOutput Output, byte[] Snapshot, long Watermark)
{
    /// <summary>Offsets to store: the next offset of every partition the shard read from.</summary>
    public IReadOnlyDictionary<int, long> Offsets => Output.NextOffsets.Where(o => o.Value >= 0).ToDictionary(o => o.Key, o => o.Value);
}

/// <summary>Offsets (partition → next offset to read) and the processor snapshot found in an offset store.</summary>
public sealed record StoredCheckpoint(IReadOnlyDictionary<int, long> Offsets, byte[]? Snapshot);
