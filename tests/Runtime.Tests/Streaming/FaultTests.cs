using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using Pulse.Runtime.Streaming;
using Pulse.Runtime.Streaming.Kafka;
using Pulse.Runtime.Tests.Fixtures;
using Pulse.Runtime.Tests.StreamingFixtures;
using Xunit.Abstractions;

namespace Pulse.Runtime.Tests.Streaming;

/// <summary>
/// Exactly-once under crashes: the speed layer runs as a child process writing to PostgreSQL and is killed
/// hard (no cleanup, no final checkpoint) in the middle of the stream, twice, then runs to the end. The
/// table must hold exactly the rows one clean run writes: nothing lost, nothing twice.
/// </summary>
public sealed class FaultTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    [PostgresFact]
    public async Task A_speed_layer_killed_mid_stream_and_restarted_writes_exactly_what_a_clean_run_writes()
    {
        using var cluster = MockKafkaCluster.Start();
        var source = StreamSpecs.FoodPrices();
        cluster.CreateTopic("food-prices", 4);
        var total = ReplayProducer.Produce(cluster.BootstrapServers, "food-prices", source, Path.Combine(Repo.PipelinesDirectory, "data", "food_prices.ndjson"), CancellationToken.None);

        await using var crashed = await PgDatabase.CreateAsync();
        await using var clean = await PgDatabase.CreateAsync();
        var config = new SpeedWorkerConfig(cluster.BootstrapServers, crashed.ConnectionString, "fault", "live_food_prices", EventsPerSecond: 2000, CheckpointEvents: 200);
        var configPath = temp.Write("worker.json", JsonSerializer.Serialize(config));

        // Kill points leave at least half the stream (about 1.5 s at the throttled rate) after the second kill, so
        // a slow poll on a loaded machine still catches the worker before it reaches the end.
        foreach (var killAt in new[] { total / 5, total / 2 })
        {
            using var child = Process.Start(SpeedWorker.StartInfo(configPath))!;
            var stored = await WaitForOffsetsAsync(crashed, "fault", killAt, child);
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
            output.WriteLine($"killed at {stored} of {total} committed events");
            Assert.InRange(stored, killAt, total - 1); // really mid-stream
        }
        await RunToTheEndAndCompareWithACleanRunAsync(config, configPath, crashed, clean, total);
    }

    [PostgresFact]
    public async Task A_speed_layer_killed_while_a_checkpoint_transaction_is_open_loses_and_repeats_nothing()
    {
        using var cluster = MockKafkaCluster.Start();
        var source = StreamSpecs.FoodPrices();
        cluster.CreateTopic("food-prices", 4);
        var total = ReplayProducer.Produce(cluster.BootstrapServers, "food-prices", source, Path.Combine(Repo.PipelinesDirectory, "data", "food_prices.ndjson"), CancellationToken.None);

        await using var crashed = await PgDatabase.CreateAsync();
        await using var clean = await PgDatabase.CreateAsync();
        var config = new SpeedWorkerConfig(cluster.BootstrapServers, crashed.ConnectionString, "inflight", "live_food_prices", EventsPerSecond: 2500, CheckpointEvents: 200);
        var configPath = temp.Write("worker.json", JsonSerializer.Serialize(config));

        using (var child = Process.Start(SpeedWorker.StartInfo(configPath))!)
        {
            await WaitForOffsetsAsync(crashed, "inflight", total / 3, child);
            // Hold the next checkpoint in the middle of its transaction: with the state table locked against writes,
            // its rows, quarantine and offsets are written but its snapshot upsert waits. Then kill the process.
            await using var holder = new NpgsqlConnection(crashed.ConnectionString);
            await holder.OpenAsync();
            await using var hold = await holder.BeginTransactionAsync();
            await using (var command = new NpgsqlCommand("LOCK TABLE pulse_speed.pulse_state IN EXCLUSIVE MODE", holder, hold))
                await command.ExecuteNonQueryAsync();
            var stored = await crashed.OffsetsAsync("inflight");
            await WaitForCheckpointWaitingOnLockAsync(crashed, holder.ProcessID, child);
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
            await hold.RollbackAsync();
            await holder.CloseAsync();
            // The killed checkpoint never commits: what is stored is what the last finished checkpoint stored.
            await WaitForNoOtherSessionAsync(crashed);
            Assert.Equal(stored, await crashed.OffsetsAsync("inflight"));
            output.WriteLine($"killed with a checkpoint in flight after {stored} of {total} committed events");
            Assert.InRange(stored, total / 3, total - 1);
        }
        await RunToTheEndAndCompareWithACleanRunAsync(config, configPath, crashed, clean, total);
    }

    /// <summary>
    /// Restarts the crashed worker and lets it read to the end, then runs the same speed layer cleanly into its own
    /// database: both must hold exactly the same window rows and quarantined events (nothing lost, nothing twice).
    /// </summary>
    private static async Task RunToTheEndAndCompareWithACleanRunAsync(SpeedWorkerConfig config, string configPath, PgDatabase crashed, PgDatabase clean, long total)
    {
        using (var last = Process.Start(SpeedWorker.StartInfo(configPath))!)
        {
            var finished = last.WaitForExitAsync();
            if (await Task.WhenAny(finished, Task.Delay(TimeSpan.FromMinutes(3))) != finished) last.Kill(entireProcessTree: true);
            var said = await last.StandardOutput.ReadToEndAsync() + await last.StandardError.ReadToEndAsync();
            Assert.True(last.ExitCode == 0, said);
        }
        Assert.Equal(total, await crashed.OffsetsAsync(config.Group));

        var result = await SpeedLayerRunner.RunAsync(SpeedWorker.Pipeline("live_food_prices"),
            SpeedWorker.Options(config with { PostgresUrl = clean.ConnectionString, Group = "clean", EventsPerSecond = null }));
        Assert.True(result.Error is null, result.Error?.ToString());

        const string rows = "SELECT * FROM hunger.live_food_prices ORDER BY window_start, market, commodity";
        var expected = await clean.RowsAsync(rows);
        Assert.True(expected.Count > 100);
        Assert.Equal(expected, await crashed.RowsAsync(rows));
        const string quarantined = "SELECT partition, event_offset, rule, view FROM pulse_speed.pulse_quarantine ORDER BY 1, 2, 3";
        Assert.Equal(await clean.RowsAsync(quarantined), await crashed.RowsAsync(quarantined));
    }

    /// <summary>
    /// Waits until the worker's checkpoint waits for the lock on the state table, mid-transaction (it has written, so it
    /// has a transaction id). Asked on fresh connections: within one transaction PostgreSQL shows the same snapshot of
    /// pg_stat_activity every time.
    /// </summary>
    private static async Task WaitForCheckpointWaitingOnLockAsync(PgDatabase database, int holder, Process child)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        var waiting = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> " + holder.ToString(System.Globalization.CultureInfo.InvariantCulture) +
                      " AND wait_event_type = 'Lock' AND backend_xid IS NOT NULL AND query LIKE '%pulse_state%'";
        while (await database.ScalarAsync(waiting) == 0)
        {
            if (child.HasExited) throw new InvalidOperationException($"the worker exited early ({child.ExitCode}): {await child.StandardOutput.ReadToEndAsync()}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException("no checkpoint came to wait for the state table");
            await Task.Delay(10);
        }
    }

    /// <summary>Waits until the killed worker's server session has ended (its transaction rolled back).</summary>
    private static async Task WaitForNoOtherSessionAsync(PgDatabase database)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (await database.ScalarAsync("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()") > 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the killed worker's session did not end");
            await Task.Delay(20);
        }
    }

    private static async Task<long> WaitForOffsetsAsync(PgDatabase database, string group, long atLeast, Process child)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var stored = await database.OffsetsAsync(group);
            if (stored >= atLeast) return stored;
            if (child.HasExited)
                throw new InvalidOperationException($"the worker exited early ({child.ExitCode}): {await child.StandardOutput.ReadToEndAsync()} {await child.StandardError.ReadToEndAsync()}");
            await Task.Delay(20);
        }
        throw new TimeoutException($"the worker never committed {atLeast} events");
    }
}
