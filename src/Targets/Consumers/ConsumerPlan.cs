using System.Collections.Immutable;
using Pulse.Compiler.Ir;

namespace Pulse.Targets.Consumers;

/// <summary>
/// The PostgreSQL database a consumer checkpoints in (offsets, window state, quarantine) and, when
/// <see cref="Table"/> is set, the table a view's rows go to, with its key and mode.
/// </summary>
internal sealed record PostgresTarget(string? Connection, ImmutableSortedDictionary<string, SettingValue> Settings, string Schema, string? Table,
    ImmutableArray<string> Key, bool Upsert, string Why);

/// <summary>An elasticsearch or kafka sink of the view, which the consumer writes before each checkpoint commits.</summary>
internal sealed record OutputSink(SinkIr Sink, ConnectionIr? Connection, ImmutableArray<string> DocumentId)
{
    public ImmutableSortedDictionary<string, SettingValue> Settings => Connection?.Settings ?? ImmutableSortedDictionary<string, SettingValue>.Empty;
}

/// <summary>
/// Everything one generated consumer needs, resolved from the IR: its source and kafka connection, and the views it
/// runs: the <see cref="Root"/> view, which reads the kafka source, then every speed view over it (transitively,
/// each after the view it reads: <see cref="Downstream"/>), fed in process with the rows their upstream passes on,
/// as <c>pulse run</c> feeds them (Runtime/Streaming/Processing/SourceProcessor.cs). All views share the consumer
/// group, the checkpoint transaction and so the exactly-once guarantee; <see cref="Postgres"/> is the root's
/// table in the service's one checkpoint database.
/// </summary>
internal sealed record ConsumerPlan(PipelineIr Pipeline, StreamingIr Streaming, SourceIr Source, ConnectionIr? Kafka, ViewStage Root,
    ImmutableArray<ViewStage> Downstream)
{
    /// <summary>The environment variable a consumer reads its PostgreSQL URL from when the pipeline names no PostgreSQL for its views.</summary>
    public const string FallbackPostgresVariable = "PULSE_SPEED_PG_URL";

    public ViewIr View => Root.View;
    public ImmutableArray<RelNode> Before => Root.Before;
    public AggregateNode? Aggregate => Root.Aggregate;
    public ImmutableArray<RelNode> After => Root.After;
    public PostgresTarget Postgres => Root.Postgres;
    public ImmutableArray<OutputSink> ElasticsearchSinks => Root.ElasticsearchSinks;
    public ImmutableArray<OutputSink> KafkaSinks => Root.KafkaSinks;

    /// <summary>The root, then the views over it, each after the view it reads.</summary>
    public IEnumerable<ViewStage> Stages => [Root, .. Downstream];

    public string Topic => Source.Options.Topic ?? Source.Name;
    public string GroupId => $"pulse-{Pipeline.Name}-{View.Name}";

    /// <summary>The plan of the service of <paramref name="view"/>, a speed view that reads a kafka source (see <see cref="SpeedViewChains.IsRoot"/>).</summary>
    public static ConsumerPlan For(PipelineIr pipeline, ViewIr view)
    {
        var streaming = view.Streaming ?? throw ConsumerErrors.NoKafkaSource(view.Origin, view.Name);
        var (chain, leaf) = SpeedViewChains.Steps(pipeline, view);
        if (leaf is not ScanNode scanned) throw ConsumerErrors.UnsupportedView(leaf.Origin, view.Name, $"it reads the view {((ViewScanNode)leaf).View}; a consumer reads kafka sources only");
        var source = pipeline.FindSource(scanned.Source);
        if (source is not { IsStream: true }) throw ConsumerErrors.NoKafkaSource(view.Origin, view.Name);
        var kafka = source.Options.Connection is { } name ? pipeline.FindConnection(name) : null;

        var root = Stage(pipeline, view, chain, null, source.Schema, null);
        var stages = new Dictionary<string, ViewStage>(StringComparer.Ordinal) { [view.Name] = root };
        var downstream = new List<ViewStage>();
        foreach (var next in SpeedViewChains.Downstream(pipeline, view))
        {
            var upstream = stages[SpeedViewChains.UpstreamOf(pipeline, next)!];
            var (steps, _) = SpeedViewChains.Steps(pipeline, next);
            var stage = Stage(pipeline, next, steps, upstream.View.Name, upstream.View.Schema, upstream.Frontiers);
            stages[next.Name] = stage;
            downstream.Add(stage);
        }
        var database = CheckpointDatabase(view, [root, .. downstream]);
        ViewStage InDatabase(ViewStage stage) => stage with { Postgres = stage.Postgres with { Connection = database.Connection, Settings = database.Settings } };
        return new ConsumerPlan(pipeline, streaming, source, kafka, InDatabase(root), [.. downstream.Select(InDatabase)]);
    }

    /// <summary>
    /// One view's steps split around its one windowed group by (as Runtime/Streaming/Processing/SpeedViewPlanner.cs
    /// splits them), the promises its rows make to views over it, and where its rows go.
    /// </summary>
    private static ViewStage Stage(PipelineIr pipeline, ViewIr view, List<RelNode> chain, string? upstream, RelSchema input,
        ImmutableSortedDictionary<string, long>? upstreamFrontiers)
    {
        var aggregates = chain.OfType<AggregateNode>().ToList();
        if (aggregates.Count > 1) throw ConsumerErrors.UnsupportedView(aggregates[1].Origin, view.Name, "it groups twice; a speed view has at most one group by");
        var aggregate = aggregates.SingleOrDefault();
        if (aggregate is { Window: null }) throw ConsumerErrors.UnsupportedView(aggregate.Origin, view.Name, "its group by has no window");
        var split = aggregate is null ? chain.Count : chain.IndexOf(aggregate);
        var (windowShift, frontiers) = StageFrontiers.Of(view, chain, split, aggregate, upstream, upstreamFrontiers);
        var outputs = pipeline.Sinks.Where(s => s.From == view.Name && s.Kind is SinkKind.Elasticsearch or SinkKind.Kafka)
            .Select(s => new OutputSink(s, s.Connection is { } c ? pipeline.FindConnection(c) : null,
                s.Kind == SinkKind.Elasticsearch && !s.DocumentId.IsDefaultOrEmpty ? s.DocumentId : DefaultKey(view, aggregate)))
            .ToList();
        return new ViewStage(view, upstream, input, [.. chain.Take(split)], aggregate, [.. chain.Skip(split + 1)], windowShift, frontiers,
            PostgresFor(pipeline, view, aggregate, outputs), [.. outputs.Where(o => o.Sink.Kind == SinkKind.Elasticsearch)],
            [.. outputs.Where(o => o.Sink.Kind == SinkKind.Kafka)]) { ReadsWindows = upstreamFrontiers is not null };
    }

    /// <summary>
    /// The one database every view of the service writes to, so that a checkpoint is one transaction: the connection
    /// of the views' postgres tables (they must agree), else the fallback (<see cref="FallbackPostgresVariable"/>).
    /// </summary>
    private static PostgresTarget CheckpointDatabase(ViewIr root, List<ViewStage> stages)
    {
        var named = stages.Where(s => s.Postgres is { Table: not null, Connection: not null }).ToList();
        var connections = named.Select(s => s.Postgres.Connection!).Distinct(StringComparer.Ordinal).ToList();
        if (connections.Count > 1)
        {
            var second = named.First(s => s.Postgres.Connection == connections[1]);
            throw ConsumerErrors.TwoDatabases(second.View.Origin, root.Name, second.View.Name, connections[0], connections[1]);
        }
        return named.Count > 0 ? named[0].Postgres : stages[0].Postgres with { Connection = null, Settings = FallbackSettings };
    }

    private static readonly ImmutableSortedDictionary<string, SettingValue> FallbackSettings =
        ImmutableSortedDictionary<string, SettingValue>.Empty.Add("url", new EnvSetting(FallbackPostgresVariable));

    /// <summary>
    /// A postgres sink of the view itself; else the connection of a postgres sink that serves the view through a
    /// serving view (the consumer then keeps the live rows in a table named after the view, next to the served
    /// table, keyed like the serving view); else the service's checkpoint database, with a table <c>pulse_speed.&lt;view&gt;</c>
    /// for the rows only when no elasticsearch or kafka sink receives them.
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
        if (outputs.Count > 0)
            return new PostgresTarget(null, FallbackSettings, "pulse_speed", null, [], false,
                $"checkpoints only; the rows go to {string.Join(" and ", outputs.Select(o => $"sink {o.Sink.Name}"))}");
        return new PostgresTarget(null, FallbackSettings, "pulse_speed", view.Name, fallback, fallback.Length > 0, "no PostgreSQL sink reads this view");
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

/// <summary>
/// One view a consumer runs. <see cref="Upstream"/> is the view it reads (null: the source's cleaned events) and
/// <see cref="Input"/> the schema of the rows it is fed. <see cref="WindowShift"/> is set when it windows the final
/// windows of its upstream: how far behind the service's watermark its window column's future values stay (its
/// windows close on the watermark minus that). <see cref="Frontiers"/> says the same for each output column when
/// its rows are windows (null when they are events): what a view over this one windows on.
/// </summary>
internal sealed record ViewStage(ViewIr View, string? Upstream, RelSchema Input, ImmutableArray<RelNode> Before, AggregateNode? Aggregate,
    ImmutableArray<RelNode> After, long? WindowShift, ImmutableSortedDictionary<string, long>? Frontiers, PostgresTarget Postgres,
    ImmutableArray<OutputSink> ElasticsearchSinks, ImmutableArray<OutputSink> KafkaSinks)
{
    /// <summary>True when the rows it is fed are final windows of its upstream (not events).</summary>
    public bool ReadsWindows { get; init; }
}
