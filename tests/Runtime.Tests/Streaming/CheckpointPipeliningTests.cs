using System.Globalization;
using Confluent.Kafka;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Streaming;
using Pulse.Runtime.Streaming.Kafka;
using Pulse.Runtime.Streaming.Sinks;
using Pulse.Runtime.Tests.Fixtures;
using Pulse.Runtime.Tests.StreamingFixtures;

namespace Pulse.Runtime.Tests.Streaming;

/// <summary>
/// Checkpoints are written off the consume loop: while one is being written the loop reads on (up to twice the
/// checkpoint size, then it waits), at most one checkpoint is in flight, sinks get them in order, and offsets
/// reach the Kafka group only after the sinks hold what they cover.
/// </summary>
public sealed class CheckpointPipeliningTests : IDisposable
{
    private const int CheckpointEvents = 100;
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task The_loop_reads_on_while_a_checkpoint_is_written_and_commits_offsets_only_after_it()
    {
        using var cluster = MockKafkaCluster.Start();
        cluster.CreateTopic("events", 3);
        var source = Source();
        var total = ReplayProducer.Produce(cluster.BootstrapServers, "events", source, temp.Write("events.ndjson", string.Join("\n", Events(2000))), CancellationToken.None);
        var pipeline = new PipelineBuilder("pipelining", "/unused").Connection("bus", ConnectionKind.Kafka, embedded: true)
            .Source(source).View(StreamSpecs.Windowed(source, R.Tumbling("ts", TimeSpan.FromMinutes(10)))).Build();
        var sink = new GatedSink();
        var options = new SpeedRunOptions
        {
            ConsumerGroup = "pipelining",
            StopAtEnd = true,
            CheckpointEvents = CheckpointEvents,
            CheckpointInterval = TimeSpan.FromHours(1),
            // One state for the topic: one shard per checkpoint, so each write covers every partition.
            Partitioning = SpeedPartitioning.Whole,
            ExtraSinks = [sink],
            ConnectionOverrides = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["bus"] = new Dictionary<string, string> { ["brokers"] = cluster.BootstrapServers } },
        };

        var run = SpeedLayerRunner.RunAsync(pipeline, options);
        await sink.FirstWriteStarted.WaitAsync(TimeSpan.FromMinutes(1));
        // The first checkpoint hangs in the sink; give the loop time to read as far as it may.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Empty(Committed(cluster.BootstrapServers, "pipelining", 3)); // nothing reached the group yet
        sink.Release();
        var result = await run.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(result.Error is null, result.Error?.ToString());
        Assert.Equal(total, result.Sources[0].Read);
        var reads = sink.EventsCovered;
        Assert.Equal(CheckpointEvents, reads[0]);
        // The second checkpoint holds what was read while the first was being written: more than one checkpoint's
        // worth (the loop did not stop), at most two (backpressure).
        Assert.InRange(reads[1] - reads[0], CheckpointEvents + 1, 2 * CheckpointEvents);
        Assert.Equal(reads.Order(), reads); // in order
        Assert.Equal(total, reads[^1]);
        Assert.Equal(1, sink.MostAtOnce);
        Assert.Equal(total, Committed(cluster.BootstrapServers, "pipelining", 3).Values.Sum());
    }

    private static SourceIr Source() => StreamSpecs.Events(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2)) is var s
        ? s with { Options = s.Options with { Connection = "bus" } } : null!;

    private static IEnumerable<string> Events(int count)
    {
        var start = new DateTime(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < count; i++)
            yield return $"{{\"key\": \"k{i % 7}\", \"amount\": {i}, \"ts\": \"{start.AddSeconds(i * 3).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}\"}}";
    }

    /// <summary>The group's committed offsets (partitions with none left out), read without joining the group.</summary>
    private static Dictionary<int, long> Committed(string brokers, string group, int partitions)
    {
        using var reader = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = brokers, GroupId = group, EnableAutoCommit = false }).Build();
        return reader.Committed(Enumerable.Range(0, partitions).Select(p => new TopicPartition("events", p)), TimeSpan.FromSeconds(10))
            .Where(o => o.Offset.Value >= 0).ToDictionary(o => o.Partition.Value, o => o.Offset.Value);
    }

    /// <summary>A sink whose first write waits until the test releases it; it records what each checkpoint covers and how many writes overlap.</summary>
    private sealed class GatedSink : ISpeedSink
    {
        private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<long> covered = [];
        private int writing;

        public Task FirstWriteStarted => started.Task;
        public int MostAtOnce { get; private set; }

        /// <summary>Per checkpoint, the events read by then (the sum of next offsets; every partition starts at 0).</summary>
        public List<long> EventsCovered
        {
            get { lock (covered) return [.. covered]; }
        }

        public void Release() => gate.TrySetResult();

        public string Name => "gated";
        public IReadOnlyCollection<string> Views => [];
        public bool StoresOffsets => false;
        public Task PrepareAsync(CancellationToken cancellation) => Task.CompletedTask;
        public Task<StoredCheckpoint?> LoadAsync(string group, string topic, string shard, CancellationToken cancellation) => Task.FromResult<StoredCheckpoint?>(null);

        public async Task WriteAsync(SpeedCheckpoint checkpoint, CancellationToken cancellation)
        {
            var now = Interlocked.Increment(ref writing);
            lock (covered) MostAtOnce = Math.Max(MostAtOnce, now);
            try
            {
                started.TrySetResult();
                await gate.Task.ConfigureAwait(false);
                lock (covered) covered.Add(checkpoint.Offsets.Values.Sum());
            }
            finally
            {
                Interlocked.Decrement(ref writing);
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
