using System.Diagnostics;

namespace Pulse.Bench.Infrastructure;

/// <summary>
/// One timed run of a contender: wall-clock seconds, how many items (rows, events) it handled, and the
/// CPU seconds this process used meanwhile (all its threads; for contenders that run in another process,
/// such as pandas, null). On a shared, oversubscribed machine CPU time is the steadier figure.
/// </summary>
public sealed record Sample(double Seconds, long Items, double? CpuSeconds = null)
{
    public double ItemsPerSecond => Items / Seconds;
}

/// <summary>
/// A way of doing the suite's work, timed by <see cref="Sampler"/>. <c>Run</c> (given the iteration
/// number, for unique names) returns its own timing, so setup it must not be charged for stays outside.
/// <paramref name="Warmup"/> false skips the warm-up rounds (an external process has no JIT to warm).
/// </summary>
public sealed record Contender(string Name, Func<int, Task<Sample>> Run, bool Warmup = true);

/// <summary>
/// Warm-up rounds, then measured rounds in which every contender runs once, in an order that rotates
/// each round: on a shared machine the load drifts, and interleaving spreads the drift over all
/// contenders instead of charging it to whichever ran last. The statistic is the median.
/// </summary>
public static class Sampler
{
    public static async Task<Dictionary<string, List<Sample>>> RunAsync(IReadOnlyList<Contender> contenders, int warmup, int rounds, Action<string>? log = null)
    {
        var samples = contenders.ToDictionary(c => c.Name, _ => new List<Sample>(), StringComparer.Ordinal);
        var iteration = 0;
        for (var round = 0; round < warmup + rounds; round++)
        {
            var measured = round >= warmup;
            for (var i = 0; i < contenders.Count; i++)
            {
                var contender = contenders[(i + round) % contenders.Count];
                if (!measured && !contender.Warmup) continue;
                Settle();
                var sample = await contender.Run(iteration++).ConfigureAwait(false);
                if (measured) samples[contender.Name].Add(sample);
                log?.Invoke($"{(measured ? $"round {round - warmup + 1}/{rounds}" : $"warm-up {round + 1}/{warmup}")}  {contender.Name,-28} {sample.Seconds,9:F3} s  {Format.Rate(sample.ItemsPerSecond)}/s  cpu {(sample.CpuSeconds is { } cpu ? cpu.ToString("F3", System.Globalization.CultureInfo.InvariantCulture) + " s" : "n/a")}  (load {MachineInfo.LoadAverageNow()})");
            }
        }
        return samples;
    }

    /// <summary>Times a synchronous action (wall clock).</summary>
    public static double Seconds(Action action) => Time(action).Wall;

    /// <summary>Times a synchronous action: wall clock and this process's CPU time.</summary>
    public static (double Wall, double Cpu) Time(Action action)
    {
        var cpu = CpuNow();
        var clock = Stopwatch.StartNew();
        action();
        return (clock.Elapsed.TotalSeconds, CpuNow() - cpu);
    }

    /// <summary>Times an asynchronous piece of work that handles <paramref name="items"/> items.</summary>
    public static async Task<Sample> TimeAsync(long items, Func<Task> work)
    {
        var cpu = CpuNow();
        var clock = Stopwatch.StartNew();
        await work().ConfigureAwait(false);
        return new Sample(clock.Elapsed.TotalSeconds, items, CpuNow() - cpu);
    }

    /// <summary>CPU seconds used by this process so far (user + system, every thread).</summary>
    public static double CpuNow()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>A full collection before each timed run, so one contender's garbage is not collected on the next one's clock.</summary>
    public static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return double.NaN;
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>
    /// The median over rounds of <c>measure(a) / measure(b)</c>, pairing the samples of the same round:
    /// contenders of one round ran minutes apart at most, so the pair saw about the same load even when
    /// the machine's load drifted a lot between rounds.
    /// </summary>
    public static double PairedRatio(IReadOnlyList<Sample> a, IReadOnlyList<Sample> b, Func<Sample, double> measure) =>
        Median(a.Zip(b, (x, y) => measure(x) / measure(y)));

    public static double Wall(Sample sample) => sample.Seconds;

    public static double Cpu(Sample sample) => sample.CpuSeconds ?? double.NaN;

    /// <summary>The median wall time and, separately, the median CPU time of the samples.</summary>
    public static Sample Median(IReadOnlyList<Sample> samples) => new(Median(samples.Select(s => s.Seconds)), samples[0].Items,
        samples.All(s => s.CpuSeconds is not null) ? Median(samples.Select(s => s.CpuSeconds!.Value)) : null);
}
