using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;

namespace Pulse.Runtime.Streaming.Kafka;

/// <summary>
/// Writes a source's <c>replay</c> NDJSON file into its topic, one message per non-blank line, in file
/// order, keyed by the source's <c>key</c> field (its raw JSON value) so that a key's events share a
/// partition as a real producer would send them. Lines are sent as they are, even broken ones: the
/// consumer path judges them like any other event. Partitioning is murmur2 (the Java client's), so a
/// replay puts every message at the same partition and offset every time.
/// </summary>
public static class ReplayProducer
{
    /// <summary>What a message costs a mock partition beyond its key and value (batch and record headers), generously.</summary>
    private const int RecordOverhead = 80;

    /// <summary>The most one mock partition should hold: well under its ~5 MiB, past which it drops old events silently.</summary>
    private const long PartitionBudget = 4L * 1024 * 1024;

    /// <summary>
    /// The fewest partitions (at least <paramref name="minimum"/>) over which the file's events, spread by
    /// their keys exactly as the producer will spread them (murmur2), leave every partition within budget.
    /// Keys are rarely even (a handful of markets), so this looks at the real keys rather than the file size.
    /// </summary>
    public static int PartitionsFor(string path, SourceIr source, int minimum = 4)
    {
        var keyName = KeyName(source);
        var bytesByKey = new Dictionary<string, long>(StringComparer.Ordinal);
        long unkeyed = 0;
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var value = Encoding.UTF8.GetBytes(line);
            var key = keyName is null ? null : KeyOf(value, keyName);
            var size = value.Length + (key?.Length ?? 0) + RecordOverhead;
            if (key is null) unkeyed += size;
            else
            {
                var text = Convert.ToBase64String(key);
                bytesByKey[text] = bytesByKey.GetValueOrDefault(text) + size;
            }
        }
        var keys = bytesByKey.Select(k => (Key: Convert.FromBase64String(k.Key), Bytes: k.Value)).ToList();
        for (var partitions = Math.Max(1, minimum); partitions <= 1024; partitions++)
        {
            var load = new long[partitions];
            // Messages without a key all go to one partition under murmur2; partition 0 stands in for it.
            load[0] += unkeyed;
            foreach (var (key, bytes) in keys) load[Murmur2.Partition(key, partitions)] += bytes;
            if (load.Max() <= PartitionBudget) return partitions;
        }
        throw new PulseRunException(RunError.At(source.Origin, SpeedCodes.ReplayMissing,
            $"kafka source {source.Name}: one key of the replay file {source.Options.Replay} holds more than the in-process Kafka keeps per partition (~5 MiB)",
            "use a smaller replay file locally, or point the connection at a Kafka cluster"));
    }

    private static byte[]? KeyName(SourceIr source) =>
        source.Options.KeyField is { } key ? Encoding.UTF8.GetBytes(source.InputFields.FirstOrDefault(f => f.Name == key)?.ReadFrom ?? key) : null;

    public static long Produce(string bootstrapServers, string topic, SourceIr source, string path, CancellationToken cancellation)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = true,
            LingerMs = 5,
            BatchSize = 1_000_000,
            QueueBufferingMaxMessages = 1_000_000,
            Partitioner = Partitioner.Murmur2,
            ClientId = "pulse-replay",
        };
        var keyName = KeyName(source);
        long sent = 0;
        Error? failure = null;
        using var producer = new ProducerBuilder<byte[]?, byte[]>(config).Build();
        Action<DeliveryReport<byte[]?, byte[]>> delivered = report => { if (report.Error.IsError) failure ??= report.Error; };
        foreach (var line in File.ReadLines(path))
        {
            cancellation.ThrowIfCancellationRequested();
            if (string.IsNullOrWhiteSpace(line)) continue;
            var value = Encoding.UTF8.GetBytes(line.TrimEnd('\r'));
            var message = new Message<byte[]?, byte[]> { Key = keyName is null ? null : KeyOf(value, keyName), Value = value };
            while (true)
            {
                try
                {
                    producer.Produce(topic, message, delivered);
                    break;
                }
                catch (ProduceException<byte[]?, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(50));
                }
            }
            sent++;
        }
        producer.Flush(cancellation);
        if (failure is not null)
            throw new PulseRunException(RunError.At(source.Origin, SpeedCodes.KafkaFailed,
                $"replaying {path} into topic {topic} failed: {failure.Reason}", "check the local Kafka (mock cluster) is running"));
        return sent;
    }

    /// <summary>
    /// Checks that the topic still holds every replayed event: a mock partition over its capacity drops old
    /// events without a word, and a local run must never lose events silently.
    /// </summary>
    public static void VerifyKept(string bootstrapServers, string topic, int partitions, long sent, SourceIr source)
    {
        using var probe = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "pulse-replay-check" }).Build();
        long kept = 0;
        var dropped = false;
        for (var p = 0; p < partitions; p++)
        {
            var marks = probe.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10));
            dropped |= marks.Low.Value > 0;
            kept += marks.High.Value - Math.Max(marks.Low.Value, 0);
        }
        if (dropped || kept != sent)
            throw new PulseRunException(RunError.At(source.Origin, SpeedCodes.ReplayMissing,
                $"kafka source {source.Name}: the in-process Kafka kept {kept} of the {sent} replayed events (a partition went over its ~5 MiB)",
                "run with more local partitions, a smaller replay file, or a real Kafka"));
    }

    /// <summary>The key field's value as message key bytes: a string's text, any other JSON value's raw text; null when absent or unreadable.</summary>
    public static byte[]? KeyOf(ReadOnlySpan<byte> json, byte[] keyName)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var match = reader.ValueTextEquals(keyName);
                reader.Read();
                if (!match) { reader.Skip(); continue; }
                return reader.TokenType switch
                {
                    JsonTokenType.Null => null,
                    JsonTokenType.String => Encoding.UTF8.GetBytes(reader.GetString() ?? ""),
                    JsonTokenType.StartObject or JsonTokenType.StartArray => null,
                    _ => reader.ValueSpan.ToArray(),
                };
            }
        }
        catch (JsonException) { }
        return null;
    }
}
