using Pulse.Bench.Infrastructure;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;

namespace Pulse.Bench.Batch;

/// <summary>
/// The batch layer end to end on a generated sales dataset (CSV and Parquet; NDJSON on request): the runner
/// (<see cref="PipelineRunner"/>: read, clean with quarantine, join, aggregate, publish) against the same
/// work as hand-written DuckDB SQL (<see cref="HandSql"/>) and as pandas (<see cref="PandasCleaner"/>),
/// interleaved in the same run. Every contender's outcome (kept, quarantined, aggregate rows, revenue)
/// must agree, or the suite fails. Targets: within 1.2x of the hand SQL's time; at least 5x faster than pandas.
/// </summary>
public static class BatchSuite
{
    private const double HandSqlTarget = 1.2;
    private const double PandasTarget = 5.0;

    public static async Task RunAsync(BenchArgs args, SuiteReport report)
    {
        var rows = args.Long("rows", 10_000_000);
        var rounds = args.Int("reps", 3);
        var warmup = args.Int("warmup", 1, minimum: 0);
        var skipPandas = args.Text("skip-pandas") is "true" or "yes" or "1";
        var formats = (args.Text("formats") ?? "csv,parquet").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (formats.Any(f => f is not ("csv" or "parquet" or "ndjson"))) throw new BenchUsageException("--formats takes csv, parquet and/or ndjson, comma-separated");
        var profile = args.Text("profile") is "true" or "yes" or "1";
        args.RejectUnknown();

        var data = SalesDataset.Prepare(rows, RepoPaths.DataCache("batch"), Console.Error.WriteLine);
        // An NDJSON-only run is a measurement of its own; it does not replace the CSV/Parquet results.
        if (formats.All(f => f == "ndjson")) report.FileName = "batch-ndjson";
        if (profile)
        {
            report.FileName = "batch-profile";
            await ProfileAsync(data, formats, report).ConfigureAwait(false);
            return;
        }
        string? pandasStatus = null;
        var python = skipPandas ? null : PandasCleaner.FindInterpreter(out pandasStatus);
        if (skipPandas) report.Note("pandas skipped: --skip-pandas");
        else if (python is null) report.Note("pandas skipped: " + pandasStatus);
        else Console.WriteLine($"pandas: {pandasStatus}");

        var outcomes = new Dictionary<string, BatchOutcome>(StringComparer.Ordinal);
        void Agree(string name, BatchOutcome outcome)
        {
            lock (outcomes)
            {
                var reference = outcomes.Values.FirstOrDefault();
                if (reference is not null && reference.Disagreement(outcome) is { } difference)
                    throw new BenchFailedException($"{name} produced a different result than {outcomes.Keys.First()}: {difference}");
                outcomes[name] = outcome;
            }
        }

        var contenders = new List<Contender>();
        foreach (var format in formats)
        {
            var pipeline = Specs.Lower(SalesSpec.Text(format, data.SalesFile(format), data.StoresCsv), data.Folder);
            contenders.Add(new Contender($"pulse {format}", _ => RunPulseAsync(pipeline, rows, o => Agree($"pulse {format}", o))));
            contenders.Add(new Contender($"duckdb sql {format}", _ => Task.Run(() => RunHand(data, format, o => Agree($"duckdb sql {format}", o)))));
            if (format == "csv")
                contenders.Add(new Contender("fused sql csv", _ => Task.Run(() => RunFused(data, o => Agree("fused sql csv", o)))));
            if (format == "csv" && python is not null)
                contenders.Add(new Contender("pandas csv", _ => Task.Run(() => RunPandas(python, data, o => Agree("pandas csv", o))), Warmup: false));
        }
        if (formats.Contains("parquet") && python is not null) report.Note("pandas parquet skipped: pandas needs pyarrow, which Debian 12 does not package");

        var samples = await Sampler.RunAsync(contenders, warmup, rounds, Console.Error.WriteLine).ConfigureAwait(false);

        var table = new TextTable("contender", "rows", "median s", "rows/s", "cpu s", "vs duckdb sql", "runs (s)");
        foreach (var contender in contenders)
        {
            var median = Sampler.Median(samples[contender.Name]);
            var format = contender.Name[(contender.Name.LastIndexOf(' ') + 1)..];
            var hand = Sampler.Median(samples[$"duckdb sql {format}"]);
            table.Add(contender.Name, Format.Count(rows), Format.Seconds(median.Seconds), Format.Rate(median.ItemsPerSecond),
                median.CpuSeconds is { } cpuSeconds ? Format.Seconds(cpuSeconds) : "n/a", Format.Ratio(median.Seconds / hand.Seconds),
                string.Join(" ", samples[contender.Name].Select(s => Format.Seconds(s.Seconds))));
            report.Measured(new
            {
                contender = contender.Name,
                rows,
                medianSeconds = Math.Round(median.Seconds, 3),
                rowsPerSecond = Math.Round(median.ItemsPerSecond),
                medianCpuSeconds = median.CpuSeconds is { } c ? Math.Round(c, 3) : (double?)null,
                seconds = samples[contender.Name].Select(s => Math.Round(s.Seconds, 3)).ToArray(),
            });
        }
        Console.WriteLine();
        Console.Write(table);
        Console.WriteLine($"every contender produced: {outcomes.Values.First()}");
        report.Note($"all contenders agree: {outcomes.Values.First()}");

        foreach (var format in formats)
        {
            var (pulse, hand) = (samples[$"pulse {format}"], samples[$"duckdb sql {format}"]);
            var wall = Sampler.PairedRatio(pulse, hand, Sampler.Wall);
            report.Ratio($"pulse {format} / duckdb sql {format}", wall, "runner time over hand-written DuckDB SQL time, median of per-round ratios (lower is better)",
                $"<= {HandSqlTarget:0.0}", wall <= HandSqlTarget);
            var cpu = Sampler.PairedRatio(pulse, hand, Sampler.Cpu);
            report.Ratio($"pulse {format} / duckdb sql {format} (cpu)", cpu, "the same with CPU time, steadier on a loaded machine",
                $"<= {HandSqlTarget:0.0}", cpu <= HandSqlTarget);
        }
        if (samples.TryGetValue("fused sql csv", out var fused) && samples.TryGetValue("pulse csv", out var pulseForFused))
        {
            report.Ratio("fused sql csv / duckdb sql csv", Sampler.PairedRatio(fused, samples["duckdb sql csv"], Sampler.Wall),
                "diagnostic: the runner's bookkeeping done in one fused pass, over the plain hand SQL: what the bookkeeping itself costs", "(diagnostic)", true);
            report.Ratio("pulse csv / fused sql csv", Sampler.PairedRatio(pulseForFused, fused, Sampler.Wall),
                "diagnostic: the runner (its fused cleaning statement, staging and publish) over the same bookkeeping written by hand as one fused pass", "(diagnostic)", true);
        }
        if (samples.TryGetValue("pandas csv", out var pandasSamples) && samples.TryGetValue("pulse csv", out var pulseCsv))
        {
            var speedup = Sampler.PairedRatio(pandasSamples, pulseCsv, Sampler.Wall);
            report.Ratio("pandas csv / pulse csv", speedup, "pandas time over runner time, median of per-round ratios: how many times faster the runner is",
                $">= {PandasTarget:0.0}", speedup >= PandasTarget);
            var cpu = Sampler.PairedRatio(pandasSamples, pulseCsv, Sampler.Cpu);
            report.Ratio("pandas csv / pulse csv (cpu)", cpu, "the same with CPU time (pandas measures its own process time)",
                $">= {PandasTarget:0.0}", cpu >= PandasTarget);
        }
    }

    /// <summary><c>--profile true</c>: one pulse run per format with DuckDB's query log, the statements that took the time.</summary>
    private static async Task ProfileAsync(SalesDataset data, IEnumerable<string> formats, SuiteReport report)
    {
        foreach (var format in formats)
        {
            var pipeline = Specs.Lower(SalesSpec.Text(format, data.SalesFile(format), data.StoresCsv), data.Folder);
            var state = RepoPaths.Scratch("batch");
            try
            {
                var (run, seconds, statements) = await RunProfiler.ProfileAsync(pipeline, state).ConfigureAwait(false);
                if (run.Status != RunStatus.Succeeded) throw new BenchFailedException($"the pulse run failed: {run.Error}");
                Console.WriteLine($"pulse {format}, {data.Rows:#,0} rows: sources {string.Join(", ", run.Sources.Select(s => $"{s.Name} {s.Seconds:0.0} s"))}; " +
                                  $"views {string.Join(", ", run.Views.Select(v => $"{v.Name} {v.Seconds:0.0} s"))}");
                RunProfiler.Print(seconds, statements, 25);
                report.Measured(new { format, rows = data.Rows, seconds, statements = statements.Take(40) });
            }
            finally
            {
                Directory.Delete(state, recursive: true);
            }
        }
    }

    private static async Task<Sample> RunPulseAsync(PipelineIr pipeline, long rows, Action<BatchOutcome> agree)
    {
        var state = RepoPaths.Scratch("batch");
        try
        {
            var options = new RunOptions { StateDirectory = state, Now = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero) };
            RunReport? run = null;
            var sample = await Sampler.TimeAsync(rows, async () => run = await PipelineRunner.RunBatchAsync(pipeline, options).ConfigureAwait(false)).ConfigureAwait(false);
            if (run!.Status != RunStatus.Succeeded) throw new BenchFailedException($"the pulse run failed: {run.Error}");
            var sales = run.Source("sales")!;
            var (viewRows, revenue) = HandSql.ReadView(run.StateDatabase, SalesSpec.View);
            agree(new BatchOutcome(sales.Kept, sales.Quarantined, viewRows, revenue));
            return sample;
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    private static Sample RunHand(SalesDataset data, string format, Action<BatchOutcome> agree)
    {
        var folder = RepoPaths.Scratch("batch");
        try
        {
            BatchOutcome? outcome = null;
            var (wall, cpu) = Sampler.Time(() => outcome = HandSql.Run(data, format, folder));
            agree(outcome!);
            return new Sample(wall, data.Rows, cpu);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Sample RunFused(SalesDataset data, Action<BatchOutcome> agree)
    {
        var folder = RepoPaths.Scratch("batch");
        try
        {
            BatchOutcome? outcome = null;
            var (wall, cpu) = Sampler.Time(() => outcome = FusedBookkeepingSql.Run(data, folder));
            agree(outcome!);
            return new Sample(wall, data.Rows, cpu);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Sample RunPandas(string python, SalesDataset data, Action<BatchOutcome> agree)
    {
        var (outcome, wall, cpu) = PandasCleaner.Run(python, data);
        agree(outcome);
        return new Sample(wall, data.Rows, cpu);
    }
}
