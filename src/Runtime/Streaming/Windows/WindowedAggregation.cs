using Pulse.Compiler.Ir;
using Pulse.Runtime.Expressions;
using Pulse.Runtime.Streaming.State;

namespace Pulse.Runtime.Streaming.Windows;

/// <summary>
/// Event-time windows of one speed view and the groups inside them. Window shapes are the batch SQL's
/// (Sql/AggregateSql.cs), so the speed layer and the batch layer agree on every closed window:
/// <list type="bullet">
/// <item>tumbling: windows of size S aligned to the Unix epoch; hopping: size S starting at every
/// multiple of the slide L (an event belongs to each window with start &lt;= t &lt; start + S);</item>
/// <item>session (gap G), per group: events closer than G join one session, which spans from its first
/// event to its last event + G; an event that bridges two sessions merges them.</item>
/// </list>
/// A window is emitted once, when the watermark reaches its end plus the allowed lateness; nothing can
/// change it after that, because events that would are late (the caller keeps them out).
/// Times are microseconds since the Unix epoch.
/// </summary>
public sealed class WindowedAggregation
{
    private readonly WindowKind kind;
    private readonly long size;
    private readonly long slide;
    private readonly long gap;
    private readonly long lateness;
    private readonly Func<Accumulator>[] factories;

    private readonly Dictionary<long, Dictionary<RowKey, Accumulator[]>> buckets = [];
    private readonly PriorityQueue<long, long> bucketsByEnd = new();
    private readonly Dictionary<RowKey, List<Session>> sessions = new(RowKeyComparer.Instance);

    // Events come roughly in time order: most land in the bucket the previous one did.
    private long lastStart = long.MinValue;
    private Dictionary<RowKey, Accumulator[]>? lastGroups;
    private Dictionary<RowKey, Accumulator[]>.AlternateLookup<ReadOnlySpan<object?>> lastLookup;
    private readonly PriorityQueue<Session, long> sessionsByEnd = new();

    private sealed class Session(RowKey key, long start, long end, Accumulator[] accumulators)
    {
        public RowKey Key { get; } = key;
        public long Start = start;
        public long End = end;
        public Accumulator[] Accumulators { get; } = accumulators;
        public bool Merged;
    }

    public WindowedAggregation(WindowSpec window, TimeSpan lateness, Func<Accumulator>[] factories)
    {
        kind = window.Kind;
        size = Micros(window.Size);
        slide = window.Slide is { } s ? Micros(s) : size;
        gap = window.Gap is { } g ? Micros(g) : size;
        if (kind == WindowKind.Session ? gap <= 0 : size <= 0 || slide <= 0)
            throw new ArgumentException($"window at {window.Origin}: durations must be positive");
        this.lateness = Math.Max(Micros(lateness), 0);
        this.factories = factories;
    }

    private static long Micros(TimeSpan span) => span.Ticks / TimeSpan.TicksPerMicrosecond;

    /// <summary>Windows (or sessions) still open.</summary>
    public int OpenWindows => kind == WindowKind.Session ? sessions.Values.Sum(l => l.Count) : buckets.Count;

    public void Add(RowKey key, object?[] arguments, long time, long sequence) => Add(key.Parts, key, arguments, time, sequence);

    /// <summary>
    /// Adds an event of the group whose key parts are <paramref name="key"/>. The parts are only read: a key is
    /// made of a copy when the group is new, so the caller may pass a buffer it reuses for every event.
    /// </summary>
    public void Add(ReadOnlySpan<object?> key, object?[] arguments, long time, long sequence) => Add(key, null, arguments, time, sequence);

    private void Add(ReadOnlySpan<object?> parts, RowKey? key, object?[] arguments, long time, long sequence)
    {
        if (kind == WindowKind.Session) { AddToSession(parts, key, arguments, time, sequence); return; }
        var first = FloorTo(time, slide);
        for (var start = first; start + size > time; start -= slide)
        {
            var lookup = Bucket(start);
            if (!lookup.TryGetValue(parts, out var accumulators))
            {
                accumulators = New();
                lookup.Dictionary[key ??= new RowKey(parts.ToArray())] = accumulators;
            }
            Accumulate(accumulators, arguments, time, sequence);
            if (kind == WindowKind.Tumbling) break;
        }
    }

    /// <summary>The groups of the window starting at <paramref name="start"/> (made when new), as a lookup by key parts.</summary>
    private Dictionary<RowKey, Accumulator[]>.AlternateLookup<ReadOnlySpan<object?>> Bucket(long start)
    {
        if (start == lastStart && lastGroups is not null) return lastLookup;
        if (!buckets.TryGetValue(start, out var groups))
        {
            groups = new Dictionary<RowKey, Accumulator[]>(RowKeyComparer.Instance);
            buckets[start] = groups;
            bucketsByEnd.Enqueue(start, start + size);
        }
        lastStart = start;
        lastGroups = groups;
        lastLookup = groups.GetAlternateLookup<ReadOnlySpan<object?>>();
        return lastLookup;
    }

    private static long FloorTo(long time, long unit) => time - ((time % unit) + unit) % unit;

    private Accumulator[] New()
    {
        var accumulators = new Accumulator[factories.Length];
        for (var i = 0; i < accumulators.Length; i++) accumulators[i] = factories[i]();
        return accumulators;
    }

    private static void Accumulate(Accumulator[] accumulators, object?[] arguments, long time, long sequence)
    {
        for (var i = 0; i < accumulators.Length; i++) accumulators[i].Add(arguments[i], time, sequence);
    }

    private void AddToSession(ReadOnlySpan<object?> parts, RowKey? given, object?[] arguments, long time, long sequence)
    {
        if (!sessions.GetAlternateLookup<ReadOnlySpan<object?>>().TryGetValue(parts, out var key, out var open))
        {
            key = given ?? new RowKey(parts.ToArray());
            open = [];
            sessions[key] = open;
        }
        Session? target = null;
        for (var i = 0; i < open.Count; i++)
        {
            var session = open[i];
            // [time, time + gap) overlaps [start, end): the event is closer than the gap to the session.
            if (session.Start >= time + gap || time >= session.End) continue;
            if (target is null) { target = session; continue; }
            for (var a = 0; a < target.Accumulators.Length; a++) target.Accumulators[a].Merge(session.Accumulators[a]);
            target.Start = Math.Min(target.Start, session.Start);
            target.End = Math.Max(target.End, session.End);
            session.Merged = true;
            open.RemoveAt(i--);
        }
        if (target is null)
        {
            target = new Session(key, time, time + gap, New());
            open.Add(target);
        }
        else
        {
            target.Start = Math.Min(target.Start, time);
            target.End = Math.Max(target.End, time + gap);
        }
        Accumulate(target.Accumulators, arguments, time, sequence);
        sessionsByEnd.Enqueue(target, target.End);
    }

    /// <summary>Emits, in (start, end, key) order, every window whose end plus the lateness is at or before <paramref name="watermark"/>.</summary>
    public void EmitUpTo(long watermark, List<object?[]> output) => Emit(end => end <= watermark - lateness, output);

    /// <summary>Emits everything still open (the end of a bounded stream).</summary>
    public void EmitAll(List<object?[]> output) => Emit(_ => true, output);

    private void Emit(Func<long, bool> due, List<object?[]> output)
    {
        var ready = new List<(long Start, long End, RowKey Key, Accumulator[] Accumulators)>();
        if (kind == WindowKind.Session)
        {
            while (sessionsByEnd.TryPeek(out var session, out var end) && due(end))
            {
                sessionsByEnd.Dequeue();
                if (session.Merged || session.End != end || !sessions.TryGetValue(session.Key, out var open) || !open.Remove(session)) continue;
                if (open.Count == 0) sessions.Remove(session.Key);
                ready.Add((session.Start, session.End, session.Key, session.Accumulators));
            }
        }
        else
        {
            while (bucketsByEnd.TryPeek(out var start, out var end) && due(end))
            {
                bucketsByEnd.Dequeue();
                if (!buckets.Remove(start, out var groups)) continue;
                if (start == lastStart) lastGroups = null;
                foreach (var (key, accumulators) in groups) ready.Add((start, end, key, accumulators));
            }
        }
        ready.Sort((a, b) =>
        {
            var order = a.Start.CompareTo(b.Start);
            if (order == 0) order = a.End.CompareTo(b.End);
            for (var i = 0; order == 0 && i < a.Key.Parts.Length; i++) order = ValueOrder.Compare(a.Key.Parts[i], b.Key.Parts[i]);
            return order;
        });
        foreach (var (start, end, key, accumulators) in ready)
        {
            var row = new object?[2 + key.Parts.Length + accumulators.Length];
            row[0] = IsoTime.FromMicros(start);
            row[1] = IsoTime.FromMicros(end);
            key.Parts.CopyTo(row, 2);
            for (var i = 0; i < accumulators.Length; i++) row[2 + key.Parts.Length + i] = accumulators[i].Result();
            output.Add(row);
        }
    }

    // ---- snapshots ------------------------------------------------------------------------------

    public void Write(StateWriter writer)
    {
        if (kind == WindowKind.Session)
        {
            var all = sessions.Values.SelectMany(l => l).ToList();
            writer.Write(all.Count);
            foreach (var session in all)
            {
                writer.WriteValues(session.Key.Parts);
                writer.Write(session.Start);
                writer.Write(session.End);
                foreach (var accumulator in session.Accumulators) accumulator.Write(writer);
            }
            return;
        }
        writer.Write(buckets.Count);
        foreach (var (start, groups) in buckets)
        {
            writer.Write(start);
            writer.Write(groups.Count);
            foreach (var (key, accumulators) in groups)
            {
                writer.WriteValues(key.Parts);
                foreach (var accumulator in accumulators) accumulator.Write(writer);
            }
        }
    }

    public void Read(StateReader reader)
    {
        buckets.Clear();
        bucketsByEnd.Clear();
        lastGroups = null;
        sessions.Clear();
        sessionsByEnd.Clear();
        var count = reader.ReadInt();
        for (var i = 0; i < count; i++)
        {
            if (kind == WindowKind.Session)
            {
                var key = new RowKey(reader.ReadValues());
                var session = new Session(key, reader.ReadLong(), reader.ReadLong(), ReadAccumulators(reader));
                if (!sessions.TryGetValue(key, out var open)) sessions[key] = open = [];
                open.Add(session);
                sessionsByEnd.Enqueue(session, session.End);
                continue;
            }
            var start = reader.ReadLong();
            var groups = new Dictionary<RowKey, Accumulator[]>(RowKeyComparer.Instance);
            var groupCount = reader.ReadInt();
            for (var g = 0; g < groupCount; g++) groups[new RowKey(reader.ReadValues())] = ReadAccumulators(reader);
            buckets[start] = groups;
            bucketsByEnd.Enqueue(start, start + size);
        }
    }

    private Accumulator[] ReadAccumulators(StateReader reader)
    {
        var accumulators = New();
        foreach (var accumulator in accumulators) accumulator.Read(reader);
        return accumulators;
    }
}
