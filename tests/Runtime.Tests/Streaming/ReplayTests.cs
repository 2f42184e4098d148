using System.Text;
using Confluent.Kafka;
using Pulse.Runtime.Streaming.Kafka;
using Pulse.Runtime.Tests.Fixtures;
using Pulse.Runtime.Tests.StreamingFixtures;

namespace Pulse.Runtime.Tests.Streaming;

/// <summary>The local replay: keyed like a real producer, partitioned predictably, never silently truncated by the mock.</summary>
public sealed class ReplayTests : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("21", -973932308)]
    [InlineData("foobar", -790332482)]
    [InlineData("a-little-bit-long-string", -985981536)]
    [InlineData("a-little-bit-longer-string", -1486304829)]
    [InlineData("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971)]
    [InlineData("abc", 479470107)]
    public void Murmur2_matches_kafkas_java_client(string key, int expected)
    {
        Assert.Equal(expected, Murmur2.Hash(Encoding.UTF8.GetBytes(key)));
    }

    [Fact]
    public void The_replay_keys_messages_by_the_key_field_and_they_land_where_murmur2_says_in_file_order()
    {
        using var cluster = MockKafkaCluster.Start();
        cluster.CreateTopic("food-prices", 5);
        var file = Path.Combine(Repo.PipelinesDirectory, "data", "food_prices.ndjson");
        var sent = ReplayProducer.Produce(cluster.BootstrapServers, "food-prices", StreamSpecs.FoodPrices(), file, CancellationToken.None);
        var lines = File.ReadAllLines(file).Where(l => l.Trim().Length > 0).ToList();
        Assert.Equal(lines.Count, sent);

        using var consumer = new ConsumerBuilder<byte[], string>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = "check", EnablePartitionEof = true }).Build();
        consumer.Assign(Enumerable.Range(0, 5).Select(p => new TopicPartitionOffset("food-prices", p, Offset.Beginning)));
        var byPartition = new Dictionary<int, List<string>>();
        var ended = 0;
        while (ended < 5)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(10)) ?? throw new TimeoutException();
            if (result.IsPartitionEOF) { ended++; continue; }
            var market = System.Text.Json.JsonDocument.Parse(result.Message.Value).RootElement.GetProperty("market").GetString()!;
            Assert.Equal(market, Encoding.UTF8.GetString(result.Message.Key));
            Assert.Equal(Murmur2.Partition(result.Message.Key, 5), result.Partition.Value);
            (byPartition.TryGetValue(result.Partition.Value, out var list) ? list : byPartition[result.Partition.Value] = []).Add(result.Message.Value);
        }
        Assert.Equal(lines.Count, byPartition.Values.Sum(l => l.Count));
        foreach (var (partition, values) in byPartition)
            Assert.Equal(lines.Where(l => values.Contains(l)).Distinct().Count(), values.Distinct().Count());
    }

    [Fact]
    public void Partitions_are_sized_by_the_real_keys_so_a_few_hot_keys_do_not_overflow_a_mock_partition()
    {
        // 9.5 MB under 3 keys (3.2 MB each): by file size alone 4 partitions would do, but no two keys may share one.
        var line = "{\"market\": \"M{0}\", \"country\": \"C\", \"commodity\": \"maize\", \"price_usd\": 0.4, \"unit\": \"kg\", \"observed_at\": \"2024-06-01T00:00:00Z\", \"pad\": \"" + new string('x', 900) + "\"}";
        var file = temp.Write("hot.ndjson", string.Join("\n", Enumerable.Range(0, 9_000).Select(i => line.Replace("{0}", (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture)))));
        var source = StreamSpecs.FoodPrices();
        var partitions = ReplayProducer.PartitionsFor(file, source);
        var keys = Enumerable.Range(0, 3).Select(i => Encoding.UTF8.GetBytes("M" + i)).ToList();
        Assert.Equal(3, keys.Select(k => Murmur2.Partition(k, partitions)).Distinct().Count());

        using var cluster = MockKafkaCluster.Start();
        cluster.CreateTopic("t", partitions);
        var sent = ReplayProducer.Produce(cluster.BootstrapServers, "t", source, file, CancellationToken.None);
        ReplayProducer.VerifyKept(cluster.BootstrapServers, "t", partitions, sent, source);
    }

    [Fact]
    public void A_mock_partition_that_dropped_events_is_noticed()
    {
        var line = "{\"market\": \"M\", \"pad\": \"" + new string('x', 2000) + "\"}";
        var file = temp.Write("one-key.ndjson", string.Join("\n", Enumerable.Repeat(line, 4000)));
        var source = StreamSpecs.FoodPrices();
        using var cluster = MockKafkaCluster.Start();
        cluster.CreateTopic("t", 2);
        var sent = ReplayProducer.Produce(cluster.BootstrapServers, "t", source, file, CancellationToken.None);
        var error = Assert.Throws<Pulse.Runtime.Execution.PulseRunException>(() => ReplayProducer.VerifyKept(cluster.BootstrapServers, "t", 2, sent, source));
        Assert.Contains($"of the {sent} replayed events", error.Error.Message);
        Assert.Throws<Pulse.Runtime.Execution.PulseRunException>(() => ReplayProducer.PartitionsFor(file, source));
    }
}
