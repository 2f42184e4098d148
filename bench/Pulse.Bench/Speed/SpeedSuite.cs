using System.Globalization;
using Npgsql;
using Pulse.Bench.Infrastructure;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Streaming;
using Pulse.Runtime.Streaming.Kafka;

namespace Pulse.Bench.Speed;

/// <summary>
/// The speed layer end to end: events already in a topic of the in-process mock Kafka cluster are read
/// by <see cref="SpeedLayerRunner"/> (parse, clean, one-minute windows, PostgreSQL upsert with offsets
/// and state per checkpoint), and, interleaved in the same run, by (a) a bare Confluent.Kafka consume
/// loop and (b) a hand-written consumer doing the same work (<see cref="HandConsumer"/>). Each run uses
/// a new consumer group and new tables, so each reads the whole topic. Pulse's and the hand consumer's
/// tables must hold the same windows. Target: Pulse at least 90% of (b)'s events/s.
/// </summary>
public static class SpeedSuite
{
    private const double HandTarget = 0.90;

    public static async Task RunAsync(BenchArgs args, SuiteReport report)
    {
        var events = args.Long("events", 1_000_000);
        var rounds = args.Int("reps", 3);
        var warmup = args.Int("warmup", 1, minimum: 0);
        // --profile true: only the speed layer, once (run it under dotnet-trace); results go to speed-profile.json.
        // --profile hand: the hand-written consumer instead (to compare thread CPU or traces of the two).
        var profiled = args.Text("profile");
        var profileHand = profiled == "hand";
        var profile = profileHand || profiled is "true" or "yes" or "1";
        // The speed layer's checkpoint cadence (its defaults: every 1 s or 100,000 events); fewer checkpoints show what they cost.
        var checkpointSeconds = args.Int("checkpoint-seconds", (int)new SpeedRunOptions().CheckpointInterval.TotalSeconds);
        var checkpointEvents = args.Int("checkpoint-events", new SpeedRunOptions().CheckpointEvents);
        // --one-checkpoint true: also run the speed layer with a single checkpoint at the end, in the same rounds, to show
        // what checkpointing costs (diagnostic).
        var oneCheckpoint = args.Text("one-checkpoint") is "true" or "yes" or "1";
        // --processing-only true: the per-event work alone (no Kafka, no PostgreSQL), speed layer vs hand-written (diagnostic).
        var processingOnly = args.Text("processing-only") is "true" or "yes" or "1";
        // --lean-clients true: the baselines' consumers also skip the per-message metadata Pulse's consumer skips (diagnostic).
        TopicReader.Lean = args.Text("lean-clients") is "true" or "yes" or "1";
        args.RejectUnknown();
        if (processingOnly)
        {
            await ProcessingSuite.RunAsync(args, report, events, rounds, warmup).ConfigureAwait(false);
            return;
        }
        if (profile) report.FileName = "speed-profile";
        else if (TopicReader.Lean) report.FileName = "speed-lean-clients";
        var pgUrl = Environment.GetEnvironmentVariable("PULSE_PG_URL") is { Length: > 0 } url ? url
            : throw new BenchFailedException("PULSE_PG_URL is not set; start PostgreSQL first: eval \"$(scripts/postgres-start.sh)\"");

        var file = ClickEvents.Prepare(events, RepoPaths.DataCache("speed"), Console.Error.WriteLine);
        var run = "bench_speed_" + Guid.NewGuid().ToString("N")[..8];
        const string topic = "bench-clicks";
        var template = Specs.Lower(ClickSpec.Text(topic, run, "template"), Path.GetDirectoryName(file)!);
        var pg = PostgresConnections.ConnectionString(new ResolvedConnection(template.FindConnection(ClickSpec.Warehouse)!,
            new Dictionary<string, string> { ["url"] = pgUrl }, new EnvironmentSecretProvider()));

        using var cluster = MockKafkaCluster.Start();
        var partitions = ReplayProducer.PartitionsFor(file, template.FindSource(ClickSpec.Source)!);
        cluster.CreateTopic(topic, partitions);
        var produced = ReplayProducer.Produce(cluster.BootstrapServers, topic, template.FindSource(ClickSpec.Source)!, file, CancellationToken.None);
        Console.WriteLine($"{Format.Count(produced)} events ({new FileInfo(file).Length / (1024 * 1024)} MiB) in topic {topic}, {partitions} partitions of the in-process mock cluster");

        await ExecuteAsync(pg, $"CREATE SCHEMA \"{run}\"").ConfigureAwait(false);
        var summaries = new Dictionary<string, TableSummary>(StringComparer.Ordinal);
        // The speed layer's bookkeeping schema of each run, dropped at the end (iteration numbers are shared by all contenders).
        var bookkeeping = new List<string>();
        string Book(string contender)
        {
            var schema = $"{run}_book_{contender}";
            lock (bookkeeping) bookkeeping.Add(schema);
            return schema;
        }
        var pulseCounts = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            Contender Pulse(string name, string prefix, TimeSpan checkpointInterval, int checkpointEventCount) => new(name, async i =>
            {
                var table = $"{prefix}_{i}";
                var pipeline = Specs.Lower(ClickSpec.Text(topic, run, table), Path.GetDirectoryName(file)!);
                var options = new SpeedRunOptions
                {
                    ConnectionOverrides = new Dictionary<string, IReadOnlyDictionary<string, string>>
                    {
                        [ClickSpec.Bus] = new Dictionary<string, string> { ["brokers"] = cluster.BootstrapServers },
                        [ClickSpec.Warehouse] = new Dictionary<string, string> { ["url"] = pgUrl },
                    },
                    StopAtEnd = true,
                    CheckpointInterval = checkpointInterval,
                    CheckpointEvents = checkpointEventCount,
                    ConsumerGroup = $"{run}-{prefix}-{i}",
                    BookkeepingSchema = Book($"{prefix}_{i}"),
                    Now = new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero),
                };
                SpeedRunResult? result = null;
                var sample = await Sampler.TimeAsync(produced, async () => result = await SpeedLayerRunner.RunAsync(pipeline, options).ConfigureAwait(false)).ConfigureAwait(false);
                if (result!.Status != SpeedRunStatus.Succeeded) throw new BenchFailedException($"the speed layer failed: {result.Error}");
                var source = result.Source(ClickSpec.Source)!;
                if (source.Read != produced) throw new BenchFailedException($"the speed layer read {source.Read} of {produced} events");
                lock (pulseCounts)
                    pulseCounts[name] = $"read {source.Read:#,0}, kept {source.Kept:#,0}, quarantined {source.Quarantined:#,0}, malformed {source.Malformed:#,0}, " +
                                        $"{source.Checkpoints} checkpoints, {source.Partitioning}";
                Agree(summaries, name, await TableSummary.ReadAsync(pg, run, table).ConfigureAwait(false));
                return sample;
            });

            var contenders = new List<Contender>
            {
                Pulse("pulse speed layer", "pulse", TimeSpan.FromSeconds(checkpointSeconds), checkpointEvents),
                new("bare consumer loop", i => Task.Run(() =>
                {
                    (long Messages, long Bytes) counted = default;
                    var (wall, cpu) = Sampler.Time(() => counted = TopicReader.Bare(cluster.BootstrapServers, topic, partitions, $"{run}-bare-{i}"));
                    if (counted.Messages != produced) throw new BenchFailedException($"the bare loop read {counted.Messages} of {produced} events");
                    return new Sample(wall, counted.Messages, cpu);
                })),
                new("hand-written consumer", async i =>
                {
                    var table = $"hand_{i}";
                    HandConsumer.Result? result = null;
                    var sample = await Sampler.TimeAsync(produced, async () => result = await HandConsumer.RunAsync(
                        cluster.BootstrapServers, topic, partitions, $"{run}-hand-{i}", pg, run, table).ConfigureAwait(false)).ConfigureAwait(false);
                    if (result!.Read != produced) throw new BenchFailedException($"the hand-written consumer read {result.Read} of {produced} events");
                    Agree(summaries, "hand-written consumer", await TableSummary.ReadAsync(pg, run, table).ConfigureAwait(false));
                    return sample;
                }),
            };
            if (oneCheckpoint) contenders.Add(Pulse("pulse, one checkpoint", "once", TimeSpan.FromDays(1), int.MaxValue));

            if (profile)
            {
                var contender = profileHand ? contenders[2] : contenders[0];
                // No warm-up unless asked (--warmup N): a cold run shows the JIT, a warm one the steady state.
                var once = await Sampler.RunAsync([contender], args.All.ContainsKey("warmup") ? warmup : 0, 1, Console.Error.WriteLine).ConfigureAwait(false);
                if (!profileHand) report.Note($"profile run: {pulseCounts["pulse speed layer"]}");
                report.Measured(new { contender = contender.Name, events = produced, seconds = once[contender.Name][0].Seconds, cpuSeconds = once[contender.Name][0].CpuSeconds });
                return;
            }
            var samples = await Sampler.RunAsync(contenders, warmup, rounds, Console.Error.WriteLine).ConfigureAwait(false);

            var bare = Sampler.Median(samples["bare consumer loop"]);
            var hand = Sampler.Median(samples["hand-written consumer"]);
            var table = new TextTable("contender", "events", "median s", "events/s", "cpu s", "vs bare loop", "vs hand-written", "runs (s)");
            foreach (var contender in contenders)
            {
                var median = Sampler.Median(samples[contender.Name]);
                table.Add(contender.Name, Format.Count(produced), Format.Seconds(median.Seconds), Format.Rate(median.ItemsPerSecond),
                    median.CpuSeconds is { } cpuSeconds ? Format.Seconds(cpuSeconds) : "n/a",
                    Format.Percent(median.ItemsPerSecond / bare.ItemsPerSecond), Format.Percent(median.ItemsPerSecond / hand.ItemsPerSecond),
                    string.Join(" ", samples[contender.Name].Select(s => Format.Seconds(s.Seconds))));
                report.Measured(new
                {
                    contender = contender.Name,
                    events = produced,
                    partitions,
                    medianSeconds = Math.Round(median.Seconds, 3),
                    eventsPerSecond = Math.Round(median.ItemsPerSecond),
                    medianCpuSeconds = median.CpuSeconds is { } c ? Math.Round(c, 3) : (double?)null,
                    seconds = samples[contender.Name].Select(s => Math.Round(s.Seconds, 3)).ToArray(),
                });
            }
            Console.WriteLine();
            Console.Write(table);
            foreach (var (name, counts) in pulseCounts.OrderBy(p => p.Key, StringComparer.Ordinal)) report.Note($"{name}: {counts}");
            report.Note($"pulse and the hand-written consumer wrote the same windows: {summaries.Values.First()}");

            var (pulse, bareRuns, handRuns) = (samples["pulse speed layer"], samples["bare consumer loop"], samples["hand-written consumer"]);
            // events/s of A over events/s of B is time of B over time of A (same events).
            report.Ratio("pulse / bare consumer loop", Sampler.PairedRatio(bareRuns, pulse, Sampler.Wall),
                "Pulse's events/s as a fraction of a consume loop that does nothing (the Kafka client's ceiling), median of per-round ratios", "(floor, no target)", true);
            var wall = Sampler.PairedRatio(handRuns, pulse, Sampler.Wall);
            report.Ratio("pulse / hand-written consumer", wall, "Pulse's events/s as a fraction of the hand-written consumer's, median of per-round ratios",
                $">= {HandTarget:0.00}", wall >= HandTarget);
            var cpu = Sampler.PairedRatio(handRuns, pulse, Sampler.Cpu);
            report.Ratio("pulse / hand-written consumer (cpu)", cpu, "the same with CPU time per event, steadier on a loaded machine",
                $">= {HandTarget:0.00}", cpu >= HandTarget);
            if (oneCheckpoint)
            {
                var once = samples["pulse, one checkpoint"];
                report.Ratio("pulse / pulse with one checkpoint", Sampler.PairedRatio(once, pulse, Sampler.Wall),
                    "diagnostic: events/s with the default checkpoints as a fraction of one checkpoint at the end (1.00 = checkpoints cost nothing)", "(diagnostic)", true);
                report.Ratio("pulse / pulse with one checkpoint (cpu)", Sampler.PairedRatio(once, pulse, Sampler.Cpu),
                    "the same with CPU time", "(diagnostic)", true);
                report.Ratio("pulse with one checkpoint / hand-written consumer", Sampler.PairedRatio(handRuns, once, Sampler.Wall),
                    "diagnostic: what the speed layer reaches without checkpoint costs", "(diagnostic)", true);
            }
        }
        finally
        {
            await ExecuteAsync(pg, $"DROP SCHEMA IF EXISTS \"{run}\" CASCADE").ConfigureAwait(false);
            foreach (var schema in bookkeeping)
                await ExecuteAsync(pg, $"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE").ConfigureAwait(false);
        }
    }

    private static void Agree(Dictionary<string, TableSummary> summaries, string name, TableSummary summary)
    {
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
        await using var command = new NpgsqlCommand(sql, pg);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}

/// <summary>A window table in short: rows, total views, total time, and a checksum over every row.</summary>
public sealed record TableSummary(long Rows, long Views, long TotalMs, long Checksum)
{
    public static async Task<TableSummary> ReadAsync(string connectionString, string schema, string table)
    {
        await using var pg = new NpgsqlConnection(connectionString);
        await pg.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"SELECT count(*), sum(views)::bigint, sum(total_ms)::bigint, " +
            $"sum(hashtext(page || '|' || extract(epoch FROM window_start)::bigint || '|' || views || '|' || total_ms || '|' || longest))::bigint " +
            $"FROM \"{schema}\".\"{table}\"", pg);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        await reader.ReadAsync().ConfigureAwait(false);
        return new TableSummary(reader.GetInt64(0), reader.IsDBNull(1) ? 0 : reader.GetInt64(1), reader.IsDBNull(2) ? 0 : reader.GetInt64(2), reader.IsDBNull(3) ? 0 : reader.GetInt64(3));
    }

    public override string ToString() => $"{Rows:#,0} windows, {Views:#,0} views, {TotalMs:#,0} ms in total (checksum {Checksum})";
}
