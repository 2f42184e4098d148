using System.Diagnostics;
using System.Text;
using Pulse.Bench.Infrastructure;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Streaming.Kafka;
using Pulse.Runtime.Streaming.Processing;

namespace Pulse.Bench.Speed;

/// <summary>
/// <c>speed --processing-only true</c> (diagnostic): the per-event work alone, without Kafka or PostgreSQL.
/// The suite's events are read into memory once, ordered as a consumer receives them (runs per partition,
/// partitions by key as the replay producer spreads them), then each round times the speed layer's
/// <see cref="SourceProcessor"/> (Process, EmitDue every 256 events, a checkpoint's freeze every 100,000)
/// and the hand-written consumer's <see cref="HandWork"/> on the same bytes, interleaved. It reports CPU
/// and bytes allocated per event, which are steady on a loaded machine where the end-to-end suite is not.
/// Both must agree on the windows (count and total views).
/// </summary>
public static class ProcessingSuite
{
    private const int Partitions = 46;
    private const int FetchRun = 500;
    private const int CheckpointEvents = 100_000;

    private sealed record Message(int Partition, long Offset, byte[] Value);

    private sealed record Measure(double Seconds, double CpuSeconds, long Bytes, int Gen0, int Gen1, int Gen2, long Windows, long Views);

    public static Task RunAsync(BenchArgs args, SuiteReport report, long events, int rounds, int warmup)
    {
        report.FileName = "speed-processing";
        var file = ClickEvents.Prepare(events, RepoPaths.DataCache("speed"), Console.Error.WriteLine);
        var pipeline = Specs.Lower(ClickSpec.Text("bench-clicks", "bench", "processing"), Path.GetDirectoryName(file)!);
        var source = pipeline.FindSource(ClickSpec.Source)!;
        var views = pipeline.Views.Where(v => v.Name == ClickSpec.View).ToList();
        var messages = Load(file, source);
        Console.WriteLine($"{Format.Count(messages.Count)} events in memory, {Partitions} partitions, runs of {FetchRun} per partition");

        var samples = new Dictionary<string, List<Measure>> { ["pulse processor"] = [], ["hand-written"] = [] };
        for (var round = 0; round < warmup + rounds; round++)
        {
            var order = round % 2 == 0 ? new[] { "pulse processor", "hand-written" } : ["hand-written", "pulse processor"];
            foreach (var name in order)
            {
                Sampler.Settle();
                var measure = name == "pulse processor" ? Pulse(messages, source, views) : Hand(messages);
                var label = round < warmup ? $"warm-up {round + 1}" : $"round {round - warmup + 1}/{rounds}";
                Console.Error.WriteLine($"{label}  {name,-16} {measure.Seconds,7:F3} s  cpu {measure.CpuSeconds,7:F3} s  " +
                                        $"{PerEvent(measure.CpuSeconds * 1e9, messages.Count):F0} ns/event  {PerEvent(measure.Bytes, messages.Count):F0} B/event  " +
                                        $"gc {measure.Gen0}/{measure.Gen1}/{measure.Gen2}  (load {MachineInfo.LoadAverageNow()})");
                if (round >= warmup) samples[name].Add(measure);
            }
        }

        var pulse = samples["pulse processor"];
        var hand = samples["hand-written"];
        if (pulse[0].Windows != hand[0].Windows || pulse[0].Views != hand[0].Views)
            throw new BenchFailedException($"the processor made {pulse[0].Windows} windows with {pulse[0].Views} views, the hand-written work {hand[0].Windows} with {hand[0].Views}");
        var table = new TextTable("contender", "cpu ns/event (median)", "wall ns/event", "B/event", "gen0/1/2", "cpu runs (s)");
        foreach (var (name, runs) in samples)
        {
            var cpu = Sampler.Median(runs.Select(r => r.CpuSeconds));
            var wall = Sampler.Median(runs.Select(r => r.Seconds));
            var bytes = PerEvent(runs[0].Bytes, messages.Count);
            table.Add(name, PerEvent(cpu * 1e9, messages.Count).ToString("F0"), PerEvent(wall * 1e9, messages.Count).ToString("F0"), bytes.ToString("F0"),
                $"{runs[0].Gen0}/{runs[0].Gen1}/{runs[0].Gen2}", string.Join(" ", runs.Select(r => r.CpuSeconds.ToString("F3"))));
            report.Measured(new
            {
                contender = name,
                events = messages.Count,
                cpuNanosecondsPerEvent = Math.Round(PerEvent(cpu * 1e9, messages.Count)),
                wallNanosecondsPerEvent = Math.Round(PerEvent(wall * 1e9, messages.Count)),
                bytesPerEvent = Math.Round(bytes),
                collections = new[] { runs[0].Gen0, runs[0].Gen1, runs[0].Gen2 },
                cpuSeconds = runs.Select(r => Math.Round(r.CpuSeconds, 3)).ToArray(),
            });
        }
        Console.WriteLine();
        Console.Write(table);
        report.Note($"both made {pulse[0].Windows:#,0} windows with {pulse[0].Views:#,0} views");
        report.Ratio("processor / hand-written work (cpu per event)", Sampler.PairedRatio(pulse.Select(Sample).ToList(), hand.Select(Sample).ToList(), Sampler.Cpu),
            "diagnostic: the speed layer's per-event CPU over the hand-written consumer's, Kafka and PostgreSQL left out (lower is better)", "(diagnostic)", true);
        return Task.CompletedTask;
    }

    private static Sample Sample(Measure m) => new(m.Seconds, 1, m.CpuSeconds);

    private static double PerEvent(double total, int events) => total / events;

    /// <summary>The file's events with the partition the replay producer gives them, in runs per partition as a consumer fetches them.</summary>
    private static List<Message> Load(string file, SourceIr source)
    {
        var keyName = source.Options.KeyField is { } key ? Encoding.UTF8.GetBytes(key) : null;
        var perPartition = Enumerable.Range(0, Partitions).Select(_ => new Queue<byte[]>()).ToArray();
        foreach (var line in File.ReadLines(file))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var value = Encoding.UTF8.GetBytes(line);
            var keyBytes = keyName is null ? null : ReplayProducer.KeyOf(value, keyName);
            perPartition[keyBytes is null ? 0 : Murmur2.Partition(keyBytes, Partitions)].Enqueue(value);
        }
        var offsets = new long[Partitions];
        var result = new List<Message>();
        while (perPartition.Any(q => q.Count > 0))
            for (var p = 0; p < Partitions; p++)
                for (var i = 0; i < FetchRun && perPartition[p].TryDequeue(out var value); i++)
                    result.Add(new Message(p, offsets[p]++, value));
        return result;
    }

    private static Measure Pulse(List<Message> messages, SourceIr source, IReadOnlyList<ViewIr> views)
    {
        var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var cpu = Sampler.CpuNow();
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var processor = new SourceProcessor(source, views, new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc));
        for (var p = 0; p < Partitions; p++) processor.Own(p);
        long windows = 0, total = 0;
        var since = 0;
        foreach (var message in messages)
        {
            processor.Process(message.Partition, message.Offset, message.Value);
            if (++since % 256 == 0) processor.EmitDue();
            if (since % CheckpointEvents == 0) Count(Freeze(processor), ref windows, ref total);
        }
        for (var p = 0; p < Partitions; p++) processor.SetIdle(p, true);
        processor.EmitDue();
        processor.EmitAll();
        Count(Freeze(processor), ref windows, ref total);
        var seconds = clock.Elapsed.TotalSeconds;
        return new Measure(seconds, Sampler.CpuNow() - cpu, GC.GetAllocatedBytesForCurrentThread() - bytes,
            GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2, windows, total);
    }

    /// <summary>What a checkpoint does on the consume loop: emit, expire, take the output, snapshot the state.</summary>
    private static ProcessorOutput Freeze(SourceProcessor processor)
    {
        processor.EmitDue();
        processor.Expire();
        processor.Cleaner.CheckThresholds();
        var output = processor.TakeOutput();
        _ = processor.Snapshot();
        return output;
    }

    private static void Count(ProcessorOutput output, ref long windows, ref long views)
    {
        if (!output.Rows.TryGetValue(ClickSpec.View, out var rows)) return;
        windows += rows.Count;
        // Column order of the view: window_start, window_end, page, views, total_ms, longest.
        foreach (var row in rows) views += Convert.ToInt64(row[3], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Measure Hand(List<Message> messages)
    {
        var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var cpu = Sampler.CpuNow();
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var work = new HandWork();
        foreach (var message in messages) work.Handle(message.Partition, message.Offset, message.Value);
        var seconds = clock.Elapsed.TotalSeconds;
        return new Measure(seconds, Sampler.CpuNow() - cpu, GC.GetAllocatedBytesForCurrentThread() - bytes,
            GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2,
            work.Windows.Count, work.Windows.Values.Sum(w => w.Views));
    }
}
