using System.Collections.Immutable;
using System.Globalization;
using Pulse.Compiler.Ir;

namespace Pulse.Targets.Kafka;

/// <summary>
/// Reads the topics of a pipeline out of the IR with their sizing and retention.
/// Retention of a source topic: forever when a batch view reads the stream (the batch layer
/// recomputes from the full history); otherwise long enough for the speed views to rebuild their
/// state after a restart (their retain + the source's lateness + watermark), and never below
/// Kafka's default of 7 days. Sink topics are compacted when the record key identifies a result
/// row (an aggregate's keys, and its window start), since later records then replace earlier ones.
/// </summary>
public static class KafkaTopicsParser
{
    public const int DefaultPartitions = 3;
    public const int DefaultReplication = 1;
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(7);

    public static KafkaTopicsModel Parse(PipelineIr ir)
    {
        var deploy = ir.Deployments.FirstOrDefault(d => d.Environment == ir.Environment)?.Kafka;
        var (partitions, replication, from) = deploy is null
            ? (DefaultPartitions, DefaultReplication, "defaults")
            : (deploy.Partitions, deploy.Replication, $"deploy {ir.Environment}");

        var topics = new List<KafkaTopic>();
        foreach (var source in ir.Sources.Where(s => s.Format == SourceFormat.Kafka && s.Options.Topic is not null))
        {
            var name = KafkaNames.RequireValidTopic(source.Options.Topic!, source.Origin);
            var (retention, reasons) = SourceRetention(ir, source);
            topics.Add(new KafkaTopic(name, TopicRole.Source, source.Name, partitions, replication, from, "delete", retention, reasons));
        }
        foreach (var sink in ir.Sinks.Where(s => s.Kind == SinkKind.Kafka && s.Topic is not null))
        {
            var name = KafkaNames.RequireValidTopic(sink.Topic!, sink.Origin);
            var (policy, retention, reasons) = SinkPolicy(ir, sink);
            topics.Add(new KafkaTopic(name, TopicRole.Sink, sink.Name, partitions, replication, from, policy, retention, reasons));
        }
        return new KafkaTopicsModel(ir.Name, ir.Environment, topics.ToImmutableArray());
    }

    private static (long, ImmutableArray<string>) SourceRetention(PipelineIr ir, SourceIr source)
    {
        var batchReaders = ir.Views.Where(v => v.Layer == ViewLayer.Batch && Reads(v.Root, source.Name)).Select(v => v.Name).ToList();
        if (batchReaders.Count > 0)
            return (-1, [$"batch view {string.Join(", ", batchReaders)} recomputes from the full topic history: kept forever"]);

        var reasons = ImmutableArray.CreateBuilder<string>();
        var needed = TimeSpan.Zero;
        foreach (var view in ir.Views.Where(v => v.Streaming?.Source == source.Name))
        {
            var s = view.Streaming!;
            var span = s.Retain + s.Lateness + s.Watermark;
            reasons.Add($"speed view {view.Name} needs {Human(span)} (retain {Human(s.Retain)} + lateness {Human(s.Lateness)} + watermark {Human(s.Watermark)})");
            if (span > needed) needed = span;
        }
        if (needed < DefaultRetention)
        {
            reasons.Add($"raised to Kafka's default of {Human(DefaultRetention)} to allow replays");
            needed = DefaultRetention;
        }
        return ((long)needed.TotalMilliseconds, reasons.ToImmutable());
    }

    private static bool Reads(RelNode node, string source) =>
        node is ScanNode scan && scan.Source == source || node.Inputs.Any(i => Reads(i, source));

    private static (string, long?, ImmutableArray<string>) SinkPolicy(PipelineIr ir, SinkIr sink)
    {
        var view = ir.FindView(sink.From);
        var key = sink.Key.IsDefault ? [] : sink.Key;
        var unique = view is null ? null : UniqueKey(view.Root);
        if (!key.IsEmpty && unique is { } u && u.All(c => key.Contains(c)))
            return ("compact", null, [$"the key ({string.Join(", ", key)}) identifies a result row of {sink.From}: later records replace earlier ones"]);

        var reasons = ImmutableArray.CreateBuilder<string>();
        reasons.Add(key.IsEmpty ? "records have no key: an append-only stream"
            : unique is null ? $"{sink.From} has no row key, so records with the same key are distinct events"
            : $"the key ({string.Join(", ", key)}) does not cover {sink.From}'s row key ({string.Join(", ", unique.Value)}): compaction would lose rows");
        var retention = DefaultRetention;
        if (view?.Streaming is { } streaming && streaming.Retain > retention)
        {
            retention = streaming.Retain;
            reasons.Add($"kept for the view's retain of {Human(retention)}");
        }
        else reasons.Add($"kept for Kafka's default of {Human(retention)}");
        return ("delete", (long)retention.TotalMilliseconds, reasons.ToImmutable());
    }

    /// <summary>The columns that identify a row of an aggregate's output (filters, sorts and limits keep it).</summary>
    private static ImmutableArray<string>? UniqueKey(RelNode node) => node switch
    {
        FilterNode f => UniqueKey(f.Input),
        SortNode s => UniqueKey(s.Input),
        LimitNode l => UniqueKey(l.Input),
        AggregateNode a => [.. a.Window is null ? [] : new[] { "window_start" }, .. a.Keys.Select(k => k.Name)],
        _ => null,
    };

    public static string Human(TimeSpan span)
    {
        if (span == TimeSpan.Zero) return "0s";
        var parts = new List<string>();
        if (span.Days > 0) parts.Add(span.Days.ToString(CultureInfo.InvariantCulture) + "d");
        if (span.Hours > 0) parts.Add(span.Hours.ToString(CultureInfo.InvariantCulture) + "h");
        if (span.Minutes > 0) parts.Add(span.Minutes.ToString(CultureInfo.InvariantCulture) + "m");
        if (span.Seconds > 0) parts.Add(span.Seconds.ToString(CultureInfo.InvariantCulture) + "s");
        if (span.Milliseconds > 0) parts.Add(span.Milliseconds.ToString(CultureInfo.InvariantCulture) + "ms");
        return string.Concat(parts);
    }
}
