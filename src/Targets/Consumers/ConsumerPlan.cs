using System.Collections.Immutable;
using Pulse.Compiler.Ir;

namespace Pulse.Targets.Consumers;

/// <summary>
/// The PostgreSQL database a consumer checkpoints in (offsets, window state, quarantine) and, when
/// <see cref="Table"/> is set, the table its rows go to, with its key and mode.
/// </summary>
internal sealed record PostgresTarget(string? Connection, ImmutableSortedDictionary<string, SettingValue> Settings, string Schema, string? Table,
    ImmutableArray<string> Key, bool Upsert, string Why);

/// <summary>An elasticsearch or kafka sink of the view, which the consumer writes before each checkpoint commits.</summary>
internal sealed record OutputSink(SinkIr Sink, ConnectionIr? Connection, ImmutableArray<string> DocumentId)
{
    public ImmutableSortedDictionary<string, SettingValue> Settings => Connection?.Settings ?? ImmutableSortedDictionary<string, SettingValue>.Empty;
}

/// <summary>
/// Everything one generated consumer needs, resolved from the IR: the view, its kafka source and connection,
/// its steps split around the one windowed group by (as Runtime/Streaming/Processing/SpeedViewPlanner.cs
/// splits them), and the PostgreSQL table its results go to.
/// </summary>
internal sealed record ConsumerPlan(PipelineIr Pipeline, ViewIr View, StreamingIr Streaming, SourceIr Source, ConnectionIr? Kafka,
    ImmutableArray<RelNode> Before, AggregateNode? Aggregate, ImmutableArray<RelNode> After, PostgresTarget Postgres,
    ImmutableArray<OutputSink> ElasticsearchSinks, ImmutableArray<OutputSink> KafkaSinks)
{
    /// <summary>The environment variable a consumer reads its PostgreSQL URL from when the pipeline names no PostgreSQL for the view.</summary>
    public const string FallbackPostgresVariable = "PULSE_SPEED_PG_URL";

    public string Topic => Source.Options.Topic ?? Source.Name;
    public string GroupId => $"pulse-{Pipeline.Name}-{View.Name}";

    public static ConsumerPlan For(PipelineIr pipeline, ViewIr view)
    {
        var streaming = view.Streaming ?? throw ConsumerErrors.NoKafkaSource(view.Origin, view.Name);
        var chain = new List<RelNode>();
        var node = view.Root;
        while (node is not ScanNode)
        {
            chain.Add(node);
            node = node switch
            {
                FilterNode filter => filter.Input,
                ProjectNode project => project.Input,
                AggregateNode grouped => grouped.Input,
                ViewScanNode scan when pipeline.Views.Any(v => v.Name == scan.View && v.Layer == ViewLayer.Speed) =>
                    throw ConsumerErrors.ReadsSpeedView(scan.Origin, view.Name, scan.View),
                ViewScanNode scan => throw ConsumerErrors.UnsupportedView(scan.Origin, view.Name, $"it reads the view {scan.View}; a consumer reads kafka sources only"),
                _ => throw ConsumerErrors.UnsupportedView(node.Origin, view.Name, $"a {node.GetType().Name.Replace("Node", "", StringComparison.Ordinal).ToLowerInvariant()} step cannot run on a stream"),
            };
        }
        var scanned = (ScanNode)node;
        var source = pipeline.FindSource(scanned.Source);
        if (source is not { IsStream: true }) throw ConsumerErrors.NoKafkaSource(view.Origin, view.Name);
        chain.Reverse();
        var aggregates = chain.OfType<AggregateNode>().ToList();
        if (aggregates.Count > 1) throw ConsumerErrors.UnsupportedView(aggregates[1].Origin, view.Name, "it groups twice; a speed view has at most one group by");
        var aggregate = aggregates.SingleOrDefault();
        if (aggregate is { Window: null }) throw ConsumerErrors.UnsupportedView(aggregate.Origin, view.Name, "its group by has no window");
        var split = aggregate is null ? chain.Count : chain.IndexOf(aggregate);
        var kafka = source.Options.Connection is { } name ? pipeline.FindConnection(name) : null;
        var outputs = pipeline.Sinks.Where(s => s.From == view.Name && s.Kind is SinkKind.Elasticsearch or SinkKind.Kafka)
            .Select(s => new OutputSink(s, s.Connection is { } c ? pipeline.FindConnection(c) : null,
                s.Kind == SinkKind.Elasticsearch && !s.DocumentId.IsDefaultOrEmpty ? s.DocumentId : DefaultKey(view, aggregate)))
            .ToList();
        return new ConsumerPlan(pipeline, view, streaming, source, kafka, [.. chain.Take(split)], aggregate, [.. chain.Skip(split + 1)],
            PostgresFor(pipeline, view, aggregate, outputs), [.. outputs.Where(o => o.Sink.Kind == SinkKind.Elasticsearch)],
            [.. outputs.Where(o => o.Sink.Kind == SinkKind.Kafka)]);
    }

    /// <summary>
    /// A postgres sink of the view itself; else the connection of a postgres sink that serves the view through a
    /// serving view (the consumer then keeps the live rows in a table named after the view, next to the served
    /// table, keyed like the serving view); else a database named by <see cref="FallbackPostgresVariable"/>, with
    /// a table for the rows only when no elasticsearch or kafka sink receives them.
    /// </summary>
    private static PostgresTarget PostgresFor(PipelineIr pipeline, ViewIr view, AggregateNode? aggregate, List<OutputSink> outputs)
    {
        var direct = pipeline.Sinks.FirstOrDefault(s => s.Kind == SinkKind.Postgres && s.From == view.Name && s.Table is not null);
        if (direct is not null)
            return new PostgresTarget(direct.Connection, SettingsOf(pipeline, direct.Connection), direct.Table!.Schema, direct.Table.Name,
                direct.Key.IsDefault ? [] : direct.Key, direct.Mode == WriteMode.Upsert, $"sink {direct.Name}");
        foreach (var serving in pipeline.Views.Where(v => v.Layer == ViewLayer.Serving))
        {
            if (serving.Root is not ServeMergeNode { Speed: ViewScanNode speed } merge || speed.View != view.Name) continue;
            var sink = pipeline.Sinks.FirstOrDefault(s => s.Kind == SinkKind.Postgres && s.From == serving.Name && s.Table is not null);
            if (sink is null) continue;
            var key = merge.Keys.All(k => view.Schema.Find(k) is not null) ? merge.Keys : DefaultKey(view, aggregate);
            return new PostgresTarget(sink.Connection, SettingsOf(pipeline, sink.Connection), sink.Table!.Schema, view.Name, key, key.Length > 0,
                $"serving view {serving.Name} (sink {sink.Name})");
        }
        var fallback = DefaultKey(view, aggregate);
        var settings = ImmutableSortedDictionary<string, SettingValue>.Empty.Add("url", new EnvSetting(FallbackPostgresVariable));
        if (outputs.Count > 0)
            return new PostgresTarget(null, settings, "pulse_speed", null, [], false,
                $"checkpoints only; the rows go to {string.Join(" and ", outputs.Select(o => $"sink {o.Sink.Name}"))}");
        return new PostgresTarget(null, settings, "pulse_speed", view.Name, fallback, fallback.Length > 0, "no PostgreSQL sink reads this view");
    }

    /// <summary>window_start, window_end and the group keys, when the view outputs all of them under those names.</summary>
    private static ImmutableArray<string> DefaultKey(ViewIr view, AggregateNode? aggregate)
    {
        if (aggregate is null) return [];
        string[] key = ["window_start", "window_end", .. aggregate.Keys.Select(k => k.Name)];
        return key.All(k => view.Schema.Find(k) is not null) ? [.. key] : [];
    }

    private static ImmutableSortedDictionary<string, SettingValue> SettingsOf(PipelineIr pipeline, string? connection) =>
        connection is not null && pipeline.FindConnection(connection) is { } found ? found.Settings : ImmutableSortedDictionary<string, SettingValue>.Empty;
}
