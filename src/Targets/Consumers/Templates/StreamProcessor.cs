using System.Text;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Expressions;
using Pulse.Runtime.Streaming.Sinks;
using Pulse.Runtime.Streaming.State;

namespace Pulse.Consumer;

/// <summary>An event kept out of the results: which rule, why, and the event as it arrived.</summary>
public sealed record QuarantinedEvent(int Partition, long Offset, string Rule, string Reason, string Event, string? View);

/// <summary>What the processor produced since the last checkpoint.</summary>
public sealed record ProcessorOutput(IReadOnlyDictionary<string, List<object?[]>> Rows, IReadOnlyList<QuarantinedEvent> Quarantined,
    IReadOnlyDictionary<int, long> NextOffsets);

/// <summary>
/// Everything the service does to the events of its source, for the partitions it owns: parse, clean,
/// feed the views, track watermarks, emit closed windows. The watermark rules are <c>pulse run</c>'s
/// (Runtime/Streaming/Processing/SourceProcessor.cs): a partition's watermark is the greatest event time it
/// delivered minus the watermark delay; windows close on the smallest watermark among partitions that are
/// not idle. A speed view over another speed view is fed in process, in the same checkpoint and snapshot, with
/// the rows its upstream passes on: events as they pass (with the event's partition watermark), or final windows
/// as they are emitted (never late; see <see cref="SpeedViewRunner.EmitWatermark"/>), as SourceProcessor's
/// OfferEvent/OfferWindow do. Single-threaded: the consumer loop drives it.
/// </summary>
public sealed class StreamProcessor<TEvent> where TEvent : class
{
    private const int SnapshotVersion = 1;
    private readonly SourcePipeline<TEvent> pipeline;
    private readonly SpeedViewRunner[] views;
    private readonly long delay;
    private readonly SortedDictionary<int, PartitionClock> partitions = [];
    private Dictionary<string, List<object?[]>> rows = [];
    private List<QuarantinedEvent> quarantine = [];

    private sealed class PartitionClock
    {
        public long MaxTime = long.MinValue;
        public long NextOffset = -1;
        public bool Idle;
    }

    public StreamProcessor(SourcePipeline<TEvent> pipeline, long watermarkDelayMicros, long latenessMicros)
    {
        this.pipeline = pipeline;
        delay = watermarkDelayMicros;
        views = [.. pipeline.Views.Select(v => new SpeedViewRunner(v, latenessMicros))];
        // The generated views come each after the view it reads: link every view to the views that read it.
        foreach (var view in views)
            if (view.Plan.Upstream is { } upstream) views.First(v => v.Plan.Name == upstream).Downstream.Add(view);
    }

    public long Read, Malformed, Kept, Dropped, Quarantined, LateEvents, WindowsEmitted;
    public IReadOnlyList<SpeedViewRunner> Views => views;

    public IReadOnlyDictionary<int, long> NextOffsets => partitions.ToDictionary(p => p.Key, p => p.Value.NextOffset);

    /// <summary>The event time of the newest event processed (microseconds; <see cref="long.MinValue"/> before any).</summary>
    public long NewestEventMicros => partitions.Count == 0 ? long.MinValue : partitions.Values.Max(p => p.MaxTime);

    public void Own(int partition, long nextOffset)
    {
        var clock = Clock(partition);
        if (nextOffset >= 0 && clock.NextOffset < 0) clock.NextOffset = nextOffset;
    }

    public void Release(int partition) => partitions.Remove(partition);

    public void SetIdle(int partition, bool idle) => Clock(partition).Idle = idle;

    private PartitionClock Clock(int partition)
    {
        if (!partitions.TryGetValue(partition, out var clock)) partitions[partition] = clock = new PartitionClock();
        return clock;
    }

    public long Watermark
    {
        get
        {
            var active = partitions.Values.Where(p => !p.Idle).ToList();
            if (active.Count == 0) active = [.. partitions.Values];
            return active.Count == 0 ? long.MinValue : active.Min(PartitionWatermark);
        }
    }

    private long PartitionWatermark(PartitionClock clock) =>
        clock.MaxTime == long.MinValue ? long.MinValue : SpeedViewRunner.SaturatingSubtract(clock.MaxTime, delay);

    public void Process(int partition, long offset, ReadOnlySpan<byte> value)
    {
        Read++;
        var clock = Clock(partition);
        clock.NextOffset = offset + 1;
        clock.Idle = false;
        var problem = pipeline.Parse(value, out var parsed);
        if (problem is not null)
        {
            Malformed++;
            Quarantine(partition, offset, "_malformed", problem, value);
            return;
        }
        var firstSeen = pipeline.InputTime(parsed) is { } input ? IsoTime.ToMicros(input) : clock.MaxTime;
        CleanVerdict verdict;
        try
        {
            verdict = pipeline.Clean(parsed, firstSeen);
        }
        catch (Exception e) when (IsRowFailure(e))
        {
            Quarantined++;
            Quarantine(partition, offset, "_malformed", "cleaning failed: " + e.Message, value);
            return;
        }
        switch (verdict.Action)
        {
            case CleanAction.Drop:
                Dropped++;
                return;
            case CleanAction.Quarantine:
                Quarantined++;
                Quarantine(partition, offset, verdict.Rule ?? "", verdict.Reason ?? "", value);
                return;
        }
        Kept++;
        var row = pipeline.Row(parsed);
        var watermark = PartitionWatermark(clock);
        var sequence = ((long)partition << 40) | (offset & 0xFF_FFFF_FFFF);
        foreach (var view in views)
            if (view.Plan.Upstream is null) OfferEvent(view, row, watermark, sequence, partition, offset, value);
        if (pipeline.EventTime(parsed) is { } time)
        {
            var micros = IsoTime.ToMicros(time);
            if (micros > clock.MaxTime) clock.MaxTime = micros;
        }
    }

    /// <summary>Offers one event (or a row a view made of it) to a view, then what the view passed on to the views that read it.</summary>
    private void OfferEvent(SpeedViewRunner view, object?[] row, long watermark, long sequence, int partition, long offset, ReadOnlySpan<byte> value)
    {
        var output = Rows(view.Plan.Name);
        var from = output.Count;
        try
        {
            if (view.Offer(row, watermark, sequence, output, out var late) == SpeedViewRunner.Outcome.Late)
            {
                LateEvents++;
                if (view.Plan.Late == LatePolicy.Quarantine)
                    Quarantine(partition, offset, "_late",
                        $"event time {IsoTime.Format(IsoTime.FromMicros(late))} is behind the watermark {Shown(watermark)} minus the allowed lateness {TimeSpan.FromTicks(view.Lateness * TimeSpan.TicksPerMicrosecond)}",
                        value, view.Plan.Name);
            }
        }
        catch (Exception e) when (IsRowFailure(e))
        {
            Quarantine(partition, offset, "_malformed", $"view {view.Plan.Name} failed on the event: {e.Message}", value, view.Plan.Name);
        }
        if (view.Downstream.Count == 0) return;
        for (var i = from; i < output.Count; i++)
            foreach (var next in view.Downstream) OfferEvent(next, output[i], watermark, sequence, partition, offset, value);
    }

    /// <summary>
    /// Passes the windows a view just emitted (rows from <paramref name="from"/> on) to the views that read it. Their
    /// sequence is their emission order within the batch, which is deterministic (bound and key order).
    /// </summary>
    private void ForwardWindows(SpeedViewRunner view, List<object?[]> output, int from)
    {
        if (view.Downstream.Count == 0) return;
        for (var i = from; i < output.Count; i++)
            foreach (var next in view.Downstream) OfferWindow(next, output[i], i - from);
    }

    private void OfferWindow(SpeedViewRunner view, object?[] row, long sequence)
    {
        var output = Rows(view.Plan.Name);
        var from = output.Count;
        try
        {
            // Final windows are never late: no partition watermark applies (what the view already emitted still guards).
            if (view.Offer(row, long.MinValue, sequence, output, out var late) == SpeedViewRunner.Outcome.Late)
            {
                LateEvents++;
                if (view.Plan.Late == LatePolicy.Quarantine)
                    QuarantineRow(view, "_late", $"window time {IsoTime.Format(IsoTime.FromMicros(late))} is behind what view {view.Plan.Name} already emitted", row);
            }
        }
        catch (Exception e) when (IsRowFailure(e))
        {
            QuarantineRow(view, "_malformed", $"view {view.Plan.Name} failed on a row of {view.Plan.Upstream}: {e.Message}", row);
        }
        // A filter or projection of windows passes each on at once, with the sequence it came with.
        if (view.IsWindowed || view.Downstream.Count == 0) return;
        for (var i = from; i < output.Count; i++)
            foreach (var next in view.Downstream) OfferWindow(next, output[i], sequence);
    }

    /// <summary>Quarantines a row of an upstream view (no Kafka position: partition and offset -1; the row as JSON).</summary>
    private void QuarantineRow(SpeedViewRunner view, string rule, string reason, object?[] row)
    {
        var upstream = views.First(v => v.Plan.Name == view.Plan.Upstream).Plan;
        var json = Encoding.UTF8.GetString(RowJson.Write(new RelSchema([.. upstream.Columns]), row));
        quarantine.Add(new QuarantinedEvent(-1, -1, rule, reason, json, view.Plan.Name));
    }

    private static string Shown(long micros) => micros == long.MinValue ? "(none yet)" : IsoTime.Format(IsoTime.FromMicros(micros));

    private static bool IsRowFailure(Exception e) =>
        e is OverflowException or ArithmeticException or ArgumentException or InvalidCastException or FormatException
            or System.Text.RegularExpressions.RegexMatchTimeoutException;

    private List<object?[]> Rows(string view)
    {
        if (!rows.TryGetValue(view, out var list)) rows[view] = list = [];
        return list;
    }

    private void Quarantine(int partition, long offset, string rule, string reason, ReadOnlySpan<byte> value, string? view = null) =>
        quarantine.Add(new QuarantinedEvent(partition, offset, rule, reason, Decode(value), view));

    private static string Decode(ReadOnlySpan<byte> value)
    {
        try { return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(value); }
        catch (DecoderFallbackException) { return Convert.ToBase64String(value); }
    }

    public void EmitDue()
    {
        var watermark = Watermark;
        if (watermark == long.MinValue) return;
        // Upstream views first (the views are in that order), so a view over one sees its windows before it emits its own.
        foreach (var view in views.Where(v => v.IsWindowed)) Emit(view, output => view.Emit(view.EmitWatermark(watermark), output));
    }

    /// <summary>Emits every open window: the topic has been read to its end (--drain).</summary>
    public void EmitAll()
    {
        foreach (var view in views.Where(v => v.IsWindowed)) Emit(view, view.EmitAll);
    }

    private void Emit(SpeedViewRunner view, Action<List<object?[]>> emit)
    {
        var output = Rows(view.Plan.Name);
        var from = output.Count;
        var before = view.WindowsEmitted;
        emit(output);
        WindowsEmitted += view.WindowsEmitted - before;
        ForwardWindows(view, output, from);
    }

    /// <summary>Forgets dedupe/unique keys older than the watermark minus the retention.</summary>
    public void Expire()
    {
        var watermark = Watermark;
        if (watermark == long.MinValue) return;
        var cutoff = SpeedViewRunner.SaturatingSubtract(watermark, pipeline.RetentionMicros);
        foreach (var memory in pipeline.Memories) memory.Forget(cutoff);
    }

    public ProcessorOutput TakeOutput()
    {
        var output = new ProcessorOutput(rows, quarantine, NextOffsets);
        rows = [];
        quarantine = [];
        return output;
    }

    // ---- snapshots: stored with the results and offsets, in the same transaction ------------------

    public byte[] Snapshot()
    {
        using var writer = new StateWriter();
        writer.Write(SnapshotVersion);
        writer.Write(pipeline.Source);
        writer.Write(partitions.Count);
        foreach (var (partition, clock) in partitions)
        {
            writer.Write(partition);
            writer.Write(clock.MaxTime);
            writer.Write(clock.NextOffset);
        }
        writer.Write(pipeline.Memories.Count);
        foreach (var memory in pipeline.Memories)
        {
            writer.Write(memory.Count);
            foreach (var (key, time) in memory.Entries)
            {
                writer.WriteValues(key.Parts);
                writer.Write(time);
            }
        }
        writer.Write(views.Length);
        foreach (var view in views)
        {
            writer.Write(view.Plan.Name);
            view.Write(writer);
        }
        return writer.ToArray();
    }

    public void Restore(byte[] snapshot)
    {
        using var reader = new StateReader(snapshot);
        if (reader.ReadInt() != SnapshotVersion || reader.ReadString() != pipeline.Source)
            throw new InvalidDataException($"the stored state is not one of source {pipeline.Source} (version {SnapshotVersion})");
        partitions.Clear();
        var count = reader.ReadInt();
        for (var i = 0; i < count; i++)
        {
            var partition = reader.ReadInt();
            partitions[partition] = new PartitionClock { MaxTime = reader.ReadLong(), NextOffset = reader.ReadLong() };
        }
        if (reader.ReadInt() != pipeline.Memories.Count) throw new InvalidDataException("the stored dedupe steps do not match this build");
        foreach (var memory in pipeline.Memories)
        {
            var entries = reader.ReadInt();
            var list = new List<KeyValuePair<RowKey, long>>(entries);
            for (var i = 0; i < entries; i++) list.Add(new(new RowKey(reader.ReadValues()), reader.ReadLong()));
            memory.Restore(list);
        }
        if (reader.ReadInt() != views.Length) throw new InvalidDataException("the stored views do not match this build");
        foreach (var view in views)
        {
            if (reader.ReadString() != view.Plan.Name) throw new InvalidDataException("the stored views do not match this build");
            view.Read(reader);
        }
    }
}
