using Pulse.Compiler.Ir;
using Pulse.Runtime.Expressions;
using Pulse.Runtime.Streaming.State;
using Pulse.Runtime.Streaming.Windows;

namespace Pulse.Consumer;

/// <summary>
/// Runs one generated <see cref="ViewPlan"/> over cleaned rows, with the runtime's window engine
/// (<see cref="WindowedAggregation"/>, <see cref="Accumulator"/>): the same late rule as <c>pulse run</c>
/// (an event before its partition's watermark minus the lateness, or before what was already emitted,
/// is late) and the same emission (a window once the watermark passes its end plus the lateness).
/// A view over the final windows of another view (<see cref="ViewPlan.WindowShiftMicros"/> set) follows
/// Runtime/Streaming/Processing/SpeedView.cs: no lateness (a final window is never late), its windows close
/// on the watermark minus the shift (<see cref="EmitWatermark"/>), and only what it already emitted guards it.
/// </summary>
public sealed class SpeedViewRunner
{
    private readonly ViewPlan plan;
    private readonly WindowedAggregation? windows;
    private readonly long lateness;
    private long closed = long.MinValue;

    /// <param name="latenessMicros">The source's allowed lateness; views over final windows allow none.</param>
    public SpeedViewRunner(ViewPlan plan, long latenessMicros)
    {
        this.plan = plan;
        lateness = plan.WindowShiftMicros is null ? latenessMicros : 0;
        if (plan.Window is { } window)
            windows = new WindowedAggregation(window, TimeSpan.FromTicks(latenessMicros * TimeSpan.TicksPerMicrosecond),
                [.. plan.Aggregates.Select(a => Accumulator.Factory(a, a.Argument?.Type))]);
    }

    public ViewPlan Plan => plan;
    public long Lateness => lateness;
    public long Events, Filtered, Late, WindowsEmitted, RowsEmitted;
    public int OpenWindows => windows?.OpenWindows ?? 0;
    public bool IsWindowed => windows is not null;

    /// <summary>The views that read this one, in processing order (linked by the processor).</summary>
    public List<SpeedViewRunner> Downstream { get; } = [];

    /// <summary>The watermark to close this view's windows on, given the service's watermark.</summary>
    public long EmitWatermark(long watermark) => plan.WindowShiftMicros is { } shift ? SaturatingSubtract(watermark, shift) : watermark;

    public enum Outcome { Passed, Filtered, Late, NoTime }

    public Outcome Offer(object?[] cleaned, long partitionWatermark, long sequence, List<object?[]> output, out long lateTime)
    {
        lateTime = 0;
        Events++;
        var shaped = plan.Before(cleaned);
        if (shaped is null) { Filtered++; return Outcome.Filtered; }
        if (windows is null)
        {
            if (plan.After(shaped) is { } passed) { output.Add(passed); RowsEmitted++; }
            return Outcome.Passed;
        }
        if (shaped[plan.TimeSlot] is not DateTime time) return Outcome.NoTime;
        var micros = IsoTime.ToMicros(time);
        if (micros < Math.Max(SaturatingSubtract(partitionWatermark, lateness), closed))
        {
            lateTime = micros;
            Late++;
            return Outcome.Late;
        }
        windows.Add(new RowKey(plan.Keys(shaped)), plan.Arguments(shaped), micros, sequence);
        return Outcome.Passed;
    }

    public void Emit(long watermark, List<object?[]> output)
    {
        if (windows is null || watermark == long.MinValue) return;
        closed = Math.Max(closed, SaturatingSubtract(watermark, lateness));
        var rows = new List<object?[]>();
        windows.EmitUpTo(watermark, rows);
        Shape(rows, output);
    }

    public void EmitAll(List<object?[]> output)
    {
        if (windows is null) return;
        closed = long.MaxValue;
        var rows = new List<object?[]>();
        windows.EmitAll(rows);
        Shape(rows, output);
    }

    private void Shape(List<object?[]> rows, List<object?[]> output)
    {
        WindowsEmitted += rows.Count;
        foreach (var row in rows)
            if (plan.After(row) is { } shaped) { output.Add(shaped); RowsEmitted++; }
    }

    public static long SaturatingSubtract(long value, long amount) =>
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
