using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Pulse.Runtime.Execution;

namespace Pulse.Runtime.Streaming.Sinks;

/// <summary>
/// Keeps what a local kafka sink produced. The in-process cluster lives only as long as `pulse run`, so when
/// the speed layer ends, the sink's topic is read back from it, from the first offset to the end, by an
/// ordinary consumer, and written as <c>kafka/&lt;topic&gt;.ndjson</c> in the state directory: one line per
/// message, <c>{"partition", "offset", "key", "value"}</c>, the value being the message's JSON row. The file
/// is replaced whole (written next to it, then renamed), so it holds exactly this run's messages.
/// </summary>
public static class LocalTopicCopy
{
    public const string Folder = "kafka";

    /// <summary>The file a topic is kept in (a safe name for any topic).</summary>
    public static string PathFor(string stateDirectory, string topic) => Path.Combine(stateDirectory, Folder, FileName(topic) + ".ndjson");

    /// <summary>Copies <paramref name="topic"/> into its file; returns the number of messages, and whether the cluster had dropped any (a partition over its size).</summary>
    public static (long Messages, bool Truncated) Write(string bootstrapServers, string topic, string path, CancellationToken cancellation)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "pulse-local-topic-copy",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            FetchQueueBackoffMs = 10,
        };
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
        var metadata = PartitionsOf(bootstrapServers, topic);
        var ends = new Dictionary<int, long>();
        var truncated = false;
        foreach (var partition in metadata)
        {
            var marks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition), TimeSpan.FromSeconds(10));
            truncated |= marks.Low.Value > 0;
            if (marks.High.Value > Math.Max(marks.Low.Value, 0)) ends[partition] = marks.High.Value;
        }
        var lines = new SortedDictionary<(int Partition, long Offset), string>();
        if (ends.Count > 0)
        {
            consumer.Assign(ends.Keys.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
            var remaining = new HashSet<int>(ends.Keys);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (remaining.Count > 0)
            {
                cancellation.ThrowIfCancellationRequested();
                if (DateTime.UtcNow > deadline)
                    throw new PulseRunException(RunError.At(null, SpeedCodes.KafkaFailed, $"reading back the local topic {topic} timed out",
                        "the in-process Kafka did not deliver its messages; run again, or point the sink's connection at a Kafka cluster"));
                var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (result is null) continue;
                var partition = result.Partition.Value;
                if (!result.IsPartitionEOF) lines[(partition, result.Offset.Value)] = Line(result);
                if (result.Offset.Value + (result.IsPartitionEOF ? 0 : 1) >= ends[partition]) remaining.Remove(partition);
            }
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var staging = path + ".pulse-new";
        File.WriteAllText(staging, string.Concat(lines.Values.Select(l => l + "\n")), new UTF8Encoding(false));
        File.Move(staging, path, overwrite: true);
        return (lines.Count, truncated);
    }

    private static List<int> PartitionsOf(string bootstrapServers, string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var found = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.FirstOrDefault(t => t.Topic == topic);
        return found is null || found.Error.IsError ? [] : [.. found.Partitions.Select(p => p.PartitionId).Order()];
    }

    private static string Line(ConsumeResult<byte[]?, byte[]?> result)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("partition", result.Partition.Value);
            writer.WriteNumber("offset", result.Offset.Value);
            writer.WritePropertyName("key");
            if (result.Message.Key is { } key) writer.WriteStringValue(Encoding.UTF8.GetString(key));
            else writer.WriteNullValue();
            writer.WritePropertyName("value");
            if (result.Message.Value is { Length: > 0 } value) writer.WriteRawValue(value);
            else writer.WriteNullValue();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Topic names are letters, digits, '.', '_' and '-' (PULSE4004); a sink name used as the topic may hold anything else, escaped here.</summary>
    private static string FileName(string topic)
    {
        var safe = new StringBuilder();
        foreach (var c in topic) safe.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' ? c : "~" + ((int)c).ToString("x", CultureInfo.InvariantCulture));
        var text = safe.ToString();
        if (text != topic || text is "." or "..") text += "-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(topic)))[..8].ToLowerInvariant();
        return text;
    }
}
