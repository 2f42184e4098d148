using Confluent.Kafka;

namespace Pulse.Bench.Speed;

/// <summary>
/// A plain Confluent.Kafka consume loop over every partition of a topic, from the beginning to the end
/// (partition EOF on all): the bare floor of the speed suite, and the loop of the hand-written consumer.
/// fetch.queue.backoff.ms is tuned to 10 ms as in the speed layer (librdkafka's 1 s default stalls
/// fetching between batches), so the floor is not made slow on purpose.
/// </summary>
public static class TopicReader
{
    /// <summary>
    /// Diagnostic (<c>speed --lean-clients true</c>): the bare loop and the hand-written consumer also skip copying each
    /// message's topic name, timestamp and headers, as the speed layer's consumer does (ConsumeResultFields none).
    /// </summary>
    public static bool Lean { get; set; }

    public static ConsumerConfig Config(string bootstrapServers, string group) => new()
    {
        BootstrapServers = bootstrapServers,
        GroupId = group,
        ClientId = "pulse-bench",
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnablePartitionEof = true,
        FetchQueueBackoffMs = 10,
        ConsumeResultFields = Lean ? "none" : "all",
    };

    /// <summary>Reads every message of the topic once, calling <paramref name="handle"/> on each; returns the next offset per partition.</summary>
    public static List<TopicPartitionOffset> ReadAll(IConsumer<Ignore, byte[]> consumer, string topic, int partitions, Action<ConsumeResult<Ignore, byte[]>> handle)
    {
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var ended = new HashSet<int>();
        var next = new Dictionary<int, long>();
        while (ended.Count < partitions)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is null) continue;
            if (result.IsPartitionEOF)
            {
                ended.Add(result.Partition.Value);
                continue;
            }
            ended.Remove(result.Partition.Value);
            handle(result);
            next[result.Partition.Value] = result.Offset.Value + 1;
        }
        return [.. next.OrderBy(n => n.Key).Select(n => new TopicPartitionOffset(topic, n.Key, n.Value))];
    }

    /// <summary>The bare loop: consume and touch each message (its length), nothing else.</summary>
    public static (long Messages, long Bytes) Bare(string bootstrapServers, string topic, int partitions, string group)
    {
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(Config(bootstrapServers, group)).Build();
        long messages = 0, bytes = 0;
        ReadAll(consumer, topic, partitions, result =>
        {
            messages++;
            bytes += result.Message.Value.Length;
        });
        consumer.Close();
        return (messages, bytes);
    }
}
