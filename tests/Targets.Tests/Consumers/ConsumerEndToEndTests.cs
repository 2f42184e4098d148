using System.Diagnostics;
using System.Net;
using Pulse.Runtime.Streaming;
using Pulse.Runtime.Streaming.Kafka;
using Pulse.Runtime.Streaming.Sinks;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Consumers;

/// <summary>
/// The built world-hunger consumer against the in-process mock Kafka cluster and the real PostgreSQL, compared
/// row by row with <c>pulse run</c>'s speed layer (<see cref="SpeedLayerRunner"/>, in process) over the same
/// events. The consumer first runs until it has caught up and is stopped with SIGTERM (it must checkpoint and
/// exit 0), then runs again with --drain: it resumes from the stored offsets and window state, reads nothing
/// new, emits the open windows and exits. Its table must then hold exactly the speed layer's rows.
/// </summary>
[Collection(ConsumerBuildCollection.Name)]
public class ConsumerEndToEndTests(ConsumerBuildFixture fixture, Xunit.Abstractions.ITestOutputHelper log)
{
    private const string View = "live_food_prices";

    [PostgresFact]
    public async Task Consumer_agrees_with_the_speed_layer_row_by_row_and_resumes_after_sigterm()
    {
        var build = fixture.Builds[View];
        Assert.True(build.ExitCode == 0 && build.Assembly is not null, "the consumer did not build:\n" + build.Output);
        var ir = ConsumerExamples.Lower("world-hunger", "pg");
        var source = ir.FindSource("food_prices")!;
        await using var database = await PgTestDatabase.CreateAsync();
        using var cluster = MockKafkaCluster.Start();
        var topic = source.Options.Topic!;
        cluster.CreateTopic(topic, 4);
        var replay = Path.Combine(RepoPaths.Root, "pipelines", source.Options.Replay!);
        var produced = ReplayProducer.Produce(cluster.BootstrapServers, topic, source, replay, CancellationToken.None);
        Assert.True(produced > 6000, $"only {produced} events produced");

        // The reference: pulse run's speed layer over the same topic, read to the end.
        var capture = new ConsumerRuns.CapturingSink(View);
        var reference = await SpeedLayerRunner.RunAsync(ir, new SpeedRunOptions
        {
            ConnectionOverrides = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["events"] = new Dictionary<string, string> { ["brokers"] = cluster.BootstrapServers } },
            StopAtEnd = true,
            ConsumerGroup = "pulse-reference-" + Guid.NewGuid().ToString("N")[..8],
            ExtraSinks = [capture],
        });
        Assert.True(reference.Status == SpeedRunStatus.Succeeded, reference.Error?.ToString());
        var expected = capture.Rows;
        var referenceSeconds = reference.Seconds;
        Assert.True(expected.Count > 100, $"the reference produced only {expected.Count} rows");

        var metricsPort = ConsumerRuns.FreePort();
        var healthPort = ConsumerRuns.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["PULSE_KAFKA_BROKERS"] = cluster.BootstrapServers,
            ["PULSE_PG_URL"] = database.ConnectionString,
            ["PULSE_METRICS_PORT"] = metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PULSE_HEALTH_PORT"] = healthPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PULSE_KAFKA_SESSION_TIMEOUT_MS"] = "3000", // the mock cluster waits out a departed member's session before it reassigns
        };

        // Run 1: until caught up, then SIGTERM.
        var clock = Stopwatch.StartNew();
        using (var consumer = ConsumerRuns.Start(build, environment, drain: false))
        {
            var caughtUp = await ConsumerRuns.WaitAsync(async () => await ConsumerRuns.StoredOffsetsAsync(database) >= produced, TimeSpan.FromSeconds(90), consumer.Process);
            Assert.True(caughtUp, "the consumer did not store offsets for every event within 90 s:\n" + consumer.Output());
            using var http = new HttpClient();
            // The metrics are updated right after the checkpoint's commit: give the last update a moment.
            var metrics = "";
            string[] settled = [$"pulse_events_total{{view=\"live_food_prices\"}} {produced}", $"pulse_consumer_lag_messages{{pipeline=\"world_hunger\",view=\"live_food_prices\",topic=\"{topic}\",partition=\"3\"}} 0"];
            for (var attempt = 0; attempt < 20 && !settled.All(line => metrics.Contains(line, StringComparison.Ordinal)); attempt++)
            {
                if (attempt > 0) await Task.Delay(250);
                metrics = await http.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics");
            }
            Assert.Contains("pulse_events_total{view=\"live_food_prices\"} " + produced, metrics);
            Assert.Contains("pulse_windows_emitted_total", metrics);
            Assert.Contains("pulse_consumer_lag", metrics);
            // The names and labels the generated alert rules and dashboard query (Targets/Monitoring/PulseMetrics.cs).
            foreach (var metric in Pulse.Targets.Monitoring.PulseMetrics.All.Where(m => !m.Name.StartsWith("pulse_batch_", StringComparison.Ordinal) && m.Name != Pulse.Targets.Monitoring.PulseMetrics.SinkRowsWritten))
                Assert.Contains(metric.Name + "{pipeline=\"world_hunger\",", metrics);
            Assert.Contains($"{Pulse.Targets.Monitoring.PulseMetrics.RowsRead}{{pipeline=\"world_hunger\",source=\"food_prices\"}} {produced}", metrics);
            Assert.Contains($"{Pulse.Targets.Monitoring.PulseMetrics.ConsumerLagMessages}{{pipeline=\"world_hunger\",view=\"live_food_prices\",topic=\"{topic}\",partition=\"0\"}} 0", metrics);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{healthPort}/healthz/")).StatusCode);
            Assert.Equal(0, ConsumerRuns.Kill(consumer.Process.Id, "TERM"));
            Assert.True(consumer.Process.WaitForExit(30_000), "the consumer did not stop within 30 s of SIGTERM");
            Assert.True(consumer.Process.ExitCode == 0, "exit code " + consumer.Process.ExitCode + ":\n" + consumer.Output());
            Assert.Contains("stopped: " + produced + " events", consumer.Output());
        }
        var firstRun = clock.Elapsed;

        // Run 2: --drain resumes from the stored offsets and state, reads nothing new, emits what is still open.
        using (var consumer = ConsumerRuns.Start(build, environment, drain: true))
        {
            Assert.True(consumer.Process.WaitForExit(90_000), "the draining consumer did not finish:\n" + consumer.Output());
            Assert.True(consumer.Process.ExitCode == 0, "exit code " + consumer.Process.ExitCode + ":\n" + consumer.Output());
            Assert.Contains("read to the end: 0 events", consumer.Output());
        }

        var actual = await database.QueryAsync(
            "SELECT window_start, window_end, market, commodity, avg_price, max_price, observations FROM hunger.live_food_prices");
        var order = ConsumerRuns.RowOrder;
        var sortedExpected = expected.Order(order).ToList();
        var sortedActual = actual.Select(r => r.Select(ConsumerRuns.Normalize).ToArray()).Order(order).ToList();
        Assert.Equal(sortedExpected.Count, sortedActual.Count);
        for (var i = 0; i < sortedExpected.Count; i++)
            Assert.True(sortedExpected[i].SequenceEqual(sortedActual[i]),
                $"row {i}: speed layer {ConsumerRuns.Show(sortedExpected[i])}, consumer {ConsumerRuns.Show(sortedActual[i])}");

        var quarantined = (long)(await database.QueryAsync("SELECT count(*) FROM pulse_speed.pulse_quarantine"))[0][0]!;
        var sourceReport = reference.Source("food_prices")!;
        var viewReport = reference.View(View)!;
        Assert.Equal(sourceReport.Malformed + sourceReport.Quarantined + viewReport.LateQuarantined, quarantined);
        log.WriteLine($"e2e: {produced} events, {expected.Count} rows equal; first run to caught up + SIGTERM {firstRun.TotalSeconds:0.0}s, build {build.Elapsed.TotalSeconds:0.0}s, speed layer {referenceSeconds:0.0}s");
    }
}
