using System.Globalization;
using Npgsql;
using Pulse.Bench.Infrastructure;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Sinks;

namespace Pulse.Bench.PgSink;

/// <summary>
/// The batch runtime's PostgreSQL sink on N rows held in DuckDB, against raw Npgsql binary COPY of the
/// same rows, interleaved in the same run. The sink is the very implementation the runner picks for a
/// non-embedded postgres connection (<see cref="BuiltInSinks"/>), given the context the runner gives it
/// (a SELECT over the staged rows). Two more contenders show what the sink used to pay before it COPYed
/// straight into the table with typed writers: raw COPY through a staging table plus INSERT ... SELECT (still
/// the sink's upsert path), and raw COPY with boxed, per-value asynchronous writes. Every table written must
/// hold the same rows. Target: the sink at least 85% of raw COPY.
/// </summary>
public static class PgSinkSuite
{
    private const double RawTarget = 0.85;

    public static async Task RunAsync(BenchArgs args, SuiteReport report)
    {
        var rows = args.Long("rows", 1_000_000);
        var rounds = args.Int("reps", 5);
        var warmup = args.Int("warmup", 1, minimum: 0);
        args.RejectUnknown();
        var pgUrl = Environment.GetEnvironmentVariable("PULSE_PG_URL") is { Length: > 0 } url ? url
            : throw new BenchFailedException("PULSE_PG_URL is not set; start PostgreSQL first: eval \"$(scripts/postgres-start.sh)\"");

        var run = "bench_pgsink_" + Guid.NewGuid().ToString("N")[..8];
        var folder = RepoPaths.Scratch("pgsink");
        var overrides = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["warehouse"] = new Dictionary<string, string> { ["url"] = pgUrl } };
        var template = Specs.Lower(SinkRows.Spec(run, "template"), folder);
        var pg = PostgresConnections.ConnectionString(new ResolvedConnection(template.FindConnection("warehouse")!, overrides["warehouse"], new EnvironmentSecretProvider()));
        using var duck = SinkRows.Create(rows);
        Console.WriteLine($"{Format.Count(rows)} rows of 8 columns in DuckDB; writing to schema {run}");
        await ExecuteAsync(pg, $"CREATE SCHEMA \"{run}\"").ConfigureAwait(false);
        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            async Task<Sample> Raw(string name, int i, Func<string, Task<long>> write)
            {
                var table = $"\"{run}\".\"{name.Replace(' ', '_')}_{i.ToString(CultureInfo.InvariantCulture)}\"";
                long written = 0;
                var sample = await Sampler.TimeAsync(rows, async () => written = await write(table).ConfigureAwait(false)).ConfigureAwait(false);
                await CheckAsync(pg, summaries, name, table, written, rows).ConfigureAwait(false);
                return sample;
            }
            var contenders = new List<Contender>
            {
                new("pulse postgres sink", async i =>
                {
                    var table = $"pulse_{i.ToString(CultureInfo.InvariantCulture)}";
                    var pipeline = Specs.Lower(SinkRows.Spec(run, table), folder);
                    var sinkIr = pipeline.Sinks[0];
                    var options = new RunOptions { ConnectionOverrides = overrides };
                    var sink = BuiltInSinks.Create(sinkIr, name => new ResolvedConnection(pipeline.FindConnection(name)!, overrides.GetValueOrDefault(name), options.Secrets))
                               ?? throw new BenchFailedException("the runtime has no sink for a postgres connection");
                    if (sink is not PostgresSink) throw new BenchFailedException($"expected the PostgreSQL sink, got {sink.GetType().Name} (is the connection embedded?)");
                    var context = new SinkContext
                    {
                        Connection = duck,
                        Pipeline = pipeline,
                        Sink = sinkIr,
                        RowsSql = $"SELECT {string.Join(", ", sinkIr.Schema.Columns.Select(c => $"\"{c.Name}\""))} FROM {SinkRows.Table}",
                        StateCatalog = "memory",
                        StateDirectory = folder,
                        RunId = "bench-" + i.ToString(CultureInfo.InvariantCulture),
                        Options = options,
                        ResolveConnection = name => new ResolvedConnection(pipeline.FindConnection(name)!, overrides.GetValueOrDefault(name), options.Secrets),
                        Quarantine = rejected => throw new BenchFailedException($"the sink rejected {rejected.Count} rows"),
                        Warn = warning => Console.Error.WriteLine("sink warning: " + warning),
                    };
                    SinkResult? result = null;
                    var sample = await Sampler.TimeAsync(rows, async () => result = await sink.WriteAsync(context, CancellationToken.None).ConfigureAwait(false)).ConfigureAwait(false);
                    await CheckAsync(pg, summaries, "pulse postgres sink", $"\"{run}\".\"{table}\"", result!.RowsWritten, rows).ConfigureAwait(false);
                    return sample;
                }),
                new("raw binary copy", i => Raw("raw binary copy", i, table => RawCopy.DirectAsync(duck, pg, table))),
                new("raw copy via staging", i => Raw("raw copy via staging", i, table => RawCopy.ViaStagingAsync(duck, pg, table))),
                new("raw copy, boxed writes", i => Raw("raw copy, boxed writes", i, table => RawCopy.BoxedAsync(duck, pg, table))),
            };

            var samples = await Sampler.RunAsync(contenders, warmup, rounds, Console.Error.WriteLine).ConfigureAwait(false);

            var raw = Sampler.Median(samples["raw binary copy"]);
            var table = new TextTable("contender", "rows", "median s", "rows/s", "cpu s", "vs raw copy", "runs (s)");
            foreach (var contender in contenders)
            {
                var median = Sampler.Median(samples[contender.Name]);
                table.Add(contender.Name, Format.Count(rows), Format.Seconds(median.Seconds), Format.Rate(median.ItemsPerSecond),
                    median.CpuSeconds is { } cpuSeconds ? Format.Seconds(cpuSeconds) : "n/a", Format.Percent(median.ItemsPerSecond / raw.ItemsPerSecond),
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
            report.Note($"every table written holds the same rows: {summaries.Values.First()}");

            var (pulse, rawRuns) = (samples["pulse postgres sink"], samples["raw binary copy"]);
            var wall = Sampler.PairedRatio(rawRuns, pulse, Sampler.Wall);
            report.Ratio("pulse sink / raw binary copy", wall, "the sink's rows/s as a fraction of raw binary COPY's, median of per-round ratios",
                $">= {RawTarget:0.00}", wall >= RawTarget);
            var cpu = Sampler.PairedRatio(rawRuns, pulse, Sampler.Cpu);
            report.Ratio("pulse sink / raw binary copy (cpu)", cpu, "the same with this process's CPU time (PostgreSQL's own work is not in it)",
                $">= {RawTarget:0.00}", cpu >= RawTarget);
            foreach (var diagnostic in new[] { "raw copy via staging", "raw copy, boxed writes" })
                report.Ratio($"{diagnostic} / raw binary copy", Sampler.PairedRatio(rawRuns, samples[diagnostic], Sampler.Wall),
                    "diagnostic: what this one difference from raw COPY costs on its own (rows/s fraction)", "(diagnostic)", true);
        }
        finally
        {
            await ExecuteAsync(pg, $"DROP SCHEMA IF EXISTS \"{run}\" CASCADE").ConfigureAwait(false);
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The table must hold every row, with the same contents as every other contender's table.</summary>
    private static async Task CheckAsync(string pg, Dictionary<string, string> summaries, string name, string table, long written, long rows)
    {
        if (written != rows) throw new BenchFailedException($"{name} wrote {written} of {rows} rows");
        await using var connection = new NpgsqlConnection(pg);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"SELECT count(*) || ' rows, ids ' || sum(id) || ', amount ' || sum(amount) || ', quantity ' || sum(quantity) || ', active ' || count(*) FILTER (WHERE active) " +
            $"|| ', days ' || sum(day - DATE '2024-01-01') || ', seconds ' || sum(extract(epoch FROM updated_at))::bigint || ', customers ' || sum(hashtext(customer))::bigint " +
            $"|| ', ratio ' || round(sum(ratio)::numeric, 3) FROM {table}", connection);
        var summary = (string)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
        lock (summaries)
        {
            if (summaries.Count > 0 && summaries.Values.First() != summary)
                throw new BenchFailedException($"{name} wrote {summary}, but {summaries.Keys.First()} wrote {summaries.Values.First()}");
            summaries[name] = summary;
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var pg = new NpgsqlConnection(connectionString);
        await pg.OpenAsync().ConfigureAwait(false);
        await RawCopy.ExecuteAsync(pg, sql).ConfigureAwait(false);
    }
}
