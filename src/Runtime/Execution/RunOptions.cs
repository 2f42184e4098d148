using Elastic.Clients.Elasticsearch;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Batch;
using Pulse.Runtime.Sinks;

namespace Pulse.Runtime.Execution;

/// <summary>How a batch run is done; every member has a sensible default for <c>pulse run</c>.</summary>
public sealed record RunOptions
{
    /// <summary>Where the state database and local sink files live; default <c>.pulse/</c> next to the spec.</summary>
    public string? StateDirectory { get; init; }

    /// <summary>The run's start time, the value of <c>now()</c> and of freshness checks; default the clock.</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>Identifies the run in quarantine rows and run history; default a new sortable id.</summary>
    public string? RunId { get; init; }

    public ISecretProvider Secrets { get; init; } = new EnvironmentSecretProvider();

    /// <summary>Per connection name, settings that replace the spec's (e.g. point an http connection at a test server).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ConnectionOverrides { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>First delay of the exponential backoff used by HTTP sources and Elasticsearch sinks.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Speed-layer results for serving views; without it serving views serve batch rows only (with a warning).</summary>
    public ISpeedResults? SpeedResults { get; init; }

    /// <summary>What the speed layer's sinks of speed views wrote (<c>SpeedRunResult.Sinks</c>), reported with this run's sinks.</summary>
    public IReadOnlyList<SinkReport> SpeedSinkReports { get; init; } = [];

    /// <summary>Sinks the runtime does not implement itself (Kafka): asked first, in order.</summary>
    public IReadOnlyList<ISinkFactory> SinkFactories { get; init; } = [];

    /// <summary>Builds the Elasticsearch client of a connection (tests pass an in-memory transport); default: from the connection's url/api_key.</summary>
    public Func<ResolvedConnection, ElasticsearchClient>? ElasticsearchClientFactory { get; init; }

    /// <summary>False runs cleaning and views and publishes the state database but writes no external sink.</summary>
    public bool WriteSinks { get; init; } = true;

    /// <summary>Recompute views with <c>incremental on</c> in full, ignoring their high-water marks (<c>pulse run --full-refresh</c>).</summary>
    public bool FullRefresh { get; init; }

    /// <summary>Rows appended per batch when loading HTTP or PostgreSQL sources (and per progress event).</summary>
    public int LoadBatchSize { get; init; } = 10_000;

    /// <summary>
    /// Replaces how a source's raw rows are read (pulse test gives rows instead of files): asked per source
    /// before the format's reader; null keeps the normal reader. Conversion, cleaning and expectations run as usual.
    /// </summary>
    public Func<SourceIr, Sources.ISourceReader?>? SourceReaderOverride { get; init; }
}
