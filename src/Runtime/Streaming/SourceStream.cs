using System.Collections.Immutable;
using System.Diagnostics;
using Confluent.Kafka;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Streaming.Kafka;
using Pulse.Runtime.Streaming.Processing;
using Pulse.Runtime.Streaming.Sinks;

namespace Pulse.Runtime.Streaming;

/// <summary>
/// Runs one kafka source of the speed layer: a Confluent.Kafka consumer (auto-commit off) feeding
/// <see cref="SourceProcessor"/>s, and checkpoints that write results, offsets and state through the sinks.
/// With <see cref="SpeedPartitioning.Whole"/> one processor reads every partition (manual assignment);
/// with <see cref="SpeedPartitioning.PerPartition"/> there is one processor per assigned partition, and
/// partitions move between consumers of the group on rebalance: a revoked partition is checkpointed
/// before it is given up, an assigned one resumes from its stored offset and snapshot.
/// Checkpoints are frozen on the loop (outputs, offsets, snapshots at one moment) and written by a
/// <see cref="CheckpointWriter"/> while the loop goes on fetching; offsets reach Kafka only once written.
/// </summary>
internal sealed class SourceStream
{
    private const string WholeShard = "all";

    private readonly SourceIr source;
    private readonly IReadOnlyList<ViewIr> views;
    private readonly StreamEndpoint endpoint;
    private readonly IReadOnlyList<ISpeedSink> sinks;
    private readonly ISpeedSink? store;
    private readonly CheckpointWriter writer;
    private readonly SpeedRunOptions options;
    private readonly string group;
    private readonly DateTime now;
    private readonly IProgress<SpeedEvent>? progress;
    private readonly Action<RunWarning> warn;
    private readonly bool perPartition;
    private readonly string partitioningNote;

    private readonly Dictionary<int, SourceProcessor> processors = [];
    private SourceProcessor? whole;
    private readonly HashSet<int> atEnd = [];
    private readonly Dictionary<int, long> committed = [];
    private readonly SourceCounters retired = new();
    private readonly List<(string View, ViewCounters Counters)> retiredViews = [];
    private long checkpoints;
    private long offsetsCommitted;
    private long total;
    private IConsumer<Ignore, byte[]>? consumer;

    public SourceStream(SourceIr source, IReadOnlyList<ViewIr> views, StreamEndpoint endpoint, IReadOnlyList<ISpeedSink> sinks,
        SpeedRunOptions options, string group, DateTime now, IProgress<SpeedEvent>? progress, Action<RunWarning> warn)
    {
        this.source = source;
        this.views = views;
        this.endpoint = endpoint;
        this.sinks = sinks;
        store = sinks.FirstOrDefault(s => s.StoresOffsets);
        writer = new CheckpointWriter(sinks);
        this.options = options;
        this.group = group;
        this.now = now;
        this.progress = progress;
        this.warn = warn;
        var splittable = PartitioningRules.CanSplit(source, views, out var why);
        perPartition = options.Partitioning switch
        {
            SpeedPartitioning.PerPartition => splittable ? true : throw new PulseRunException(RunError.At(source.Origin, SpeedCodes.UnsupportedView,
                $"source {source.Name} cannot keep its state per partition: {why}", "use partitioning Auto or Whole")),
            SpeedPartitioning.Whole => false,
            _ => splittable,
        };
        partitioningNote = perPartition ? "per partition" : "whole topic";
    }

    private string Topic => endpoint.Topic;

    private SourceProcessor NewProcessor()
    {
        var processor = new SourceProcessor(source, views, now);
        foreach (var note in processor.Cleaner.Unchecked)
            warn(RunWarning.At(source.Origin, SpeedCodes.NotEnforced, $"source {source.Name}: {note}"));
        return processor;
    }

    /// <summary>
    /// Consumes until the end (bounded) or cancellation. Synchronous on purpose: the caller gives it a thread of its
    /// own, and the loop stays on it (it blocks in Consume), leaving the thread pool to the checkpoint writer.
    /// </summary>
    public (SpeedSourceReport Source, IReadOnlyList<SpeedViewReport> Views) Run(CancellationToken cancellation)
    {
        var stopAtEnd = options.StopAtEnd ?? endpoint.Bounded;
        var partitions = endpoint.Partitions;
        var config = new ConsumerConfig
        {
            BootstrapServers = endpoint.BootstrapServers,
            GroupId = group,
            ClientId = $"pulse-speed-{source.Name}",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnablePartitionEof = true,
            FetchQueueBackoffMs = options.FetchQueueBackoffMs,
            // The loop reads a message's partition, offset and value only: the client need not copy the topic name,
            // timestamp and headers of every message out of librdkafka (Confluent.Kafka's dotnet.consumer.consume.result.fields).
            ConsumeResultFields = "none",
        };
        endpoint.Secure?.Invoke(config);
        if (options.ConsumerProtocol) config.GroupProtocol = GroupProtocol.Consumer;
        else
        {
            var session = options.SessionTimeout ?? (endpoint.Local ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(10));
            config.SessionTimeoutMs = (int)session.TotalMilliseconds;
            config.HeartbeatIntervalMs = Math.Max(100, (int)session.TotalMilliseconds / 6);
            config.PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky;
        }

        var builder = new ConsumerBuilder<Ignore, byte[]>(config)
            .SetErrorHandler((_, error) =>
            {
                if (error.IsFatal) fatal ??= error;
            });
        if (perPartition)
        {
            builder.SetPartitionsAssignedHandler((_, assigned) => Assigned(assigned))
                .SetPartitionsRevokedHandler((_, revoked) => Revoked(revoked))
                .SetPartitionsLostHandler((_, lost) => Lost(lost));
        }
        using (consumer = builder.Build())
        {
            try
            {
                if (perPartition) consumer.Subscribe(Topic);
                else AssignAll(partitions);
                Loop(stopAtEnd, cancellation);
            }
            catch (ConsumeException e)
            {
                throw new PulseRunException(RunError.At(source.Origin, SpeedCodes.KafkaFailed,
                    $"source {source.Name}: consuming topic {Topic} failed: {e.Error.Reason}", "check the brokers and that the topic exists"), e);
            }
            catch (KafkaException e)
            {
                throw new PulseRunException(RunError.At(source.Origin, SpeedCodes.KafkaFailed,
                    $"source {source.Name}: Kafka failed: {e.Error.Reason}", "check the brokers and the connection settings"), e);
            }
            finally
            {
                try { consumer.Close(); } catch (KafkaException) { /* leaving the group is best effort */ }
            }
        }
        return (Report(partitions), ViewReports());
    }

    private Error? fatal;

    private void AssignAll(int partitions)
    {
        whole = NewProcessor();
        var stored = store is null ? null : store.LoadAsync(group, Topic, WholeShard, CancellationToken.None).GetAwaiter().GetResult();
        if (stored?.Snapshot is { } snapshot) Restore(whole, snapshot);
        var tps = Enumerable.Range(0, partitions).Select(p => new TopicPartition(Topic, p)).ToList();
        IReadOnlyDictionary<int, long> offsets = stored?.Offsets ?? (store is null ? KafkaCommitted(tps) : new Dictionary<int, long>());
        var assignment = new List<TopicPartitionOffset>();
        foreach (var tp in tps)
        {
            var start = offsets.TryGetValue(tp.Partition.Value, out var next) ? next : -1;
            whole.Own(tp.Partition.Value, start);
            if (start >= 0) committed[tp.Partition.Value] = start;
            assignment.Add(new TopicPartitionOffset(tp, start >= 0 ? new Offset(start) : Offset.Beginning));
        }
        consumer!.Assign(assignment);
        progress?.Report(new SpeedEvent(SpeedEventKind.Assigned, source.Name, total, $"{partitions} partitions of {Topic}, one state ({partitioningNote})"));
    }

    private Dictionary<int, long> KafkaCommitted(List<TopicPartition> tps)
    {
        var result = new Dictionary<int, long>();
        foreach (var offset in consumer!.Committed(tps, TimeSpan.FromSeconds(10)))
            if (offset.Offset.Value >= 0) result[offset.Partition.Value] = offset.Offset.Value;
        return result;
    }

    private void Restore(SourceProcessor processor, byte[] snapshot)
    {
        try { processor.Restore(snapshot); }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or InvalidCastException)
        {
            throw new PulseRunException(RunError.At(source.Origin, SpeedCodes.SnapshotUnreadable,
                $"source {source.Name}: the stored speed-layer state of consumer group {group} does not fit this spec: {e.Message}",
                "the spec changed in a way the state cannot follow; start a new consumer group (it re-reads the topic)"), e);
        }
    }

    // ---- rebalance (per-partition state) ------------------------------------------------------

    private IEnumerable<TopicPartitionOffset> Assigned(List<TopicPartition> assigned)
    {
        // The checkpoint in flight ends first: loading stored offsets must not race with storing them.
        Drain();
        var result = new List<TopicPartitionOffset>();
        foreach (var tp in assigned)
        {
            var partition = tp.Partition.Value;
            var processor = NewProcessor();
            var stored = store?.LoadAsync(group, Topic, Shard(partition), CancellationToken.None).GetAwaiter().GetResult();
            if (stored?.Snapshot is { } snapshot) Restore(processor, snapshot);
            long start = -1;
            if (stored is not null && stored.Offsets.TryGetValue(partition, out var next)) start = next;
            else if (store is null && KafkaCommitted([tp]).TryGetValue(partition, out var kafka)) start = kafka;
            processor.Own(partition, start);
            processors[partition] = processor;
            if (start >= 0) committed[partition] = start;
            atEnd.Remove(partition);
            result.Add(new TopicPartitionOffset(tp, start >= 0 ? new Offset(start) : Offset.Beginning));
        }
        progress?.Report(new SpeedEvent(SpeedEventKind.Assigned, source.Name, total,
            $"assigned partitions [{string.Join(", ", assigned.Select(p => p.Partition.Value))}] of {Topic}"));
        return result;
    }

    private void Revoked(List<TopicPartitionOffset> revoked)
    {
        var gone = revoked.Select(r => r.Partition.Value).Where(processors.ContainsKey).ToList();
        // Hand over cleanly: what was read is written, with offsets and state, before another consumer takes over.
        CheckpointNow(gone.Select(p => (Shard(p), processors[p])).ToList());
        foreach (var partition in gone) Retire(partition);
        progress?.Report(new SpeedEvent(SpeedEventKind.Revoked, source.Name, total, $"revoked partitions [{string.Join(", ", gone)}] of {Topic}"));
    }

    private void Lost(List<TopicPartitionOffset> lost)
    {
        // The group moved on without us: do not write more; the new owner resumes from the last checkpoint. A
        // checkpoint already in flight ends first (its offsets are fenced if the new owner got there before).
        Drain();
        foreach (var partition in lost.Select(l => l.Partition.Value).Where(processors.ContainsKey).ToList()) Retire(partition);
    }

    private void Retire(int partition)
    {
        var processor = processors[partition];
        Add(retired, processor.Counters);
        foreach (var view in processor.Views) retiredViews.Add((view.View.Name, view.Counters.Copy()));
        processors.Remove(partition);
        atEnd.Remove(partition);
        (store as PostgresSpeedSink)?.Release(Topic, partition);
    }

    private static string Shard(int partition) => "p" + partition.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // ---- the loop -------------------------------------------------------------------------------

    private IEnumerable<(string Shard, SourceProcessor Processor)> Shards =>
        whole is not null ? [(WholeShard, whole)] : processors.Select(p => (Shard(p.Key), p.Value)).ToList();

    private SourceProcessor ProcessorOf(int partition)
    {
        if (whole is not null) return whole;
        if (!processors.TryGetValue(partition, out var processor))
        {
            processor = NewProcessor();
            processor.Own(partition);
            processors[partition] = processor;
        }
        return processor;
    }

    private void Loop(bool stopAtEnd, CancellationToken cancellation)
    {
        try
        {
            Consume(stopAtEnd, cancellation);
        }
        catch
        {
            // Do not dispose the sinks or close the consumer under a checkpoint that is still being written.
            writer.Abandon();
            throw;
        }
    }

    private void Consume(bool stopAtEnd, CancellationToken cancellation)
    {
        var sinceCheckpoint = 0L;
        var dirty = false;
        var clock = Stopwatch.StartNew();
        var pace = Stopwatch.StartNew();
        var finished = false;
        // Backpressure: while a checkpoint is being written the loop reads on, up to this many events since the last one.
        var most = 2L * options.CheckpointEvents;
        while (!cancellation.IsCancellationRequested)
        {
            if (fatal is { } error)
                throw new PulseRunException(RunError.At(source.Origin, SpeedCodes.KafkaFailed, $"source {source.Name}: Kafka failed: {error.Reason}",
                    "check the brokers and the connection settings"));
            var result = consumer!.Consume(TimeSpan.FromMilliseconds(100));
            if (result is not null && !result.IsPartitionEOF)
            {
                var partition = result.Partition.Value;
                if (atEnd.Count > 0) atEnd.Remove(partition);
                var processor = ProcessorOf(partition);
                processor.Process(partition, result.Offset.Value, result.Message.Value);
                total++;
                dirty = true;
                if (++sinceCheckpoint % 256 == 0) processor.EmitDue();
                if (options.MaxEvents is { } limit && total >= limit) break;
                if (options.MaxEventsPerSecond is { } rate && total > rate * pace.Elapsed.TotalSeconds)
                    Thread.Sleep(TimeSpan.FromSeconds(Math.Min(total / rate - pace.Elapsed.TotalSeconds, 1)));
            }
            else if (result is not null)
            {
                atEnd.Add(result.Partition.Value);
                var processor = ProcessorOf(result.Partition.Value);
                processor.SetIdle(result.Partition.Value, true);
                processor.EmitDue();
                dirty = true;
            }
            if (sinceCheckpoint >= options.CheckpointEvents || dirty && clock.Elapsed >= options.CheckpointInterval)
            {
                // Due. With the previous checkpoint still being written, read on (it starts once that one is done),
                // unless the loop is too far ahead: then wait for the writer.
                if (!writer.InFlight || writer.Ended || sinceCheckpoint >= most)
                {
                    FinishInFlight();
                    writer.Start(Freeze(Shards.ToList()));
                    sinceCheckpoint = 0;
                    dirty = false;
                    clock.Restart();
                }
            }
            else if (writer.Ended)
            {
                // Collect a written checkpoint promptly: its offsets go to Kafka, and a failure stops the loop now.
                FinishInFlight();
            }
            // Asking the consumer for its assignment is a native call: only when a partition just ended or nothing came.
            if (stopAtEnd && (result is null || result.IsPartitionEOF) && AllAtEnd())
            {
                finished = true;
                break;
            }
        }
        FinishInFlight();
        if (finished)
            foreach (var (_, processor) in Shards)
            {
                processor.EmitDue();
                processor.EmitAll();
            }
        CheckpointNow(Shards.ToList());
        progress?.Report(new SpeedEvent(SpeedEventKind.Finished, source.Name, total, finished ? "read to the end" : "stopped"));
    }

    private bool AllAtEnd()
    {
        var assigned = consumer!.Assignment;
        return assigned.Count > 0 && assigned.All(tp => atEnd.Contains(tp.Partition.Value));
    }

    // ---- checkpoints ----------------------------------------------------------------------------

    /// <summary>Takes what the shards produced since the last checkpoint, with their offsets and snapshots, at this moment.</summary>
    private CheckpointBatch Freeze(List<(string Shard, SourceProcessor Processor)> shards)
    {
        var frozen = new List<SpeedCheckpoint>(shards.Count);
        foreach (var (shard, processor) in shards)
        {
            processor.EmitDue();
            processor.Expire();
            foreach (var warning in processor.Cleaner.CheckThresholds()) warn(warning);
            var output = processor.TakeOutput();
            frozen.Add(new SpeedCheckpoint(group, Topic, shard, output, processor.Snapshot(), processor.Watermark));
        }
        return new CheckpointBatch(frozen, total);
    }

    /// <summary>Writes a checkpoint of <paramref name="shards"/> now, after the one in flight (rebalance, the end of the loop).</summary>
    private void CheckpointNow(List<(string Shard, SourceProcessor Processor)> shards)
    {
        FinishInFlight();
        var batch = Freeze(shards);
        writer.WriteAsync(batch, CancellationToken.None).GetAwaiter().GetResult();
        Committed(batch);
    }

    /// <summary>Waits for the checkpoint in flight, if any, and commits its offsets to the group.</summary>
    private void FinishInFlight()
    {
        if (writer.FinishAsync().GetAwaiter().GetResult() is { } batch) Committed(batch);
    }

    /// <summary>The same from a rebalance callback (on the loop's thread, inside Consume).</summary>
    private void Drain() => FinishInFlight();

    /// <summary>A checkpoint is in the sinks: its offsets may now go to the Kafka group.</summary>
    private void Committed(CheckpointBatch batch)
    {
        var commits = new List<TopicPartitionOffset>();
        foreach (var checkpoint in batch.Shards)
            foreach (var (partition, next) in checkpoint.Offsets)
            {
                if (committed.TryGetValue(partition, out var before) && before == next) continue;
                committed[partition] = next;
                offsetsCommitted++;
                commits.Add(new TopicPartitionOffset(Topic, partition, next));
            }
        checkpoints++;
        if (commits.Count > 0)
        {
            try { consumer!.Commit(commits); }
            catch (KafkaException e) when (store is not null || e.Error.Code is ErrorCode.RebalanceInProgress or ErrorCode.IllegalGeneration or ErrorCode.UnknownMemberId or ErrorCode.Local_NoOffset)
            {
                // With an offset store the group commit only shows lag; without one, a commit lost to a
                // rebalance means re-delivery (at-least-once), which the next owner handles.
            }
        }
        progress?.Report(new SpeedEvent(SpeedEventKind.Checkpoint, source.Name, batch.Events));
    }

    // ---- reports --------------------------------------------------------------------------------

    private static void Add(SourceCounters into, SourceCounters from)
    {
        into.Read += from.Read;
        into.Parsed += from.Parsed;
        into.Malformed += from.Malformed;
        into.Kept += from.Kept;
        into.Dropped += from.Dropped;
        into.Quarantined += from.Quarantined;
    }

    private SpeedSourceReport Report(int partitions)
    {
        var counters = retired.Copy();
        foreach (var (_, processor) in Shards) Add(counters, processor.Counters);
        var rules = Shards.Select(s => s.Processor).FirstOrDefault()?.Cleaner.Rules ?? [];
        if (whole is null) rules = MergeRules(processors.Values.Select(p => p.Cleaner.Rules).ToList(), rules);
        return new SpeedSourceReport(source.Name, Topic, partitions, partitioningNote, counters.Read, counters.Parsed, counters.Malformed,
            counters.Kept, counters.Dropped, counters.Quarantined, checkpoints, offsetsCommitted,
            committed.ToImmutableSortedDictionary(), [.. rules], endpoint.Replayed);
    }

    private static IReadOnlyList<RuleReport> MergeRules(List<IReadOnlyList<RuleReport>> perShard, IReadOnlyList<RuleReport> fallback)
    {
        if (perShard.Count == 0) return fallback;
        return [.. perShard[0].Select((rule, i) => rule with
        {
            Checked = perShard.Sum(s => s[i].Checked),
            Violations = perShard.Sum(s => s[i].Violations),
            Dropped = perShard.Sum(s => s[i].Dropped),
            Quarantined = perShard.Sum(s => s[i].Quarantined),
            Failed = perShard.Sum(s => s[i].Failed),
            Outcome = perShard.Max(s => s[i].Outcome),
        })];
    }

    private IReadOnlyList<SpeedViewReport> ViewReports() => [.. views.Select(view =>
    {
        var live = Shards.Select(s => s.Processor.Views.First(v => v.View.Name == view.Name)).ToList();
        var counters = live.Select(v => v.Counters).Concat(retiredViews.Where(r => r.View == view.Name).Select(r => r.Counters)).ToList();
        return new SpeedViewReport(view.Name, source.Name, counters.Sum(c => c.Events), counters.Sum(c => c.Late), counters.Sum(c => c.LateDropped),
            counters.Sum(c => c.LateQuarantined), counters.Sum(c => c.LateLeftToBatch), counters.Sum(c => c.WindowsEmitted), counters.Sum(c => c.RowsEmitted),
            live.Sum(v => v.OpenWindows));
    })];
}

/// <summary>Where a source's events come from: the topic, its brokers, and whether it is the local replay (bounded).</summary>
internal sealed record StreamEndpoint(string Topic, string BootstrapServers, int Partitions, bool Local, bool Bounded, long? Replayed,
    Action<ClientConfig>? Secure);
