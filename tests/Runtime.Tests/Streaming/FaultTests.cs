using System.Diagnostics;
using System.Text.Json;
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
        var config = new SpeedWorkerConfig(cluster.BootstrapServers, crashed.ConnectionString, "fault", "live_food_prices", EventsPerSecond: 2500, CheckpointEvents: 200);
        var configPath = temp.Write("worker.json", JsonSerializer.Serialize(config));

        foreach (var killAt in new[] { total / 4, total * 2 / 3 })
        {
            using var child = Process.Start(SpeedWorker.StartInfo(configPath))!;
            var stored = await WaitForOffsetsAsync(crashed, "fault", killAt, child);
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
            output.WriteLine($"killed at {stored} of {total} committed events");
            Assert.InRange(stored, killAt, total - 1); // really mid-stream
        }
        using (var last = Process.Start(SpeedWorker.StartInfo(configPath))!)
        {
            var finished = last.WaitForExitAsync();
            if (await Task.WhenAny(finished, Task.Delay(TimeSpan.FromMinutes(3))) != finished) last.Kill(entireProcessTree: true);
            var said = await last.StandardOutput.ReadToEndAsync() + await last.StandardError.ReadToEndAsync();
            Assert.True(last.ExitCode == 0, said);
        }
        Assert.Equal(total, await crashed.OffsetsAsync("fault"));

        var result = await SpeedLayerRunner.RunAsync(SpeedWorker.Pipeline("live_food_prices"),
            SpeedWorker.Options(config with { PostgresUrl = clean.ConnectionString, Group = "clean", EventsPerSecond = null }));
        Assert.True(result.Error is null, result.Error?.ToString());

        const string rows = "SELECT * FROM hunger.live_food_prices ORDER BY window_start, market, commodity";
        var expected = await clean.RowsAsync(rows);
        var actual = await crashed.RowsAsync(rows);
        Assert.True(expected.Count > 100);
        Assert.Equal(expected, actual);
        Assert.Equal(
            await clean.RowsAsync("SELECT partition, event_offset, rule, view FROM pulse_speed.pulse_quarantine ORDER BY 1, 2, 3"),
            await crashed.RowsAsync("SELECT partition, event_offset, rule, view FROM pulse_speed.pulse_quarantine ORDER BY 1, 2, 3"));
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
