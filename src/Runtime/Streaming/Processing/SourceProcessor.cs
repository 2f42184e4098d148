using System.Text;
using System.Text.RegularExpressions;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Runtime.Expressions;
using Pulse.Runtime.Expressions.Cleaning;
using Pulse.Runtime.Streaming.Events;
using Pulse.Runtime.Streaming.State;

namespace Pulse.Runtime.Streaming.Processing;

/// <summary>
/// Everything the speed layer does to the events of one source, for the partitions it is given: parse,
/// clean, feed the speed views, track watermarks, emit closed windows. A speed view over another speed
/// view of the source is fed in process with the rows its upstream passes on: events as they pass, or
/// windows as they are emitted (in the same checkpoint and snapshot, so exactly-once holds for it too).
/// Single-threaded; the consumer loop drives it. Watermark rules:
/// <list type="bullet">
/// <item>Each partition's watermark is the greatest event time it delivered minus the source's
/// <c>watermark</c> delay. An event is late for a view when its time is before its own partition's
/// watermark minus the allowed <c>lateness</c> (or before what the view already emitted). Both depend
/// only on the partition's own order, so the same events give the same late set however partitions
/// interleave, and a restart from a snapshot gives the same result as a clean run.</item>
/// <item>Windows close on the processor's watermark: the smallest partition watermark among partitions
/// that are not idle (at the end of what was written so far), never below an explicit
/// <see cref="AdvanceTo"/>. A window is emitted when that watermark reaches its end plus the lateness.</item>
/// </list>
/// </summary>
public sealed class SourceProcessor
{
    private const int SnapshotVersion = 1;

    private readonly SourceIr source;
    private readonly string topic;
    private readonly EventParser parser;
    private readonly StreamCleaner cleaner;
    private readonly SpeedView[] views;
    private readonly int timeSlot;
    private readonly int inputTimeSlot;
    private readonly long delay;
    private readonly long retention;
    private readonly SortedDictionary<int, PartitionClock> partitions = [];
    private long floor = long.MinValue;
    private int lastPartition = -1;
    private PartitionClock? lastClock;

    /// <summary>
    /// The working row, reused for every event when nothing keeps it: each view reading the events is windowed
    /// (it takes key and argument values out of the row, never the row), and cleaning copies the keys it remembers.
    /// Null when a view passes the events on as rows (they are kept in the output).
    /// </summary>
    private readonly object?[]? reusedRow;

    private Dictionary<string, List<object?[]>> rows = [];
    private List<QuarantinedEvent> quarantine = [];

    private sealed class PartitionClock
    {
        public long MaxTime = long.MinValue;
        public long NextOffset = -1;
        public bool Idle;
    }

    public SourceProcessor(SourceIr source, IEnumerable<ViewIr> speedViews, DateTime now)
    {
        this.source = source;
        topic = source.Options.Topic ?? source.Name;
        cleaner = new StreamCleaner(source, now);
        views = PlanViews(speedViews, now);
        var eventTime = source.Options.EventTimeField ?? views.Select(v => v.View.Streaming?.EventTimeField).FirstOrDefault(f => !string.IsNullOrEmpty(f));
        timeSlot = eventTime is not null && cleaner.OutputLayout.TryFind(eventTime, out var slot, out var type) && type.Kind == TypeKind.Timestamp ? slot : -1;
        inputTimeSlot = eventTime is not null && cleaner.InputLayout.TryFind(eventTime, out var input, out var inputType) && inputType.Kind == TypeKind.Timestamp ? input : -1;
        var watermark = source.Options.Watermark ?? views.Select(v => v.View.Streaming?.Watermark).FirstOrDefault() ?? TimeSpan.Zero;
        delay = Micros(watermark);
        var lateness = source.Options.Lateness ?? TimeSpan.Zero;
        var retain = views.Select(v => v.View.Streaming?.Retain ?? TimeSpan.Zero).DefaultIfEmpty(TimeSpan.Zero).Max();
        retention = Micros(lateness > retain ? lateness : retain) + delay;
        if (views.Where(v => v.Upstream is null).All(v => v.IsWindowed)) reusedRow = new object?[cleaner.Width];
        parser = new EventParser(source, UnreadFields());
    }

    /// <summary>
    /// Input fields nothing reads: no cleaning step, no view over the events, not the event time. The parser checks
    /// them but does not build their values. Anything this cannot tell for sure counts as read.
    /// </summary>
    private List<int> UnreadFields()
    {
        var read = new HashSet<string>(StringComparer.Ordinal);
        foreach (var view in views.Where(v => v.Upstream is null))
            if (!ViewReads(view.View, read)) return [];
        var slots = new HashSet<int> { timeSlot, inputTimeSlot };
        foreach (var column in read)
            if (cleaner.OutputLayout.TryFind(column, out var slot, out _)) slots.Add(slot);
            else return [];
        var unread = new List<int>();
        for (var i = 0; i < source.InputFields.Length; i++)
            if (!slots.Contains(i) && !cleaner.Reads(i)) unread.Add(i);
        return unread;
    }

    /// <summary>
    /// The source columns a view over the events reads: what its steps up to the first projection or group by
    /// refer to (later steps read their output); every column of its schema when rows pass through unprojected.
    /// </summary>
    private static bool ViewReads(ViewIr view, HashSet<string> read)
    {
        var chain = new List<RelNode>();
        for (var node = view.Root; node is not ScanNode; node = node switch
        {
            FilterNode filter => filter.Input,
            ProjectNode project => project.Input,
            AggregateNode aggregate => aggregate.Input,
            _ => null!,
        })
        {
            if (node is null) return false;
            chain.Add(node);
        }
        chain.Reverse();
        foreach (var node in chain)
        {
            switch (node)
            {
                case FilterNode filter:
                    if (!ColumnReads.TryCollect(filter.Predicate, read)) return false;
                    continue;
                case ProjectNode project:
                    return project.Columns.All(c => ColumnReads.TryCollect(c.Expr, read));
                case AggregateNode aggregate:
                    if (aggregate.Window is { } window) read.Add(window.TimeColumn);
                    return aggregate.Keys.All(k => ColumnReads.TryCollect(k.Expr, read))
                           && aggregate.Aggregates.All(a => ColumnReads.TryCollect(a.Argument, read));
                default:
                    return false;
            }
        }
        foreach (var column in view.Schema.Columns) read.Add(column.Name);
        return true;
    }

    private static long Micros(TimeSpan span) => span.Ticks / TimeSpan.TicksPerMicrosecond;

    /// <summary>Plans the views, each after the view it reads, and links every view to the views that read it.</summary>
    private SpeedView[] PlanViews(IEnumerable<ViewIr> speedViews, DateTime now)
    {
        var planned = new Dictionary<string, SpeedView>(StringComparer.Ordinal);
        var result = new List<SpeedView>();
        foreach (var view in SpeedViewGraph.Ordered(speedViews))
        {
            var speed = SpeedViewPlanner.Plan(view, source, cleaner.OutputLayout, now, name => planned.GetValueOrDefault(name));
            speed.Upstream?.Downstream.Add(speed);
            planned[view.Name] = speed;
            result.Add(speed);
        }
        return [.. result];
    }

    public SourceIr Source => source;
    public string Topic => topic;
    public SourceCounters Counters { get; } = new();
    public IReadOnlyList<SpeedView> Views => views;
    public StreamCleaner Cleaner => cleaner;

    /// <summary>The partitions this processor has seen or been given, with the next offset to read (-1 when unknown).</summary>
    public IReadOnlyDictionary<int, long> NextOffsets => partitions.ToDictionary(p => p.Key, p => p.Value.NextOffset);

    /// <summary>Declares a partition this processor owns (so an empty partition holds the watermark back until it is idle).</summary>
    public void Own(int partition, long nextOffset = -1)
    {
        var clock = Clock(partition);
        if (nextOffset >= 0 && clock.NextOffset < 0) clock.NextOffset = nextOffset;
    }

    private PartitionClock Clock(int partition)
    {
        // Events come in runs from one partition (the client fetches per partition): skip the lookup for the same one.
        if (partition == lastPartition && lastClock is not null) return lastClock;
        if (!partitions.TryGetValue(partition, out var clock)) partitions[partition] = clock = new PartitionClock();
        lastPartition = partition;
        lastClock = clock;
        return clock;
    }

    /// <summary>Marks a partition as caught up (idle) or not; idle partitions do not hold the watermark back.</summary>
    public void SetIdle(int partition, bool idle) => Clock(partition).Idle = idle;

    /// <summary>Moves the watermark to at least <paramref name="watermark"/> (tests, and operators who know the stream has moved on).</summary>
    public void AdvanceTo(DateTime watermark) => floor = Math.Max(floor, IsoTime.ToMicros(watermark));

    /// <summary>The watermark windows close on (microseconds; <see cref="long.MinValue"/> before any event).</summary>
    public long Watermark
    {
        get
        {
            // Hot path (every few hundred events): a plain loop, no allocation.
            long busiest = long.MaxValue, any = long.MaxValue;
            foreach (var clock in partitions.Values)
            {
                var watermark = PartitionWatermark(clock);
                any = Math.Min(any, watermark);
                if (!clock.Idle) busiest = Math.Min(busiest, watermark);
            }
            var minimum = busiest != long.MaxValue ? busiest : any != long.MaxValue ? any : long.MinValue;
            return Math.Max(minimum, floor);
        }
    }

    private long PartitionWatermark(PartitionClock clock) =>
        clock.MaxTime == long.MinValue ? long.MinValue : SpeedView.SaturatingSubtract(clock.MaxTime, delay);

    public void Process(int partition, long offset, ReadOnlySpan<byte> value)
    {
        Counters.Read++;
        var clock = Clock(partition);
        clock.NextOffset = offset + 1;
        clock.Idle = false;
        object?[] row;
        if (reusedRow is null) row = new object?[cleaner.Width];
        else
        {
            row = reusedRow;
            Array.Clear(row);
        }
        var malformed = cleaner.MalformedCounter;
        malformed.Checked++;
        var problem = parser.Parse(value, row);
        if (problem is not null)
        {
            Counters.Malformed++;
            malformed.Violations++;
            malformed.Quarantined++;
            Quarantine(partition, offset, StreamCleaner.Malformed, problem, value);
            return;
        }
        Counters.Parsed++;
        var firstSeen = inputTimeSlot >= 0 && row[inputTimeSlot] is DateTime input ? IsoTime.ToMicros(input) : clock.MaxTime;
        CleanVerdict verdict;
        try
        {
            verdict = cleaner.Clean(row, firstSeen);
        }
        catch (Exception e) when (IsRowFailure(e))
        {
            Counters.Quarantined++;
            Quarantine(partition, offset, StreamCleaner.Malformed, "cleaning failed: " + e.Message, value);
            return;
        }
        switch (verdict.Action)
        {
            case CleanAction.Drop:
                Counters.Dropped++;
                return;
            case CleanAction.Quarantine:
                Counters.Quarantined++;
                Quarantine(partition, offset, verdict.Rule!, verdict.Reason ?? "", value);
                return;
        }
        Counters.Kept++;
        var watermark = Math.Max(PartitionWatermark(clock), floor);
        var sequence = ((long)partition << 40) | (offset & 0xFF_FFFF_FFFF);
        foreach (var view in views)
            if (view.Upstream is null) OfferEvent(view, row, watermark, sequence, partition, offset, value);
        if (timeSlot >= 0 && row[timeSlot] is DateTime time)
        {
            var micros = IsoTime.ToMicros(time);
            if (micros > clock.MaxTime) clock.MaxTime = micros;
        }
    }

    /// <summary>Offers one event (or a row a view made of it) to a view, then what the view passed on to the views that read it.</summary>
    private void OfferEvent(SpeedView view, object?[] row, long watermark, long sequence, int partition, long offset, ReadOnlySpan<byte> value)
    {
        // A windowed view takes events into its windows and passes nothing on here: no output list to look up per event.
        var output = view.IsWindowed ? NoRows : Rows(view.View.Name);
        var from = output.Count;
        try
        {
            if (view.Offer(row, watermark, sequence, output, out var late) == SpeedView.Outcome.Late && view.Late == LatePolicy.Quarantine)
                Quarantine(partition, offset, "_late",
                    $"event time {IsoTime.Format(IsoTime.FromMicros(late))} is behind the watermark {Shown(watermark)} minus the allowed lateness {TimeSpan.FromTicks(view.Lateness * TimeSpan.TicksPerMicrosecond)}",
                    value, view.View.Name);
        }
        catch (Exception e) when (IsRowFailure(e))
        {
            Quarantine(partition, offset, StreamCleaner.Malformed, $"view {view.View.Name} failed on the event: {e.Message}", value, view.View.Name);
        }
        if (view.Downstream.Count == 0) return;
        for (var i = from; i < output.Count; i++)
            foreach (var next in view.Downstream) OfferEvent(next, output[i], watermark, sequence, partition, offset, value);
    }

    /// <summary>
    /// Passes the windows a view just emitted (rows from <paramref name="from"/> on) to the views that read it.
    /// Their event time is the column they window on (window_end or window_start); ties are broken by emission
    /// order, which is deterministic (windows are emitted in bound and key order, ties in one batch).
    /// </summary>
    private void ForwardWindows(SpeedView view, List<object?[]> output, int from)
    {
        if (view.Downstream.Count == 0) return;
        for (var i = from; i < output.Count; i++)
            foreach (var next in view.Downstream) OfferWindow(next, output[i], i - from);
    }

    private void OfferWindow(SpeedView view, object?[] row, long sequence)
    {
        var output = Rows(view.View.Name);
        var from = output.Count;
        try
        {
            // Final windows are never late: no partition watermark applies (the view's own emitted frontier still guards).
            if (view.Offer(row, long.MinValue, sequence, output, out var late) == SpeedView.Outcome.Late && view.Late == LatePolicy.Quarantine)
                QuarantineRow(view, "_late", $"window time {IsoTime.Format(IsoTime.FromMicros(late))} is behind what view {view.View.Name} already emitted", row);
        }
        catch (Exception e) when (IsRowFailure(e))
        {
            QuarantineRow(view, StreamCleaner.Malformed, $"view {view.View.Name} failed on a row of {view.Upstream!.View.Name}: {e.Message}", row);
        }
        // A filter or projection of windows passes each on at once, with the sequence it came with.
        if (view.IsWindowed || view.Downstream.Count == 0) return;
        for (var i = from; i < output.Count; i++)
            foreach (var next in view.Downstream) OfferWindow(next, output[i], sequence);
    }

    /// <summary>Quarantines a row of an upstream view (no Kafka position: partition and offset -1; the row as JSON).</summary>
    private void QuarantineRow(SpeedView view, string rule, string reason, object?[] row) =>
        quarantine.Add(new QuarantinedEvent(source.Name, topic, -1, -1, rule, reason,
            System.Text.Encoding.UTF8.GetString(Sinks.RowJson.Write(view.Upstream!.View.Schema, row)), view.View.Name));

    private static string Shown(long micros) => micros == long.MinValue ? "(none yet)" : IsoTime.Format(IsoTime.FromMicros(micros));

    private static bool IsRowFailure(Exception e) =>
        e is OverflowException or ArithmeticException or ArgumentException or InvalidCastException or FormatException or RegexMatchTimeoutException;

    /// <summary>Stays empty: what a windowed view is offered an event with (it emits only in <see cref="EmitDue"/>).</summary>
    private static readonly List<object?[]> NoRows = [];

    private List<object?[]> Rows(string view)
    {
        if (!rows.TryGetValue(view, out var list)) rows[view] = list = [];
        return list;
    }

    private void Quarantine(int partition, long offset, string rule, string reason, ReadOnlySpan<byte> value, string? view = null) =>
        quarantine.Add(new QuarantinedEvent(source.Name, topic, partition, offset, rule, reason, DecodeEvent(value), view));

    private static string DecodeEvent(ReadOnlySpan<byte> value)
    {
        try { return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(value); }
        catch (DecoderFallbackException) { return Convert.ToBase64String(value); }
    }

    /// <summary>Emits every window the current watermark closes (upstream views first, so a view over one sees its windows).</summary>
    public void EmitDue()
    {
        var watermark = Watermark;
        if (watermark == long.MinValue) return;
        foreach (var view in views)
        {
            if (!view.IsWindowed) continue;
            var output = Rows(view.View.Name);
            var from = output.Count;
            view.Emit(view.EmitWatermark(watermark), output);
            ForwardWindows(view, output, from);
        }
    }

    /// <summary>Emits every open window: a bounded stream (the local replay) has ended.</summary>
    public void EmitAll()
    {
        foreach (var view in views)
        {
            if (!view.IsWindowed) continue;
            var output = Rows(view.View.Name);
            var from = output.Count;
            view.EmitAll(output);
            ForwardWindows(view, output, from);
        }
    }

    /// <summary>Forgets dedupe/unique keys too old to matter (older than the watermark minus the retention).</summary>
    public void Expire()
    {
        var watermark = Watermark;
        if (watermark != long.MinValue) cleaner.Forget(SpeedView.SaturatingSubtract(watermark, retention));
    }

    /// <summary>The rows emitted and events quarantined since the last call, and the offsets they cover.</summary>
    public ProcessorOutput TakeOutput()
    {
        var output = new ProcessorOutput(source.Name, topic, rows, quarantine, NextOffsets);
        rows = [];
        quarantine = [];
        return output;
    }

    // ---- snapshots ------------------------------------------------------------------------------

    public byte[] Snapshot()
    {
        using var writer = new StateWriter();
        writer.Write(SnapshotVersion);
        writer.Write(source.Name);
        writer.Write(floor);
        writer.Write(partitions.Count);
        foreach (var (partition, clock) in partitions)
        {
            writer.Write(partition);
            writer.Write(clock.MaxTime);
            writer.Write(clock.NextOffset);
        }
        var memories = cleaner.Memories;
        writer.Write(memories.Count);
        foreach (var memory in memories)
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
            writer.Write(view.View.Name);
            view.Write(writer);
        }
        return writer.ToArray();
    }

    public void Restore(byte[] snapshot)
    {
        using var reader = new StateReader(snapshot);
        if (reader.ReadInt() != SnapshotVersion || reader.ReadString() != source.Name)
            throw new InvalidDataException($"the snapshot is not one of source {source.Name} (version {SnapshotVersion})");
        floor = reader.ReadLong();
        partitions.Clear();
        lastClock = null;
        var partitionCount = reader.ReadInt();
        for (var i = 0; i < partitionCount; i++)
        {
            var partition = reader.ReadInt();
            partitions[partition] = new PartitionClock { MaxTime = reader.ReadLong(), NextOffset = reader.ReadLong() };
        }
        var memories = cleaner.Memories;
        if (reader.ReadInt() != memories.Count) throw new InvalidDataException("the snapshot's dedupe steps do not match the spec");
        foreach (var memory in memories)
        {
            var count = reader.ReadInt();
            var entries = new List<KeyValuePair<RowKey, long>>(count);
            for (var i = 0; i < count; i++) entries.Add(new(new RowKey(reader.ReadValues()), reader.ReadLong()));
            memory.Restore(entries);
        }
        if (reader.ReadInt() != views.Length) throw new InvalidDataException("the snapshot's speed views do not match the spec");
        foreach (var view in views)
        {
            if (reader.ReadString() != view.View.Name) throw new InvalidDataException("the snapshot's speed views do not match the spec");
            view.Read(reader);
        }
    }
}

/// <summary>What a processor produced since the last checkpoint: rows per view, quarantined events, and the next offset of each partition.</summary>
public sealed record ProcessorOutput(string Source, string Topic, IReadOnlyDictionary<string, List<object?[]>> Rows,
    IReadOnlyList<QuarantinedEvent> Quarantined, IReadOnlyDictionary<int, long> NextOffsets)
{
    public long RowCount => Rows.Values.Sum(r => r.Count);
}
