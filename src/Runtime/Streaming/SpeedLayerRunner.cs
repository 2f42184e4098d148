using System.Collections.Immutable;
using System.Diagnostics;
using Confluent.Kafka;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Batch;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Streaming.Kafka;
using Pulse.Runtime.Streaming.Sinks;

namespace Pulse.Runtime.Streaming;

/// <summary>
/// Runs the speed layer of a pipeline: for every kafka source read by a speed view, a consumer that
/// parses, cleans and windows the events (see <see cref="SourceStream"/>) and checkpoints results,
/// offsets and state through the sinks. With no Kafka configured (the connection is embedded), the
/// source's <c>replay</c> file is written into an in-process mock Kafka cluster first and read through the
/// very same consumer path, to its end. The result carries per-source and per-view counts for the CLI and
/// the speed views' rows for serving views (<see cref="SpeedRunResult.Results"/>). Problems come back as a
/// failed result with a <see cref="RunError"/> (file:line:col, code, hint), never as an exception.
/// </summary>
public static class SpeedLayerRunner
{
    public static async Task<SpeedRunResult> RunAsync(PipelineIr pipeline, SpeedRunOptions? options = null,
        IProgress<SpeedEvent>? progress = null, CancellationToken cancellation = default)
    {
        options ??= new SpeedRunOptions();
        var clock = Stopwatch.StartNew();
        var started = options.Now ?? DateTimeOffset.UtcNow;
        var speedViews = pipeline.Views.Where(v => v.Layer == ViewLayer.Speed).ToList();
        var results = new SpeedResults(speedViews);
        var warnings = new List<RunWarning>();
        void Warn(RunWarning warning)
        {
            lock (warnings)
            {
                if (warnings.Contains(warning)) return;
                warnings.Add(warning);
            }
            progress?.Report(new SpeedEvent(SpeedEventKind.Warning, "", 0, warning.ToString()));
        }
        var sourceReports = new List<SpeedSourceReport>();
        var viewReports = new List<SpeedViewReport>();
        var sinks = new List<ISpeedSink>();

        SpeedRunResult Result(SpeedRunStatus status, RunError? error)
        {
            lock (warnings)
                return new SpeedRunResult(pipeline.Name, pipeline.Environment, status, started, clock.Elapsed.TotalSeconds,
                    [.. sourceReports.OrderBy(s => s.Name, StringComparer.Ordinal)],
                    [.. viewReports.OrderBy(v => speedViews.FindIndex(s => s.Name == v.Name))], [.. warnings], error, results)
                {
                    Sinks = [.. sinks.OfType<LocalSpeedSink>().Select(s => s.Report).Concat(sinks.OfType<KafkaSpeedSink>().Select(s => s.Report))
                        .OrderBy(s => s.Name, StringComparer.Ordinal)],
                };
        }

        MockKafkaCluster? cluster = null;
        try
        {
            var plan = Plan(pipeline, speedViews);
            var streams = new List<SourceStream>();
            foreach (var (source, views) in plan)
            {
                var endpoint = Endpoint(pipeline, source, options, ref cluster, progress, cancellation);
                var sourceSinks = SinksFor(pipeline, views, results, options, endpoint, ref cluster, Warn, options.Now ?? started);
                sinks.AddRange(sourceSinks.Where(s => s != results && !options.ExtraSinks.Contains(s)));
                foreach (var sink in sourceSinks) await sink.PrepareAsync(cancellation).ConfigureAwait(false);
                var group = options.ConsumerGroup ?? $"pulse-{pipeline.Name}";
                streams.Add(new SourceStream(source, views, endpoint, sourceSinks, options, group, (options.Now ?? started).UtcDateTime,
                    progress, Warn));
            }
            // A thread per source: its consume loop blocks in Consume and must not hold a thread-pool thread.
            var runs = streams.Select(stream => Task.Factory.StartNew(() => stream.Run(cancellation), cancellation,
                TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToList();
            try
            {
                await Task.WhenAll(runs).ConfigureAwait(false);
            }
            finally
            {
                foreach (var run in runs.Where(r => r.IsCompletedSuccessfully))
                {
                    sourceReports.Add(run.Result.Source);
                    viewReports.AddRange(run.Result.Views);
                }
            }
            if (cluster is not null) KeepLocalTopics(pipeline, options, cluster, sinks, Warn, cancellation);
            return Result(SpeedRunStatus.Succeeded, null);
        }
        catch (PulseRunException e)
        {
            return Result(SpeedRunStatus.Failed, e.Error);
        }
        catch (OperationCanceledException)
        {
            return Result(SpeedRunStatus.Failed, RunError.At(null, RuntimeCodes.Cancelled, "the speed layer was cancelled before it started consuming"));
        }
        catch (KafkaException e)
        {
            return Result(SpeedRunStatus.Failed, RunError.At(null, SpeedCodes.KafkaFailed, $"Kafka failed: {e.Error.Reason}",
                "check the brokers and the connection settings"));
        }
        finally
        {
            foreach (var sink in sinks) await sink.DisposeAsync().ConfigureAwait(false);
            cluster?.Dispose();
        }
    }

    /// <summary>The kafka sources speed views read, each with its views, in spec order.</summary>
    private static List<(SourceIr Source, List<ViewIr> Views)> Plan(PipelineIr pipeline, List<ViewIr> speedViews)
    {
        var plan = new List<(SourceIr, List<ViewIr>)>();
        foreach (var view in speedViews)
        {
            var name = view.Streaming is { Source.Length: > 0 } streaming ? streaming.Source : ScannedSource(view.Root);
            var source = name is null ? null : pipeline.FindSource(name);
            if (source is not { IsStream: true })
                throw new PulseRunException(RunError.At(view.Origin, SpeedCodes.UnsupportedView,
                    $"speed view {view.Name} does not read a kafka source{(name is null ? "" : $" ({name} is not one)")}",
                    "a speed view reads a kafka source: from <kafka source>"));
            var entry = plan.FindIndex(p => p.Item1.Name == source.Name);
            if (entry < 0) plan.Add((source, [view]));
            else plan[entry].Item2.Add(view);
        }
        return plan;
    }

    private static string? ScannedSource(RelNode node) =>
        node is ScanNode scan ? scan.Source : node.Inputs.Select(ScannedSource).FirstOrDefault(s => s is not null);

    private static ResolvedConnection? Connection(PipelineIr pipeline, string? name, SpeedRunOptions options) =>
        name is null || pipeline.FindConnection(name) is not { } connection ? null
            : new ResolvedConnection(connection, options.ConnectionOverrides.GetValueOrDefault(name), options.Secrets);

    private static StreamEndpoint Endpoint(PipelineIr pipeline, SourceIr source, SpeedRunOptions options, ref MockKafkaCluster? cluster,
        IProgress<SpeedEvent>? progress, CancellationToken cancellation)
    {
        var topic = source.Options.Topic ?? source.Name;
        var connection = Connection(pipeline, source.Options.Connection, options);
        if (connection is not null && !connection.Embedded)
        {
            var config = new AdminClientConfig();
            KafkaSettings.Apply(config, connection);
            return new StreamEndpoint(topic, config.BootstrapServers, PartitionsOf(config, topic, source), Local: false, Bounded: false, Replayed: null,
                c => KafkaSettings.Apply(c, connection));
        }
        if (string.IsNullOrEmpty(source.Options.Replay))
            throw new PulseRunException(RunError.At(source.Origin, SpeedCodes.ReplayMissing,
                $"kafka source {source.Name} has no replay file, so the local stream has nothing to play",
                "add replay = \"data/....ndjson\", or point the connection at a Kafka cluster (environment block or connection override)"));
        var path = Path.GetFullPath(Path.IsPathRooted(source.Options.Replay) ? source.Options.Replay : Path.Combine(pipeline.BaseDirectory, source.Options.Replay));
        if (!File.Exists(path))
            throw new PulseRunException(RunError.At(source.Origin, SpeedCodes.ReplayMissing,
                $"kafka source {source.Name}: the replay file {source.Options.Replay} does not exist ({path})", "check the path; it is relative to the spec's folder"));
        cluster ??= StartCluster(source);
        var partitions = options.LocalPartitions ?? ReplayProducer.PartitionsFor(path, source);
        cluster.CreateTopic(topic, partitions);
        var sent = ReplayProducer.Produce(cluster.BootstrapServers, topic, source, path, cancellation);
        ReplayProducer.VerifyKept(cluster.BootstrapServers, topic, partitions, sent, source);
        progress?.Report(new SpeedEvent(SpeedEventKind.Replayed, source.Name, sent, $"{sent} events from {source.Options.Replay} into {topic} ({partitions} partitions, in-process Kafka)"));
        return new StreamEndpoint(topic, cluster.BootstrapServers, partitions, Local: true, Bounded: true, sent, null);
    }

    private static MockKafkaCluster StartCluster(SourceIr source)
    {
        try { return MockKafkaCluster.Start(); }
        catch (Exception e) when (e is InvalidOperationException or DllNotFoundException or EntryPointNotFoundException)
        {
            throw new PulseRunException(RunError.At(source.Origin, SpeedCodes.MockClusterFailed,
                $"the in-process Kafka for source {source.Name} could not start: {e.Message}",
                "point the connection at a Kafka cluster, or check that librdkafka (Confluent.Kafka's native library) loads on this machine"), e);
        }
    }

    private static int PartitionsOf(AdminClientConfig config, string topic, SourceIr source)
    {
        using var admin = new AdminClientBuilder(config).Build();
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(15));
        var found = metadata.Topics.FirstOrDefault(t => t.Topic == topic);
        if (found is null || found.Error.IsError || found.Partitions.Count == 0)
            throw new PulseRunException(RunError.At(source.Origin, SpeedCodes.KafkaFailed,
                $"kafka source {source.Name}: topic {topic} is not available ({found?.Error.Reason ?? "not found"})",
                "create the topic (pulse compile emits its definition), or check the connection's brokers"));
        return found.Partitions.Count;
    }

    /// <summary>
    /// The in-process cluster ends with the run: the topics of local kafka sinks are read back and kept in the
    /// state directory (<see cref="LocalTopicCopy"/>), so a local user gets the messages the sink produced.
    /// </summary>
    private static void KeepLocalTopics(PipelineIr pipeline, SpeedRunOptions options, MockKafkaCluster cluster, List<ISpeedSink> sinks,
        Action<RunWarning> warn, CancellationToken cancellation)
    {
        var local = sinks.OfType<KafkaSpeedSink>().Where(s => s.Local).ToList();
        if (local.Count == 0 || options.StateDirectory is null) return;
        var state = StateLayout.StateDirectory(pipeline, new RunOptions { StateDirectory = options.StateDirectory });
        foreach (var sink in local)
        {
            var path = LocalTopicCopy.PathFor(state, sink.Topic);
            var (_, truncated) = LocalTopicCopy.Write(cluster.BootstrapServers, sink.Topic, path, cancellation);
            sink.Target = Path.GetRelativePath(state, path).Replace('\\', '/') + $" (topic {sink.Topic}, in-process Kafka)";
            if (truncated)
                warn(RunWarning.At(sink.Sink.Origin, SpeedCodes.SinkSkipped,
                    $"sink {sink.Sink.Name}: the in-process Kafka dropped the oldest messages of topic {sink.Topic} (a partition went over its ~5 MiB); {path} holds the rest; point the sink's connection at a Kafka cluster to keep every message"));
        }
    }

    private static List<ISpeedSink> SinksFor(PipelineIr pipeline, List<ViewIr> views, SpeedResults results, SpeedRunOptions options,
        StreamEndpoint endpoint, ref MockKafkaCluster? cluster, Action<RunWarning> warn, DateTimeOffset now)
    {
        var local = new List<(SinkIr Sink, ResolvedConnection? Connection)>();
        var names = views.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        var sinks = new List<ISpeedSink> { results };
        var postgres = new Dictionary<string, (ResolvedConnection Connection, List<SinkIr> Sinks)>(StringComparer.Ordinal);
        foreach (var sink in pipeline.Sinks.Where(s => names.Contains(s.From)))
        {
            var connection = Connection(pipeline, sink.Connection, options);
            switch (sink.Kind)
            {
                case SinkKind.Postgres when connection is { Embedded: false }:
                    if (!postgres.TryGetValue(connection.Name, out var entry)) postgres[connection.Name] = entry = (connection, []);
                    entry.Sinks.Add(sink);
                    break;
                case SinkKind.Kafka when connection is { Embedded: false }:
                    var config = new ProducerConfig();
                    KafkaSettings.Apply(config, connection);
                    sinks.Add(new KafkaSpeedSink(sink, config.BootstrapServers, c => KafkaSettings.Apply(c, connection)));
                    break;
                case SinkKind.Kafka:
                    // Locally the sink's topic lives in the same in-process cluster as the replayed source, with as many
                    // partitions as the source's topic (each mock partition keeps only a few MiB).
                    cluster ??= MockKafkaCluster.Start();
                    try { cluster.CreateTopic(sink.Topic ?? sink.Name, Math.Max(1, endpoint.Partitions)); }
                    catch (KafkaException e) when (e.Error.Code == ErrorCode.TopicAlreadyExists) { }
                    sinks.Add(new KafkaSpeedSink(sink, cluster.BootstrapServers, local: true));
                    break;
                case SinkKind.Parquet or SinkKind.Delta or SinkKind.Elasticsearch or SinkKind.Postgres when options.StateDirectory is not null:
                    local.Add((sink, connection));
                    break;
                default:
                    warn(RunWarning.At(sink.Origin, SpeedCodes.SinkSkipped,
                        $"sink {sink.Name} ({sink.Kind.ToString().ToLowerInvariant()}{(connection is { Embedded: true } ? ", embedded" : "")}) of speed view {sink.From} is not written: this speed run has no state directory for local sinks; its rows are in the run's speed results"));
                    break;
            }
        }
        foreach (var (connection, group) in postgres.Values) sinks.Add(new PostgresSpeedSink(connection, group, options.BookkeepingSchema));
        // The local replay without an offset store reads the stream from its start: local sinks start over too.
        var settings = LocalSpeedSinkSettings.For(pipeline, options, now, warn,
            fresh: endpoint.Local && !sinks.Concat(options.ExtraSinks).Any(s => s.StoresOffsets));
        foreach (var (sink, connection) in local)
            sinks.Add(LocalSpeedSink.TryCreate(sink, pipeline.FindView(sink.From)!, connection, settings)!);
        sinks.AddRange(options.ExtraSinks);
        return sinks;
    }
}
