using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
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
        var capture = new CapturingSink(View);
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

        var metricsPort = FreePort();
        var healthPort = FreePort();
        var environment = new Dictionary<string, string>
        {
            ["PULSE_KAFKA_BROKERS"] = cluster.BootstrapServers,
            ["PULSE_PG_URL"] = database.ConnectionString,
            ["PULSE_METRICS_PORT"] = metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PULSE_HEALTH_PORT"] = healthPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        // Run 1: until caught up, then SIGTERM.
        var clock = Stopwatch.StartNew();
        using (var consumer = Start(build, environment, drain: false))
        {
            var caughtUp = await WaitAsync(async () => await StoredOffsetsAsync(database) >= produced, TimeSpan.FromSeconds(90), consumer.Process);
            Assert.True(caughtUp, "the consumer did not store offsets for every event within 90 s:\n" + consumer.Output());
            using var http = new HttpClient();
            var metrics = await http.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics");
            Assert.Contains("pulse_events_total{view=\"live_food_prices\"} " + produced, metrics);
            Assert.Contains("pulse_windows_emitted_total", metrics);
            Assert.Contains("pulse_consumer_lag", metrics);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{healthPort}/healthz/")).StatusCode);
            Assert.Equal(0, Kill(consumer.Process.Id, "TERM"));
            Assert.True(consumer.Process.WaitForExit(30_000), "the consumer did not stop within 30 s of SIGTERM");
            Assert.True(consumer.Process.ExitCode == 0, "exit code " + consumer.Process.ExitCode + ":\n" + consumer.Output());
            Assert.Contains("stopped: " + produced + " events", consumer.Output());
        }
        var firstRun = clock.Elapsed;

        // Run 2: --drain resumes from the stored offsets and state, reads nothing new, emits what is still open.
        using (var consumer = Start(build, environment, drain: true))
        {
            Assert.True(consumer.Process.WaitForExit(90_000), "the draining consumer did not finish:\n" + consumer.Output());
            Assert.True(consumer.Process.ExitCode == 0, "exit code " + consumer.Process.ExitCode + ":\n" + consumer.Output());
            Assert.Contains("read to the end: 0 events", consumer.Output());
        }

        var actual = await database.QueryAsync(
            "SELECT window_start, window_end, market, commodity, avg_price, max_price, observations FROM hunger.live_food_prices");
        var order = Comparer<object?[]>.Create(CompareRows);
        var sortedExpected = expected.Order(order).ToList();
        var sortedActual = actual.Select(r => r.Select(Normalize).ToArray()).Order(order).ToList();
        Assert.Equal(sortedExpected.Count, sortedActual.Count);
        for (var i = 0; i < sortedExpected.Count; i++)
            Assert.True(sortedExpected[i].SequenceEqual(sortedActual[i]),
                $"row {i}: speed layer {Show(sortedExpected[i])}, consumer {Show(sortedActual[i])}");

        var quarantined = (long)(await database.QueryAsync("SELECT count(*) FROM pulse_speed.pulse_quarantine"))[0][0]!;
        var sourceReport = reference.Source("food_prices")!;
        var viewReport = reference.View(View)!;
        Assert.Equal(sourceReport.Malformed + sourceReport.Quarantined + viewReport.LateQuarantined, quarantined);
        log.WriteLine($"e2e: {produced} events, {expected.Count} rows equal; first run to caught up + SIGTERM {firstRun.TotalSeconds:0.0}s, build {build.Elapsed.TotalSeconds:0.0}s, speed layer {referenceSeconds:0.0}s");
    }

    private static object? Normalize(object? value) => value switch
    {
        DateTime time => DateTime.SpecifyKind(time.ToUniversalTime(), DateTimeKind.Utc),
        _ => value,
    };

    private static int CompareRows(object?[] a, object?[] b)
    {
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var order = Comparer<object>.Default.Compare(a[i] is string s ? (object)string.CompareOrdinal(s, (string)b[i]!) : a[i], a[i] is string ? 0 : b[i]);
            if (order != 0) return order;
        }
        return a.Length.CompareTo(b.Length);
    }

    private static string Show(object?[] row) => "(" + string.Join(", ", row.Select(v => v is DateTime t ? t.ToString("O") : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))) + ")";

    private static async Task<long> StoredOffsetsAsync(PgTestDatabase database)
    {
        try
        {
            var rows = await database.QueryAsync("SELECT coalesce(sum(next_offset), 0)::bigint FROM pulse_speed.pulse_offsets");
            return (long)rows[0][0]!;
        }
        catch (Npgsql.PostgresException) { return 0; } // the table does not exist until the consumer prepares it
    }

    private static async Task<bool> WaitAsync(Func<Task<bool>> done, TimeSpan timeout, Process process)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout && !process.HasExited)
        {
            if (await done()) return true;
            await Task.Delay(200);
        }
        return await done();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int Kill(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        return kill.ExitCode;
    }

    private sealed class RunningConsumer(Process process) : IDisposable
    {
        private readonly System.Text.StringBuilder output = new();
        public Process Process { get; } = process;

        public void Attach()
        {
            Process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            Process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            Process.BeginOutputReadLine();
            Process.BeginErrorReadLine();
        }

        public string Output()
        {
            if (Process.HasExited) Process.WaitForExit(); // flushes the asynchronous readers
            lock (output) return output.ToString();
        }

        public void Dispose()
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
            Process.Dispose();
        }
    }

    private static RunningConsumer Start(ConsumerBuildFixture.BuildResult build, Dictionary<string, string> environment, bool drain)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = build.Folder };
        start.ArgumentList.Add(build.Assembly!);
        if (drain) start.ArgumentList.Add("--drain");
        foreach (var (name, value) in environment) start.Environment[name] = value;
        var consumer = new RunningConsumer(Process.Start(start)!);
        consumer.Attach();
        return consumer;
    }

    /// <summary>Every row the speed layer emits for one view, with no retention (SpeedResults lets old rows go).</summary>
    private sealed class CapturingSink(string view) : ISpeedSink
    {
        private readonly List<object?[]> rows = [];
        public List<object?[]> Rows { get { lock (rows) return [.. rows]; } }
        public string Name => "capture";
        public IReadOnlyCollection<string> Views => [view];
        public bool StoresOffsets => false;
        public Task PrepareAsync(CancellationToken cancellation) => Task.CompletedTask;
        public Task<StoredCheckpoint?> LoadAsync(string group, string topic, string shard, CancellationToken cancellation) => Task.FromResult<StoredCheckpoint?>(null);

        public Task WriteAsync(SpeedCheckpoint checkpoint, CancellationToken cancellation)
        {
            if (checkpoint.Output.Rows.TryGetValue(view, out var emitted)) lock (rows) rows.AddRange(emitted);
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
