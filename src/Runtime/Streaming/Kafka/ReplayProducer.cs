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
    /// <summary>Enough partitions for the file to fit the mock's ~5 MiB per partition twice over, at least <paramref name="minimum"/>.</summary>
    public static int PartitionsFor(string path, int minimum = 4)
    {
        var bytes = new FileInfo(path).Length;
        var needed = (int)Math.Ceiling(bytes * 2.0 / MockKafkaCluster.PartitionCapacityBytes);
        return Math.Max(minimum, needed);
    }

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
        var keyField = source.Options.KeyField is { } key
            ? source.InputFields.FirstOrDefault(f => f.Name == key)?.ReadFrom ?? key
            : null;
        var keyName = keyField is null ? null : Encoding.UTF8.GetBytes(keyField);
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
