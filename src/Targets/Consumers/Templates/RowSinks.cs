using Prometheus;

namespace Pulse.Consumer;

/// <summary>
/// A sink the service writes a checkpoint's rows to before the checkpoint's PostgreSQL transaction commits
/// (an Elasticsearch index, a Kafka topic). Offsets move only once every sink has taken the rows, so a
/// crash before that sends them again; each sink says in README.md what a repeat does.
/// </summary>
public interface IRowSink : IDisposable
{
    string Name { get; }

    /// <summary>
    /// Writes <paramref name="rows"/> (in the view's column order). Rows the destination refuses one by one come
    /// back as quarantined events; a failure of the whole write throws <see cref="SinkFailedException"/>.
    /// </summary>
    Task<IReadOnlyList<QuarantinedEvent>> WriteAsync(IReadOnlyList<object?[]> rows, CancellationToken cancellation);
}

/// <summary>A sink could not take the rows (its retries ran out, or it answered with an error that retrying cannot fix).</summary>
public sealed class SinkFailedException(string message) : Exception(message);

/// <summary>Per-sink Prometheus counters: rows written, rows rejected (and quarantined), requests retried.</summary>
public static class SinkMetrics
{
    public static readonly Counter Rows = Metrics.CreateCounter("pulse_sink_rows_total", "Rows a sink accepted.", "view", "sink");
    public static readonly Counter Rejected = Metrics.CreateCounter("pulse_sink_rejected_total", "Rows a sink rejected (quarantined with rule _rejected).", "view", "sink");
    public static readonly Counter Retries = Metrics.CreateCounter("pulse_sink_retries_total", "Sink requests sent again after a 429, a 5xx or no answer.", "view", "sink");
}
