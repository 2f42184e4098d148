using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pulse.Compiler.Ir;
using Pulse.Targets.Infra.Model;

namespace Pulse.Targets.Monitoring;

/// <summary>
/// The Grafana dashboard of a pipeline: consumer lag, events/s, quarantined rows per rule, batch
/// durations, rows per source and the age of the last successful run against the SLA. It queries
/// the Prometheus data source that kube-prometheus-stack provisions (uid "prometheus") by a fixed
/// uid rather than a <c>${datasource}</c> variable, so the file can be embedded anywhere verbatim.
/// </summary>
public static class GrafanaDashboard
{
    public const string DataSourceUid = "prometheus";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Uid(PipelineIr pipeline) => "pulse-" + TfNames.ShortHash(pipeline.Name);

    public static string Emit(PipelineIr pipeline)
    {
        var p = pipeline.Name;
        var panels = new JsonArray();
        var id = 0;
        void Add(string title, string description, string unit, params (string Expr, string Legend)[] targets)
        {
            var x = id % 2 * 12;
            var y = id / 2 * 8;
            id++;
            var targetArray = new JsonArray();
            var refId = 'A';
            foreach (var (expr, legend) in targets)
                targetArray.Add(new JsonObject
                {
                    ["refId"] = (refId++).ToString(),
                    ["datasource"] = DataSource(),
                    ["expr"] = expr,
                    ["legendFormat"] = legend,
                });
            panels.Add(new JsonObject
            {
                ["id"] = id,
                ["type"] = "timeseries",
                ["title"] = title,
                ["description"] = description,
                ["datasource"] = DataSource(),
                ["gridPos"] = new JsonObject { ["h"] = 8, ["w"] = 12, ["x"] = x, ["y"] = y },
                ["fieldConfig"] = new JsonObject { ["defaults"] = new JsonObject { ["unit"] = unit }, ["overrides"] = new JsonArray() },
                ["options"] = new JsonObject { ["legend"] = new JsonObject { ["displayMode"] = "table", ["placement"] = "bottom" } },
                ["targets"] = targetArray,
            });
        }

        Add("Consumer lag (messages)", "Kafka log end offset minus committed offset, per speed view and topic.", "short",
            ($"max by (view, topic) ({PromQl.Selector(PulseMetrics.ConsumerLagMessages, p)})", "{{view}} {{topic}}"));
        Add("Consumer lag (seconds)", "Age of the newest event each speed view has processed.", "s",
            ($"max by (view) ({PromQl.Selector(PulseMetrics.ConsumerLagSeconds, p)})", "{{view}}"));
        Add("Events per second", "Stream events consumed by each speed view.", "ops",
            ($"sum by (view) (rate({PromQl.Selector(PulseMetrics.EventsProcessed, p)}[5m]))", "{{view}}"),
            ($"sum by (view) (rate({PromQl.Selector(PulseMetrics.EventsLate, p)}[5m]))", "{{view}} late"));
        Add("Quarantined rows per rule", "Rows sent to quarantine in the last hour, by source and expectation.", "short",
            ($"sum by (source, rule) (increase({PromQl.Selector(PulseMetrics.RowsQuarantined, p)}[1h]))", "{{source}}.{{rule}}"));
        Add("Batch durations", "Wall time of the last run of each batch view.", "s",
            ($"max by (view) ({PromQl.Selector(PulseMetrics.BatchDuration, p)})", "{{view}}"));
        Add("Rows per source", "Rows read, kept and dropped per source (per minute).", "short",
            ($"sum by (source) (rate({PromQl.Selector(PulseMetrics.RowsRead, p)}[5m])) * 60", "{{source}} read"),
            ($"sum by (source) (rate({PromQl.Selector(PulseMetrics.RowsKept, p)}[5m])) * 60", "{{source}} kept"),
            ($"sum by (source) (rate({PromQl.Selector(PulseMetrics.RowsDropped, p)}[5m])) * 60", "{{source}} dropped"));
        var slaDescription = pipeline.Schedule is { Sla: { } sla } s
            ? $"Seconds since the last successful batch run; the SLA alert fires above {PromQl.Seconds(s.Interval + sla)} s (interval {s.Interval} + SLA {sla})."
            : "Seconds since the last successful batch run.";
        Add("Time since last successful batch run", slaDescription, "s",
            ($"time() - max({PromQl.Selector(PulseMetrics.BatchLastSuccess, p)})", "age"));
        Add("Rows written per sink", "Rows written to each sink (per minute).", "short",
            ($"sum by (sink) (rate({PromQl.Selector(PulseMetrics.SinkRowsWritten, p)}[5m])) * 60", "{{sink}}"));

        var dashboard = new JsonObject
        {
            ["uid"] = Uid(pipeline),
            ["title"] = $"Pulse · {p}",
            ["description"] = pipeline.Description ?? $"Metrics of the Pulse pipeline {p}",
            ["tags"] = new JsonArray("pulse"),
            ["editable"] = false,
            ["schemaVersion"] = 39,
            ["version"] = 1,
            ["refresh"] = "30s",
            ["time"] = new JsonObject { ["from"] = "now-24h", ["to"] = "now" },
            ["timezone"] = "utc",
            ["panels"] = panels,
        };
        return dashboard.ToJsonString(Options).ReplaceLineEndings("\n") + "\n";
    }

    private static JsonObject DataSource() => new() { ["type"] = "prometheus", ["uid"] = DataSourceUid };
}
