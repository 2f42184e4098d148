using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Streaming;
using Pulse.Runtime.Streaming.Kafka;
using Pulse.Runtime.Streaming.Processing;
using Pulse.Runtime.Tests.Fixtures;
using Pulse.Runtime.Tests.StreamingFixtures;
using Xunit.Abstractions;

namespace Pulse.Runtime.Tests.Streaming;

/// <summary>Runs only when PULSE_SPEED_MEASURE=1: a measurement, not a timed test (it asserts counts, never times).</summary>
public sealed class MeasureFactAttribute : FactAttribute
{
    public MeasureFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("PULSE_SPEED_MEASURE") != "1") Skip = "set PULSE_SPEED_MEASURE=1 to measure speed-layer throughput";
    }
}

/// <summary>
/// Events per second of (1) a bare consume loop, (2) the whole speed layer (consume, parse, clean, window,
/// checkpoint) and (3) parse+clean+window alone, on the flagship replay repeated with shifted event times,
/// all in the same process against the same in-process Kafka topic.
/// </summary>
public sealed class ThroughputMeasurement(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    [MeasureFact]
    public async Task Flagship_replay_throughput()
    {
        var copies = int.TryParse(Environment.GetEnvironmentVariable("PULSE_SPEED_COPIES"), out var c) ? c : 40;
        var lines = File.ReadAllLines(Path.Combine(Repo.PipelinesDirectory, "data", "food_prices.ndjson")).Where(l => l.Trim().Length > 0).ToList();
        var stream = new List<string>(lines.Count * copies);
        for (var k = 0; k < copies; k++)
            foreach (var line in lines)
            {
                if (k == 0 || JsonNode.Parse(line) is not JsonObject json || json["observed_at"]?.GetValue<string>() is not { } at) { stream.Add(line); continue; }
                // Later copies are more markets (a bigger stream has more keys) two days later each.
                json["market"] = json["market"]?.GetValue<string>() + "#" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
                json["observed_at"] = DateTime.Parse(at, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal)
                    .AddDays(2 * k).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
                stream.Add(json.ToJsonString());
            }
        var file = temp.Write("food_prices_x.ndjson", string.Join("\n", stream));
        var source = StreamSpecs.FoodPrices();
        using var cluster = MockKafkaCluster.Start();
        var partitions = ReplayProducer.PartitionsFor(file, source);
        cluster.CreateTopic("food-prices", partitions);
        var produce = Stopwatch.StartNew();
        var total = ReplayProducer.Produce(cluster.BootstrapServers, "food-prices", source, file, CancellationToken.None);
        output.WriteLine($"{total} events ({new FileInfo(file).Length / 1e6:F1} MB) into {partitions} partitions in {produce.Elapsed.TotalSeconds:F2}s = {total / produce.Elapsed.TotalSeconds:N0} events/s produced");

        foreach (var backoff in new[] { 10, 1000 })
        {
            var (count, seconds) = BareLoop(cluster.BootstrapServers, partitions, backoff);
            Assert.Equal(total, count);
            output.WriteLine($"bare consume loop, fetch.queue.backoff.ms={backoff}: {count / seconds:N0} events/s ({seconds:F2}s)");
        }

        var pipeline = new PipelineBuilder("world_hunger", Repo.PipelinesDirectory)
            .Connection("events", ConnectionKind.Kafka, embedded: true).Source(source).View(StreamSpecs.LiveFoodPrices(source)).Build();
        var clock = Stopwatch.StartNew();
        var result = await SpeedLayerRunner.RunAsync(pipeline, new SpeedRunOptions
        {
            StopAtEnd = true, ConsumerGroup = "measure",
            ConnectionOverrides = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["events"] = new Dictionary<string, string> { ["brokers"] = cluster.BootstrapServers } },
        });
        var runSeconds = clock.Elapsed.TotalSeconds;
        Assert.True(result.Error is null, result.Error?.ToString());
        Assert.Equal(total, result.Sources[0].Read);
        output.WriteLine($"speed layer (consume, parse, clean, window, checkpoint): {total / runSeconds:N0} events/s ({runSeconds:F2}s, {result.Sources[0].Checkpoints} checkpoints, {result.Views[0].RowsEmitted} windows)");

        var values = stream.Select(Encoding.UTF8.GetBytes).ToList();
        for (var round = 0; round < 2; round++)
        {
            var processor = new SourceProcessor(source, [StreamSpecs.LiveFoodPrices(source)], DateTime.UtcNow);
            var cpu = Stopwatch.StartNew();
            for (var i = 0; i < values.Count; i++)
            {
                processor.Process(0, i, values[i]);
                if ((i & 255) == 0) processor.EmitDue();
            }
            processor.EmitAll();
            var emitted = processor.TakeOutput().RowCount;
            output.WriteLine($"parse+clean+window only (round {round + 1}): {values.Count / cpu.Elapsed.TotalSeconds:N0} events/s ({emitted} windows)");
        }
    }

    private static (long Count, double Seconds) BareLoop(string brokers, int partitions, int backoff)
    {
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(new ConsumerConfig
        {
            BootstrapServers = brokers, GroupId = "bare-" + backoff, EnableAutoCommit = false, EnablePartitionEof = true, FetchQueueBackoffMs = backoff,
        }).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset("food-prices", p, Offset.Beginning)));
        var ended = new HashSet<int>();
        long count = 0;
        Stopwatch? clock = null;
        while (ended.Count < partitions)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is null) continue;
            if (result.IsPartitionEOF) { ended.Add(result.Partition.Value); continue; }
            clock ??= Stopwatch.StartNew();
            count++;
        }
        return (count, clock!.Elapsed.TotalSeconds);
    }
}
