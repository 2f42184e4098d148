using Pulse.Runtime.Execution;
using Pulse.Runtime.Streaming.Sinks;

namespace Pulse.Runtime.Streaming;

/// <summary>How the speed layer splits a source's state over Kafka partitions.</summary>
public enum SpeedPartitioning
{
    /// <summary>Per partition when every stateful step is keyed by the source's (uncleaned) Kafka key, else whole.</summary>
    Auto,
    /// <summary>One state per partition: consumers in a group share the work and hand partitions over on rebalance.</summary>
    PerPartition,
    /// <summary>One state for all partitions of the topic, read by one consumer (others in the group stand by).</summary>
    Whole,
}

/// <summary>How <see cref="SpeedLayerRunner"/> runs; every member has a sensible default for <c>pulse run</c>.</summary>
public sealed record SpeedRunOptions
{
    /// <summary>The run's start: the value of <c>now()</c>; default the clock.</summary>
    public DateTimeOffset? Now { get; init; }

    public ISecretProvider Secrets { get; init; } = new EnvironmentSecretProvider();

    /// <summary>Per connection name, settings that replace the spec's (and make the connection non-embedded), e.g. <c>brokers</c> or a PostgreSQL <c>url</c>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ConnectionOverrides { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>The Kafka consumer group; default <c>pulse-&lt;pipeline&gt;</c>.</summary>
    public string? ConsumerGroup { get; init; }

    /// <summary>
    /// Stop when every partition is read to its end, after emitting all open windows. Default: yes for the
    /// local replay (a bounded stream), no for a real Kafka (run until cancelled).
    /// </summary>
    public bool? StopAtEnd { get; init; }

    /// <summary>Checkpoint (write results, offsets and state) at least this often while events flow.</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>... and at least every this many events.</summary>
    public int CheckpointEvents { get; init; } = 100_000;

    public SpeedPartitioning Partitioning { get; init; } = SpeedPartitioning.Auto;

    /// <summary>Partitions of the local replay topic; default enough for the file (a mock partition keeps ~5 MiB), at least 4.</summary>
    public int? LocalPartitions { get; init; }

    /// <summary>The PostgreSQL schema of the speed layer's bookkeeping (pulse_offsets, pulse_state, pulse_quarantine).</summary>
    public string BookkeepingSchema { get; init; } = "pulse_speed";

    /// <summary>librdkafka's fetch.queue.backoff.ms: its 1 s default stalls fetching between batches (measured: 0.3M → 1.5M events/s at 10 ms).</summary>
    public int FetchQueueBackoffMs { get; init; } = 10;

    /// <summary>The consumer's session timeout; default 3 s against the local mock cluster, 10 s against a real one.</summary>
    public TimeSpan? SessionTimeout { get; init; }

    /// <summary>Use the KIP-848 consumer group protocol (Kafka 4+, and the mock) instead of the classic one.</summary>
    public bool ConsumerProtocol { get; init; }

    /// <summary>
    /// The state directory local sinks of speed views write into (parquet/delta folders, local elasticsearch
    /// files, the embedded warehouse), as the batch run does; <c>pulse run</c> passes its own. Null: those
    /// sinks are not written (warning PULSE9651), so a library call never writes next to the spec unasked.
    /// </summary>
    public string? StateDirectory { get; init; }

    /// <summary>Builds the Elasticsearch client of a connection for sinks of speed views (tests pass an in-memory transport); default: from its url.</summary>
    public Func<ResolvedConnection, Elastic.Clients.Elasticsearch.ElasticsearchClient>? ElasticsearchClientFactory { get; init; }

    /// <summary>More sinks to write every checkpoint to (tests, tools); they see every emitted row.</summary>
    public IReadOnlyList<ISpeedSink> ExtraSinks { get; init; } = [];

    /// <summary>Stop after this many events (per source); null for no limit.</summary>
    public long? MaxEvents { get; init; }

    /// <summary>Read at most this many events per second (per source), to spare sinks during a large backfill; null for no limit.</summary>
    public double? MaxEventsPerSecond { get; init; }
}
