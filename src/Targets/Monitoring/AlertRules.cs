using Pulse.Compiler.Ir;

namespace Pulse.Targets.Monitoring;

/// <summary>One Prometheus alerting rule.</summary>
public sealed record AlertRule(string Alert, string Expr, string For, string Severity,
    IReadOnlyList<(string Name, string Value)> Labels, string Summary, string Description);

/// <summary>
/// The alert rules of a pipeline, derived from the spec's promises: the schedule's SLA (a batch run
/// must succeed within one cron interval + SLA), each speed view's lateness budget (consumer lag),
/// and each quarantining expectation's warn/fail threshold.
/// </summary>
public static class AlertRules
{
    public const string DefaultQuarantineThreshold = "0.01";

    public static IReadOnlyList<AlertRule> For(PipelineIr pipeline)
    {
        var rules = new List<AlertRule>();
        var p = pipeline.Name;
        var batchViews = pipeline.Views.Where(v => v.Layer == ViewLayer.Batch).ToList();
        if (pipeline.Schedule is { Sla: { } sla } schedule && batchViews.Count > 0)
        {
            var budget = schedule.Interval + sla;
            rules.Add(new AlertRule("PulseBatchSlaBreach",
                $"time() - max({PromQl.Selector(PulseMetrics.BatchLastSuccess, p)}) > {PromQl.Seconds(budget)}",
                "5m", "critical", [],
                $"Pipeline {p}: no successful batch run within its SLA",
                $"The last successful batch run is older than one schedule interval ({Human(schedule.Interval)}) plus the SLA ({Human(sla)}); cron \"{schedule.Cron}\"."));
        }
        if (batchViews.Count > 0)
        {
            var window = pipeline.Schedule is { } s ? Duration(s.Interval) : "1h";
            rules.Add(new AlertRule("PulseBatchRunFailed",
                $"sum by (view) (increase({PromQl.Selector(PulseMetrics.BatchRuns, p, ("status", "failure"))}[{window}])) > 0",
                "0s", "warning", [],
                $"Pipeline {p}: a batch view run failed",
                "At least one run of a batch view failed in the last schedule interval; retries may still recover it."));
        }
        foreach (var view in pipeline.Views.Where(v => v.Streaming is not null))
        {
            var streaming = view.Streaming!;
            var budget = streaming.Watermark + streaming.Lateness;
            rules.Add(new AlertRule("PulseConsumerLag",
                $"max({PromQl.Selector(PulseMetrics.ConsumerLagSeconds, p, ("view", view.Name))}) > {PromQl.Seconds(budget)}",
                "10m", "critical", [("view", view.Name)],
                $"Pipeline {p}: speed view {view.Name} lags behind its stream",
                $"The newest processed event of {view.Name} is older than the watermark ({Human(streaming.Watermark)}) plus the allowed lateness ({Human(streaming.Lateness)}) of source {streaming.Source}."));
        }
        foreach (var source in pipeline.Sources)
        {
            foreach (var expectation in source.Steps.OfType<ExpectStep>().Select(s => s.Expectation)
                         .Where(e => e.Action == ViolationAction.Quarantine))
            {
                var threshold = expectation.WarnAbove ?? expectation.FailAbove;
                var thresholdText = threshold is { } t ? PromQl.Number(t) : DefaultQuarantineThreshold;
                var read = PromQl.Selector(PulseMetrics.RowsRead, p, ("source", source.Name));
                var quarantined = PromQl.Selector(PulseMetrics.RowsQuarantined, p, ("source", source.Name), ("rule", expectation.Name));
                rules.Add(new AlertRule("PulseQuarantineRate",
                    $"sum(increase({quarantined}[1h])) / clamp_min(sum(increase({read}[1h])), 1) > {thresholdText}",
                    "15m", "warning", [("source", source.Name), ("rule", expectation.Name)],
                    $"Pipeline {p}: expectation {expectation.Name} quarantines too many rows of {source.Name}",
                    $"More than {thresholdText} of the rows read from {source.Name} in the last hour violated {expectation.Name}."));
            }
        }
        return rules;
    }

    /// <summary>A duration as the spec writes it: "1d", "2h", "90s", "1h30m".</summary>
    public static string Human(TimeSpan span)
    {
        var seconds = (long)span.TotalSeconds;
        if (seconds == 0) return "0s";
        var parts = new List<string>();
        foreach (var (unit, size) in new[] { ("d", 86400L), ("h", 3600L), ("m", 60L), ("s", 1L) })
        {
            if (seconds < size) continue;
            parts.Add($"{seconds / size}{unit}");
            seconds %= size;
        }
        return string.Concat(parts);
    }

    /// <summary>A Prometheus duration ("1d", "15m", "90s") for a range selector.</summary>
    public static string Duration(TimeSpan span)
    {
        var seconds = (long)Math.Max(60, span.TotalSeconds);
        if (seconds % 86400 == 0) return $"{seconds / 86400}d";
        if (seconds % 3600 == 0) return $"{seconds / 3600}h";
        if (seconds % 60 == 0) return $"{seconds / 60}m";
        return $"{seconds}s";
    }

    /// <summary>The rules as the Prometheus rule-file structure (also the <c>spec</c> of a PrometheusRule resource), in order.</summary>
    public static List<KeyValuePair<string, object?>> RuleFile(PipelineIr pipeline)
    {
        var rules = For(pipeline).Select(r => (object?)Obj(
            ("alert", r.Alert),
            ("expr", r.Expr),
            ("for", r.For),
            ("labels", Obj([("severity", r.Severity), ("pipeline", pipeline.Name), .. r.Labels.Select(l => (l.Name, (object?)l.Value))])),
            ("annotations", Obj(("summary", r.Summary), ("description", r.Description))))).ToList();
        return Obj(("groups", new List<object?> { Obj(("name", $"pulse-{pipeline.Name}"), ("rules", rules)) }));
    }

    private static List<KeyValuePair<string, object?>> Obj(params (string Key, object? Value)[] entries) =>
        [.. entries.Select(e => new KeyValuePair<string, object?>(e.Key, e.Value))];
}
