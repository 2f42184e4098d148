using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Runtime.Expressions;
using Pulse.Runtime.Streaming.State;
using Pulse.Runtime.Streaming.Windows;

namespace Pulse.Runtime.Streaming.Processing;

/// <summary>
/// One speed view compiled for a stream of rows: the source's cleaned events, or the rows another speed
/// view emits (<see cref="Upstream"/>). Supported shapes: filters and projections (<c>where</c>,
/// <c>derive</c>, <c>select</c>), then optionally one <c>group by</c> over an event-time <c>window</c>,
/// then filters and projections of the groups. A view without a window passes each row on as it comes;
/// a windowed one emits a window once it is final (see <see cref="WindowedAggregation"/>).
/// Anything else (joins, unions, sorting, a group by without a window) is rejected by <see cref="SpeedViewPlanner"/>.
/// <para>
/// Rows that are final windows of an upstream view ("window rows") are never late: the upstream emits a
/// window once, after the watermark passed it, and in the order of its bounds. <see cref="Frontiers"/>
/// says, per output column, how far behind the processor's watermark that column's future values stay,
/// which is what closes the windows of a view over this one (see <see cref="EmitWatermark"/>).
/// </para>
/// </summary>
public sealed class SpeedView
{
    private readonly Func<object?[], object?[]?> before;
    private readonly Func<object?[], object?[]?> after;
    private readonly Func<object?[], object?>[] keys = [];
    private readonly Func<object?[], object?>[] arguments = [];
    private readonly object?[] argumentBuffer = [];
    private readonly object?[] keyBuffer = [];
    private readonly int timeSlot = -1;
    private readonly WindowedAggregation? windows;
    private readonly long lateness;

    /// <summary>The frontier below which every window is emitted; events there are late whatever their partition says.</summary>
    private long closed = long.MinValue;

    /// <summary>For a windowed view over window rows: how far behind the processor's watermark its window column's future values stay.</summary>
    private readonly long inputShift;

    internal SpeedView(ViewIr view, Func<object?[], object?[]?> before, Func<object?[], object?[]?> after,
        AggregateNode? aggregate, RowLayout aggregateInput, DateTime now, ViewInput? input = null)
    {
        View = view;
        this.before = before;
        this.after = after;
        var streaming = view.Streaming ?? throw new ArgumentException($"view {view.Name} has no streaming facts");
        Late = streaming.Late;
        Upstream = input?.Upstream;
        Frontiers = input?.Frontiers;
        inputShift = input?.WindowShift ?? 0;
        // Window rows are final when they arrive: nothing to wait for beyond the upstream's own lateness.
        var allowed = input?.WindowShift is null ? streaming.Lateness : TimeSpan.Zero;
        lateness = allowed.Ticks / TimeSpan.TicksPerMicrosecond;
        if (aggregate?.Window is not { } window) return;
        var compiler = new ExpressionCompiler(aggregateInput, now);
        keys = [.. aggregate.Keys.Select(k => compiler.Value(k.Expr, k.Expr.Type))];
        arguments = [.. aggregate.Aggregates.Select(a => a.Argument is null ? (_ => null) : compiler.Value(a.Argument, a.Argument.Type))];
        argumentBuffer = new object?[arguments.Length];
        keyBuffer = new object?[keys.Length];
        var factories = aggregate.Aggregates.Select(a => Accumulator.Factory(a, a.Argument?.Type)).ToArray();
        if (!aggregateInput.TryFind(window.TimeColumn, out timeSlot, out var timeType) || timeType.Kind != TypeKind.Timestamp)
            throw new ArgumentException($"view {view.Name}: the window's time column {window.TimeColumn} is not a timestamp column");
        windows = new WindowedAggregation(window, allowed, factories);
    }

    public ViewIr View { get; }

    /// <summary>The speed view this one reads; null when it reads the source's cleaned events.</summary>
    public SpeedView? Upstream { get; }

    /// <summary>The views that read this one, in processing order (set by the processor).</summary>
    public List<SpeedView> Downstream { get; } = [];

    /// <summary>True when this view's input rows are final windows of an upstream view, not events.</summary>
    public bool ReadsWindows => Upstream?.Frontiers is not null;

    /// <summary>
    /// For views whose rows are windows (a windowed view, or a filter/projection of window rows): per output
    /// column, a shift S such that every row emitted later has a value greater than the processor's watermark
    /// minus S (window_end: the lateness; window_start of a tumbling or hopping window: the lateness plus the
    /// size). Null for views whose rows are events.
    /// </summary>
    public IReadOnlyDictionary<string, long>? Frontiers { get; }

    /// <summary>The watermark to close this view's windows on, given the processor's watermark.</summary>
    public long EmitWatermark(long processorWatermark) =>
        ReadsWindows ? SaturatingSubtract(processorWatermark, inputShift) : processorWatermark;
    public LatePolicy Late { get; }
    public ViewCounters Counters { get; } = new();
    public bool IsWindowed => windows is not null;
    public int OpenWindows => windows?.OpenWindows ?? 0;

    /// <summary>What became of an offered row.</summary>
    public enum Outcome { Passed, Filtered, Late, NoTime }

    /// <summary>
    /// Takes one cleaned row. <paramref name="partitionFrontier"/> is the partition's watermark minus the
    /// lateness: an event before it (or before what this view already emitted) is late. Rows of a view
    /// without a window go straight to <paramref name="output"/>.
    /// </summary>
    public Outcome Offer(object?[] row, long partitionWatermark, long sequence, List<object?[]> output, out long lateTime)
    {
        lateTime = 0;
        Counters.Events++;
        var shaped = before(row);
        if (shaped is null) { Counters.Filtered++; return Outcome.Filtered; }
        if (windows is null)
        {
            if (after(shaped) is { } passed) { output.Add(passed); Counters.RowsEmitted++; }
            return Outcome.Passed;
        }
        if (shaped[timeSlot] is not DateTime time) { Counters.WithoutTime++; return Outcome.NoTime; }
        var micros = IsoTime.ToMicros(time);
        if (micros < Math.Max(SaturatingSubtract(partitionWatermark, lateness), closed))
        {
            lateTime = micros;
            Counters.Late++;
            switch (Late)
            {
                case LatePolicy.Drop: Counters.LateDropped++; break;
                case LatePolicy.Quarantine: Counters.LateQuarantined++; break;
                default: Counters.LateLeftToBatch++; break;
            }
            return Outcome.Late;
        }
        // The window engine copies a key only for a new group, and accumulators take the values, never the
        // array: one key buffer and one argument buffer serve every event.
        var keyParts = keyBuffer;
        for (var i = 0; i < keys.Length; i++) keyParts[i] = keys[i](shaped);
        var args = argumentBuffer;
        for (var i = 0; i < arguments.Length; i++) args[i] = arguments[i](shaped);
        windows.Add(keyParts.AsSpan(), args, micros, sequence);
        return Outcome.Passed;
    }

    public long Lateness => lateness;

    /// <summary>Emits the windows the watermark has closed.</summary>
    public void Emit(long watermark, List<object?[]> output)
    {
        if (windows is null || watermark == long.MinValue) return;
        closed = Math.Max(closed, SaturatingSubtract(watermark, lateness));
        Shape(() => { var rows = new List<object?[]>(); windows.EmitUpTo(watermark, rows); return rows; }, output);
    }

    /// <summary>Emits every open window (a bounded stream has ended).</summary>
    public void EmitAll(List<object?[]> output)
    {
        if (windows is null) return;
        closed = long.MaxValue;
        Shape(() => { var rows = new List<object?[]>(); windows.EmitAll(rows); return rows; }, output);
    }

    private void Shape(Func<List<object?[]>> emit, List<object?[]> output)
    {
        var rows = emit();
        Counters.WindowsEmitted += rows.Count;
        foreach (var row in rows)
            if (after(row) is { } shaped) { output.Add(shaped); Counters.RowsEmitted++; }
    }

    internal static long SaturatingSubtract(long value, long amount) =>
        amount <= 0 ? value : value < long.MinValue + amount ? long.MinValue : value - amount;

    public void Write(StateWriter writer)
    {
        writer.Write(closed);
        windows?.Write(writer);
    }

    public void Read(StateReader reader)
    {
        closed = reader.ReadLong();
        windows?.Read(reader);
    }
}
