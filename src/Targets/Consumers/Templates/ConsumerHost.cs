using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Confluent.Kafka;
using Npgsql;
using Prometheus;

namespace Pulse.Consumer;

/// <summary>
/// The service: a Kafka consumer-group loop (auto-commit off) feeding a <see cref="StreamProcessor{TEvent}"/>,
/// checkpoints that first hand each view's rows to its elasticsearch and kafka sinks (<see cref="IRowSink"/>), then write
/// the rows of every view, offsets and state to PostgreSQL in one transaction (the speed views over the service's view,
/// <c>downstream</c> in appsettings.json, run in the same checkpoints), Prometheus metrics and a health endpoint. SIGTERM/SIGINT stop it cleanly: the last checkpoint is written before it leaves the group.
/// <c>--drain</c> reads every assigned partition to its end, emits every open window and exits (backfills,
/// and the agreement tests against <c>pulse run</c>).
/// </summary>
public static class ConsumerHost
{
    private const string Shard = "all";

    private static readonly Counter EventsTotal = Metrics.CreateCounter("pulse_events_total", "Events read from the topic.", "view");
    private static readonly Counter QuarantinedTotal = Metrics.CreateCounter("pulse_quarantined_total", "Events quarantined (malformed, expectations, late).", "view");
    private static readonly Counter LateTotal = Metrics.CreateCounter("pulse_late_events_total", "Events behind the watermark minus the allowed lateness.", "view");
    private static readonly Counter WindowsTotal = Metrics.CreateCounter("pulse_windows_emitted_total", "Windows emitted (final).", "view");
    private static readonly Gauge Lag = Metrics.CreateGauge("pulse_consumer_lag", "Messages behind the end of each assigned partition.", "view", "partition");

    public static async Task<int> RunAsync<TEvent>(SourcePipeline<TEvent> pipeline, string[] args) where TEvent : class
    {
        // Not disposed: ProcessExit runs after Main returns and still uses both.
        var stop = new CancellationTokenSource();
        var finished = new ManualResetEventSlim();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { stop.Cancel(); finished.Wait(TimeSpan.FromSeconds(30)); };
        try
        {
            var settings = ServiceSettings.Load(Path.Combine(AppContext.BaseDirectory, "appsettings.json"));
            return await new Loop<TEvent>(pipeline, settings, args.Contains("--drain")).RunAsync(stop.Token);
        }
        catch (Exception e) when (e is SettingMissingException or ExpectationFailedException or OffsetsFencedException or KafkaException
                                      or NpgsqlException or InvalidDataException or HttpListenerException or SinkFailedException or OperationCanceledException)
        {
            Log("error: " + e.Message.Split('\n')[0]);
            return e is ExpectationFailedException ? 3 : e is SettingMissingException ? 2 : 1;
        }
        finally
        {
            finished.Set();
        }
    }

    public static void Log(string message) =>
        Console.Error.WriteLine(DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) + " " + message);

    private sealed class Loop<TEvent>(SourcePipeline<TEvent> pipeline, ServiceSettings settings, bool drain) where TEvent : class
    {
        private readonly string view = settings.Text("service", "view");
        private readonly string pipelineName = settings.Text("service", "pipeline");
        private readonly string topic = settings.Text("kafka", "topic");
        private readonly string group = Environment.GetEnvironmentVariable("PULSE_CONSUMER_GROUP") is { Length: > 0 } g ? g : settings.Text("kafka", "groupId");
        private readonly HashSet<int> atEnd = [];
        private readonly HashSet<string> warned = [];
        private StreamProcessor<TEvent> processor = null!;
        private PostgresStore store = null!;
        private IConsumer<Ignore, byte[]> consumer = null!;
        private List<(string View, IRowSink Sink)> sinks = [];
        private bool broken;
        private Error? fatal;
        private long lastPollTicks = Stopwatch.GetTimestamp();

        public async Task<int> RunAsync(CancellationToken stop)
        {
            var window = settings.Has("window");
            var delay = Micros(window ? settings.Duration("window", "watermark", TimeSpan.Zero) : TimeSpan.Zero);
            var lateness = Micros(window ? settings.Duration("window", "lateness", TimeSpan.Zero) : TimeSpan.Zero);
            processor = new StreamProcessor<TEvent>(pipeline, delay, lateness);
            var plan = pipeline.Views.Single(v => v.Name == view);
            var downstream = settings.Downstream();
            var tables = new List<ViewTable>();
            if (settings.OptionalText("postgres", "table") is { } table)
                tables.Add(new ViewTable(view, settings.Text("postgres", "schema"), table, plan.Columns, settings.List("postgres", "key"), settings.Text("postgres", "mode") == "upsert"));
            foreach (var next in downstream)
                if (next.Table is { } nextTable)
                    tables.Add(new ViewTable(next.View, next.Schema, nextTable, Columns(next.View), next.Key, next.Upsert));
            store = new PostgresStore(settings.PostgresConnectionString(), settings.Text("postgres", "bookkeepingSchema"), tables);
            await store.PrepareAsync(stop);
            var retry = settings.Retry();
            IRowSink Sink(string name, SinkSettings s) => s.Kind == "elasticsearch"
                ? new ElasticsearchBulkWriter(name, Columns(name), s, retry)
                : new KafkaRowWriter(name, Columns(name), s);
            sinks = [.. settings.Sinks().Select(s => (view, Sink(view, s))), .. downstream.SelectMany(d => d.Sinks.Select(s => (d.View, Sink(d.View, s))))];
            var stored = await store.LoadAsync(group, topic, Shard, stop);
            if (stored.Snapshot is { } snapshot) processor.Restore(snapshot);

            using var metrics = StartMetrics();
            using var health = StartHealth(stop);
            var config = new ConsumerConfig
            {
                GroupId = group,
                ClientId = "pulse-" + view,
                EnableAutoCommit = false,
                EnableAutoOffsetStore = false,
                AutoOffsetReset = AutoOffsetReset.Earliest,
                EnablePartitionEof = true,
                FetchQueueBackoffMs = 10,
            };
            settings.ApplyKafka(config);
            // How soon the group hands a silent member's partitions to another: the broker's default unless overridden.
            if (Environment.GetEnvironmentVariable("PULSE_KAFKA_SESSION_TIMEOUT_MS") is { Length: > 0 } session)
            {
                config.SessionTimeoutMs = int.Parse(session, CultureInfo.InvariantCulture);
                config.HeartbeatIntervalMs = Math.Max(100, config.SessionTimeoutMs.Value / 6);
            }
            using (consumer = new ConsumerBuilder<Ignore, byte[]>(config)
                       .SetErrorHandler((_, error) => { if (error.IsFatal) fatal ??= error; })
                       .SetPartitionsAssignedHandler((_, assigned) => Assigned(assigned, stop))
                       .SetPartitionsRevokedHandler((_, revoked) => Revoked(revoked))
                       .SetPartitionsLostHandler((_, lost) => { foreach (var tp in lost) Forget(tp.Partition.Value); })
                       .Build())
            {
                consumer.Subscribe(topic);
                Log($"consuming {topic} as group {group} for view {view}{(drain ? " (drain: stop at the end of the topic)" : "")}");
                try
                {
                    return await ConsumeAsync(stop);
                }
                finally
                {
                    try { consumer.Close(); } catch (KafkaException) { /* leaving the group is best effort */ }
                    foreach (var (_, sink) in sinks) sink.Dispose();
                }
            }
        }

        private IReadOnlyList<Pulse.Compiler.Ir.Column> Columns(string name) =>
            (pipeline.Views.SingleOrDefault(v => v.Name == name) ?? throw new InvalidDataException($"appsettings.json names view {name}, which this build does not run")).Columns;

        private static long Micros(TimeSpan span) => span.Ticks / TimeSpan.TicksPerMicrosecond;

        private IEnumerable<TopicPartitionOffset> Assigned(List<TopicPartition> assigned, CancellationToken stop)
        {
            // Another instance may have moved on since we loaded: read the stored offsets again.
            var stored = store.LoadAsync(group, topic, Shard, CancellationToken.None).GetAwaiter().GetResult();
            var result = new List<TopicPartitionOffset>();
            foreach (var tp in assigned)
            {
                var partition = tp.Partition.Value;
                var start = stored.Offsets.TryGetValue(partition, out var next) ? next : -1;
                processor.Own(partition, start);
                atEnd.Remove(partition);
                result.Add(new TopicPartitionOffset(tp, start >= 0 ? new Offset(start) : Offset.Beginning));
            }
            Log($"assigned partitions [{string.Join(", ", assigned.Select(p => p.Partition.Value))}]");
            return result;
        }

        private void Revoked(List<TopicPartitionOffset> revoked)
        {
            // Hand over cleanly: what was read is written, with offsets and state, before another instance takes over.
            CheckpointAsync(CancellationToken.None).GetAwaiter().GetResult();
            foreach (var tp in revoked) Forget(tp.Partition.Value);
        }

        private void Forget(int partition)
        {
            processor.Release(partition);
            store.Release(topic, partition);
            atEnd.Remove(partition);
        }

        private async Task<int> ConsumeAsync(CancellationToken stop)
        {
            var interval = settings.Duration("checkpoint", "interval", TimeSpan.FromSeconds(1));
            var everyEvents = settings.Number("checkpoint", "events", "PULSE_CHECKPOINT_EVENTS");
            var sinceCheckpoint = 0;
            var dirty = false;
            var clock = Stopwatch.StartNew();
            var reachedEnd = false;
            while (!stop.IsCancellationRequested)
            {
                if (fatal is { } error) throw new KafkaException(error);
                ConsumeResult<Ignore, byte[]>? result;
                try { result = consumer.Consume(TimeSpan.FromMilliseconds(100)); }
                catch (ConsumeException e) when (!e.Error.IsFatal && e.Error.Code != ErrorCode.UnknownTopicOrPart)
                {
                    Log("warning: " + e.Error.Reason);
                    continue;
                }
                Interlocked.Exchange(ref lastPollTicks, Stopwatch.GetTimestamp());
                if (result is not null && !result.IsPartitionEOF)
                {
                    atEnd.Remove(result.Partition.Value);
                    processor.Process(result.Partition.Value, result.Offset.Value, result.Message.Value);
                    dirty = true;
                    if (++sinceCheckpoint % 256 == 0) processor.EmitDue();
                }
                else if (result is not null)
                {
                    atEnd.Add(result.Partition.Value);
                    processor.SetIdle(result.Partition.Value, true);
                    processor.EmitDue();
                    dirty = true;
                }
                if (sinceCheckpoint >= everyEvents || dirty && clock.Elapsed >= interval)
                {
                    // Not cancelled by SIGTERM: a checkpoint that started finishes (the stop writes one more anyway).
                    await CheckpointAsync(CancellationToken.None);
                    sinceCheckpoint = 0;
                    dirty = false;
                    clock.Restart();
                }
                if (drain && consumer.Assignment.Count > 0 && consumer.Assignment.All(tp => atEnd.Contains(tp.Partition.Value)))
                {
                    reachedEnd = true;
                    break;
                }
            }
            if (reachedEnd)
            {
                processor.EmitDue();
                processor.EmitAll();
            }
            await CheckpointAsync(CancellationToken.None);
            Log($"{(reachedEnd ? "read to the end" : "stopped")}: {processor.Read} events, {processor.Kept} kept, {processor.Dropped} dropped, " +
                $"{processor.Malformed + processor.Quarantined} quarantined, {processor.LateEvents} late, {processor.WindowsEmitted} windows emitted");
            return 0;
        }

        private async Task CheckpointAsync(CancellationToken cancellation)
        {
            // The rows of a failed checkpoint are gone from the processor: another checkpoint (the revocation
            // when the consumer closes) would store offsets past them. Only a restart from the stored state may go on.
            if (broken) return;
            try
            {
                await WriteCheckpointAsync(cancellation);
            }
            catch
            {
                broken = true;
                throw;
            }
        }

        private async Task WriteCheckpointAsync(CancellationToken cancellation)
        {
            processor.EmitDue();
            processor.Expire();
            CheckThresholds();
            var output = processor.TakeOutput();
            // Before the offsets move: a sink that fails stops the service with the offsets where they were.
            var rejected = new List<QuarantinedEvent>();
            foreach (var (name, sink) in sinks)
            {
                if (!output.Rows.TryGetValue(name, out var rows) || rows.Count == 0) continue;
                var refused = await sink.WriteAsync(rows, cancellation);
                rejected.AddRange(refused);
                ContractMetrics.SinkRows(pipelineName, sink.Name, rows.Count - refused.Count);
            }
            if (rejected.Count > 0)
            {
                Log($"warning: {rejected.Count} rows rejected by the sinks were quarantined; first: {rejected[0].Reason}");
                output = output with { Quarantined = [.. output.Quarantined, .. rejected] };
            }
            await store.WriteAsync(group, pipeline.Source, topic, Shard, output, processor.Snapshot(), cancellation);
            // The group's own offsets only show lag to Kafka tools; PostgreSQL's are the ones the service resumes from.
            var commits = output.NextOffsets.Where(o => o.Value >= 0).Select(o => new TopicPartitionOffset(topic, o.Key, o.Value)).ToList();
            if (commits.Count > 0)
            {
                try { consumer.Commit(commits); }
                catch (KafkaException) { /* informational only */ }
            }
            UpdateMetrics(output);
        }

        private void CheckThresholds()
        {
            foreach (var rule in pipeline.Rules.Where(r => r.Violations > 0))
            {
                var summary = $"{rule.Violations} of {rule.Checked} events ({rule.Fraction.ToString("P2", CultureInfo.InvariantCulture)}) so far violate {rule.Rule}";
                if (rule.FailAbove is { } limit && rule.Fraction > limit)
                    throw new ExpectationFailedException($"expectation {rule.Rule} failed: {summary}, above the {limit.ToString("P2", CultureInfo.InvariantCulture)} allowed");
                if ((rule.WarnAbove is { } tolerated ? rule.Fraction > tolerated : rule.Kind is "warn" or "fail") && warned.Add(rule.Rule))
                    Log("warning: " + summary);
            }
        }

        private void UpdateMetrics(ProcessorOutput output)
        {
            EventsTotal.WithLabels(view).IncTo(processor.Read);
            QuarantinedTotal.WithLabels(view).Inc(output.Quarantined.Count);
            LateTotal.WithLabels(view).IncTo(processor.LateEvents);
            WindowsTotal.WithLabels(view).IncTo(processor.WindowsEmitted);
            ContractMetrics.Update(pipelineName, pipeline.Source, processor, output);
            foreach (var tp in consumer.Assignment)
            {
                var ends = consumer.GetWatermarkOffsets(tp);
                var position = output.NextOffsets.TryGetValue(tp.Partition.Value, out var next) ? next : -1;
                if (ends.High.Value >= 0 && position >= 0)
                {
                    Lag.WithLabels(view, tp.Partition.Value.ToString(CultureInfo.InvariantCulture)).Set(Math.Max(ends.High.Value - position, 0));
                    ContractMetrics.Lag(pipelineName, processor, topic, tp.Partition.Value, Math.Max(ends.High.Value - position, 0));
                }
            }
        }

        private IDisposable? StartMetrics()
        {
            var port = settings.Number("metrics", "port", "PULSE_METRICS_PORT");
            if (port <= 0) return null;
            var server = new MetricServer(port: port);
            server.Start();
            return server;
        }

        /// <summary><c>GET /healthz</c>: 200 while the loop polls Kafka, 503 when it has not for 30 seconds.</summary>
        private IDisposable? StartHealth(CancellationToken stop)
        {
            var port = settings.Number("health", "port", "PULSE_HEALTH_PORT");
            if (port <= 0) return null;
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://+:{port.ToString(CultureInfo.InvariantCulture)}/healthz/");
            listener.Start();
            _ = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested && listener.IsListening)
                {
                    HttpListenerContext context;
                    try { context = await listener.GetContextAsync(); }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
                    var quiet = Stopwatch.GetElapsedTime(Interlocked.Read(ref lastPollTicks));
                    var healthy = quiet < TimeSpan.FromSeconds(30);
                    context.Response.StatusCode = healthy ? 200 : 503;
                    var body = System.Text.Encoding.UTF8.GetBytes(healthy ? "ok\n" : $"no poll for {quiet.TotalSeconds:0}s\n");
                    await context.Response.OutputStream.WriteAsync(body, stop);
                    context.Response.Close();
                }
            }, CancellationToken.None);
            return listener;
        }
    }
}
