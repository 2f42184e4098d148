using System.Collections.Concurrent;
using System.Globalization;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Streaming;
using Pulse.Runtime.Streaming.Kafka;
using Pulse.Runtime.Tests.Fixtures;
using Pulse.Runtime.Tests.StreamingFixtures;
using Xunit.Abstractions;

namespace Pulse.Runtime.Tests.Streaming;

/// <summary>
/// Consumers of one group sharing a topic: per-partition state moves with its partition on a rebalance
/// (checkpointed by the old owner, restored by the new one), and stored offsets are honoured on restart,
/// so the group as a whole reads every event once and writes what one clean consumer writes.
/// </summary>
public sealed class ConsumerGroupTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    private static SourceIr Source() => StreamSpecs.Events(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2)) is var s
        ? s with { Options = s.Options with { Connection = "bus" } } : null!;

    private static PipelineIr Pipeline()
    {
        var source = Source();
        var view = StreamSpecs.Windowed(source, R.Tumbling("ts", TimeSpan.FromMinutes(10)));
        var sink = PipelineBuilder.Sink("totals_table", SinkKind.Postgres, view.Schema, view.Name, connection: "warehouse",
            table: new TableName("speed", "totals"), mode: WriteMode.Append);
        return new PipelineBuilder("group_test", "/unused")
            .Connection("bus", ConnectionKind.Kafka, embedded: true)
            .Connection("warehouse", ConnectionKind.Postgres, embedded: true)
            .Source(source).View(view).Sink(sink).Build();
    }

    private static SpeedRunOptions Options(string brokers, string postgres, string group, bool stopAtEnd) => new()
    {
        ConsumerGroup = group,
        StopAtEnd = stopAtEnd,
        CheckpointEvents = 100,
        CheckpointInterval = TimeSpan.FromMilliseconds(200),
        SessionTimeout = TimeSpan.FromSeconds(3),
        MaxEventsPerSecond = stopAtEnd ? null : 1500,
        ConnectionOverrides = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["bus"] = new Dictionary<string, string> { ["brokers"] = brokers },
            ["warehouse"] = new Dictionary<string, string> { ["url"] = postgres },
        },
    };

    private static IEnumerable<string> Events(int from, int count)
    {
        var start = new DateTime(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = from; i < from + count; i++)
        {
            // Mostly in order, some a little late, a few late enough to be dropped.
            var skew = i % 17 == 0 ? -200 : i % 5 == 0 ? -30 : 0;
            var time = start.AddSeconds(i * 3 + skew).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            yield return $"{{\"key\": \"k{i * 7 % 23}\", \"amount\": {i}, \"ts\": \"{time}\"}}";
        }
    }

    private long Produce(MockKafkaCluster cluster, IEnumerable<string> events, string name)
    {
        var file = temp.Write(name, string.Join("\n", events));
        return ReplayProducer.Produce(cluster.BootstrapServers, "events", Source(), file, CancellationToken.None);
    }

    [PostgresFact]
    public async Task Two_consumers_share_the_partitions_hand_state_over_on_rebalance_and_honour_commits_on_restart()
    {
        using var cluster = MockKafkaCluster.Start();
        cluster.CreateTopic("events", 4);
        await using var shared = await PgDatabase.CreateAsync();
        await using var clean = await PgDatabase.CreateAsync();
        var total = Produce(cluster, Events(0, 3000), "first.ndjson");
        var pipeline = Pipeline();

        var eventsA = new ConcurrentQueue<SpeedEvent>();
        var eventsB = new ConcurrentQueue<SpeedEvent>();
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var runA = SpeedLayerRunner.RunAsync(pipeline, Options(cluster.BootstrapServers, shared.ConnectionString, "g", false), new Inline(eventsA), stopA.Token);
        await WaitAsync(async () => await shared.OffsetsAsync("g") >= 600, "consumer A to commit");

        var runB = SpeedLayerRunner.RunAsync(pipeline, Options(cluster.BootstrapServers, shared.ConnectionString, "g", false), new Inline(eventsB), stopB.Token);
        await WaitAsync(() => Task.FromResult(eventsA.Any(e => e.Kind == SpeedEventKind.Revoked) && eventsB.Any(e => e.Kind == SpeedEventKind.Assigned && !e.Message!.Contains("[]"))),
            "the rebalance");
        total += Produce(cluster, Events(3000, 3000), "second.ndjson");
        await WaitAsync(async () => await shared.OffsetsAsync("g") == total, "the group to read everything");
        stopA.Cancel();
        stopB.Cancel();
        var a = await runA;
        var b = await runB;
        Assert.True(a.Error is null && b.Error is null, $"{a.Error} {b.Error}");

        // Restart: one consumer takes every partition, restores each one's state and finishes the windows.
        var c = await SpeedLayerRunner.RunAsync(pipeline, Options(cluster.BootstrapServers, shared.ConnectionString, "g", true));
        Assert.True(c.Error is null, c.Error?.ToString());
        var reads = (a.Sources[0].Read, b.Sources[0].Read, c.Sources[0].Read);
        output.WriteLine($"reads A {reads.Item1}, B {reads.Item2}, C {reads.Item3}; A: {string.Join(" / ", eventsA.Where(e => e.Message is not null).Select(e => e.Message))}");
        Assert.True(reads.Item1 > 0 && reads.Item2 > 0);
        Assert.Equal(total, reads.Item1 + reads.Item2 + reads.Item3); // every event read once by the group
        Assert.Equal("per partition", c.Sources[0].Partitioning);

        var reference = await SpeedLayerRunner.RunAsync(pipeline, Options(cluster.BootstrapServers, clean.ConnectionString, "clean", true));
        Assert.Equal(total, reference.Sources[0].Read);
        const string rows = "SELECT * FROM speed.totals ORDER BY window_start, key";
        var expected = await clean.RowsAsync(rows);
        Assert.True(expected.Count > 100);
        Assert.Equal(expected, await shared.RowsAsync(rows));
    }

    [Fact]
    public async Task Without_an_offset_store_offsets_are_committed_to_the_group_and_a_restart_reads_only_the_rest()
    {
        using var cluster = MockKafkaCluster.Start();
        cluster.CreateTopic("events", 3);
        var total = Produce(cluster, Events(0, 2000), "events.ndjson");
        var source = Source();
        var pipeline = new PipelineBuilder("offsets", "/unused").Connection("bus", ConnectionKind.Kafka, embedded: true)
            .Source(source).View(StreamSpecs.Windowed(source, R.Tumbling("ts", TimeSpan.FromMinutes(10)))).Build();
        var options = new SpeedRunOptions
        {
            ConsumerGroup = "kafka-commits",
            StopAtEnd = true,
            ConnectionOverrides = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["bus"] = new Dictionary<string, string> { ["brokers"] = cluster.BootstrapServers } },
        };

        var first = await SpeedLayerRunner.RunAsync(pipeline, options with { MaxEvents = 700 });
        var second = await SpeedLayerRunner.RunAsync(pipeline, options);

        Assert.True(first.Error is null && second.Error is null, $"{first.Error} {second.Error}");
        Assert.Equal(700, first.Sources[0].Read);
        Assert.Equal(total - 700, second.Sources[0].Read);
        Assert.Equal(total, second.Sources[0].CommittedOffsets.Values.Sum());
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited too long for {what}");
            await Task.Delay(50);
        }
    }

    /// <summary>Progress reported on the reporting thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
    private sealed class Inline(ConcurrentQueue<SpeedEvent> events) : IProgress<SpeedEvent>
    {
        public void Report(SpeedEvent value) => events.Enqueue(value);
    }
}
