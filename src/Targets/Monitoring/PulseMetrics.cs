namespace Pulse.Targets.Monitoring;

/// <summary>
/// The Prometheus metrics a running Pulse pipeline exposes. The dashboard and alert rules query
/// exactly these names and labels; the runtime and the Kafka consumer services must emit the same
/// (src/Targets/Infra/README.md lists them for those engineers). Every metric carries a
/// <c>pipeline</c> label with the spec's pipeline name.
/// </summary>
public static class PulseMetrics
{
    public sealed record Metric(string Name, string Type, string Labels, string Meaning);

    public const string RowsRead = "pulse_rows_read_total";
    public const string RowsKept = "pulse_rows_kept_total";
    public const string RowsDropped = "pulse_rows_dropped_total";
    public const string RowsQuarantined = "pulse_rows_quarantined_total";
    public const string EventsProcessed = "pulse_events_processed_total";
    public const string EventsLate = "pulse_events_late_total";
    public const string ConsumerLagMessages = "pulse_consumer_lag_messages";
    public const string ConsumerLagSeconds = "pulse_consumer_lag_seconds";
    public const string BatchDuration = "pulse_batch_duration_seconds";
    public const string BatchRuns = "pulse_batch_runs_total";
    public const string BatchLastSuccess = "pulse_batch_last_success_timestamp_seconds";
    public const string SinkRowsWritten = "pulse_sink_rows_written_total";

    public static readonly IReadOnlyList<Metric> All =
    [
        new(RowsRead, "counter", "pipeline, source", "rows read from a source (batch or stream), before cleaning"),
        new(RowsKept, "counter", "pipeline, source", "rows that passed cleaning"),
        new(RowsDropped, "counter", "pipeline, source", "rows removed by `drop where`, `dedupe` or an expectation with `else drop`"),
        new(RowsQuarantined, "counter", "pipeline, source, rule", "rows sent to quarantine, by expectation name (`_malformed` for parse failures, `_late` for late events)"),
        new(EventsProcessed, "counter", "pipeline, view", "stream events a speed view consumed"),
        new(EventsLate, "counter", "pipeline, view, policy", "events behind watermark + lateness, by the view's `late` policy (batch, drop, quarantine)"),
        new(ConsumerLagMessages, "gauge", "pipeline, view, topic, partition", "Kafka consumer lag: log end offset minus committed offset"),
        new(ConsumerLagSeconds, "gauge", "pipeline, view", "now minus the event time of the newest event the speed view has processed"),
        new(BatchDuration, "gauge", "pipeline, view", "wall time of the last run of a batch view"),
        new(BatchRuns, "counter", "pipeline, view, status", "batch view runs, status = success | failure"),
        new(BatchLastSuccess, "gauge", "pipeline", "Unix time at which the last complete batch run (all batch views) succeeded"),
        new(SinkRowsWritten, "counter", "pipeline, sink", "rows written to a sink"),
    ];
}
