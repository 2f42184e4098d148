using System.Globalization;
using Prometheus;
using Pulse.Runtime.Expressions;

namespace Pulse.Consumer;

/// <summary>
/// The metrics the generated dashboard and alert rules query (Targets/Monitoring/PulseMetrics.cs, listed in
/// Targets/Infra/README.md), with exactly their names and labels, each with the pipeline's name. A service reports
/// them for its source and for every view it runs (the views over its root view included), so the per-view consumer
/// lag alert covers those too. The service's own metrics (<c>pulse_events_total</c>, <c>pulse_consumer_lag</c>, ...)
/// stay as they were.
/// </summary>
public static class ContractMetrics
{
    private static readonly Counter RowsRead = Metrics.CreateCounter("pulse_rows_read_total", "Rows read from a source, before cleaning.", "pipeline", "source");
    private static readonly Counter RowsKept = Metrics.CreateCounter("pulse_rows_kept_total", "Rows that passed cleaning.", "pipeline", "source");
    private static readonly Counter RowsDropped = Metrics.CreateCounter("pulse_rows_dropped_total", "Rows removed by cleaning.", "pipeline", "source");
    private static readonly Counter RowsQuarantined = Metrics.CreateCounter("pulse_rows_quarantined_total", "Rows quarantined, by rule.", "pipeline", "source", "rule");
    private static readonly Counter EventsProcessed = Metrics.CreateCounter("pulse_events_processed_total", "Stream events (or upstream rows) a speed view consumed.", "pipeline", "view");
    private static readonly Counter EventsLate = Metrics.CreateCounter("pulse_events_late_total", "Events behind watermark + lateness, by the view's late policy.", "pipeline", "view", "policy");
    private static readonly Gauge LagMessages = Metrics.CreateGauge("pulse_consumer_lag_messages", "Log end offset minus the next offset to process.", "pipeline", "view", "topic", "partition");
    private static readonly Gauge LagSeconds = Metrics.CreateGauge("pulse_consumer_lag_seconds", "Now minus the event time of the newest event processed.", "pipeline", "view");
    private static readonly Counter SinkRowsWritten = Metrics.CreateCounter("pulse_sink_rows_written_total", "Rows an elasticsearch or kafka sink accepted.", "pipeline", "sink");

    /// <summary>After a checkpoint: the processor's counts so far and what the checkpoint quarantined.</summary>
    public static void Update<TEvent>(string pipeline, string source, StreamProcessor<TEvent> processor, ProcessorOutput output) where TEvent : class
    {
        RowsRead.WithLabels(pipeline, source).IncTo(processor.Read);
        RowsKept.WithLabels(pipeline, source).IncTo(processor.Kept);
        RowsDropped.WithLabels(pipeline, source).IncTo(processor.Dropped);
        foreach (var rule in output.Quarantined.GroupBy(q => q.Rule).OrderBy(g => g.Key, StringComparer.Ordinal))
            RowsQuarantined.WithLabels(pipeline, source, rule.Key).Inc(rule.Count());
        var newest = processor.NewestEventMicros;
        foreach (var view in processor.Views)
        {
            EventsProcessed.WithLabels(pipeline, view.Plan.Name).IncTo(view.Events);
            EventsLate.WithLabels(pipeline, view.Plan.Name, view.Plan.Late.ToString().ToLowerInvariant()).IncTo(view.Late);
            if (newest != long.MinValue)
                LagSeconds.WithLabels(pipeline, view.Plan.Name).Set(Math.Max(0, (DateTime.UtcNow - IsoTime.FromMicros(newest)).TotalSeconds));
        }
    }

    /// <summary>The messages of one partition not processed yet, for every view the service runs.</summary>
    public static void Lag<TEvent>(string pipeline, StreamProcessor<TEvent> processor, string topic, int partition, long messages) where TEvent : class
    {
        foreach (var view in processor.Views)
            LagMessages.WithLabels(pipeline, view.Plan.Name, topic, partition.ToString(CultureInfo.InvariantCulture)).Set(messages);
    }

    public static void SinkRows(string pipeline, string sink, int rows) => SinkRowsWritten.WithLabels(pipeline, sink).Inc(rows);
}
