using System.Text;
using Confluent.Kafka;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Expressions;

namespace Pulse.Runtime.Streaming.Sinks;

/// <summary>
/// A kafka sink of a speed view: each emitted row becomes one JSON message (see <see cref="RowJson"/>) keyed by
/// the sink's <c>key</c> column. Every checkpoint waits until the brokers acknowledged all messages before
/// offsets move on, so nothing is lost; after a crash, rows of the last unfinished checkpoint may be sent
/// again (at-least-once; consumers dedupe by key and window).
/// </summary>
public sealed class KafkaSpeedSink(SinkIr sink, string bootstrapServers, Action<ClientConfig>? secure = null) : ISpeedSink
{
    private IProducer<byte[]?, byte[]>? producer;
    private Error? failure;
    private readonly int keyColumn = sink.Key.IsDefaultOrEmpty ? -1 : sink.Schema.Columns.Select((c, i) => (c, i)).First(x => x.c.Name == sink.Key[0]).i;

    public string Name => $"kafka {sink.Topic}";
    public IReadOnlyCollection<string> Views => [sink.From];
    public bool StoresOffsets => false;

    public Task PrepareAsync(CancellationToken cancellation)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = true,
            LingerMs = 5,
            ClientId = "pulse-speed-sink",
        };
        secure?.Invoke(config);
        producer = new ProducerBuilder<byte[]?, byte[]>(config).Build();
        return Task.CompletedTask;
    }

    public Task<StoredCheckpoint?> LoadAsync(string group, string topic, string shard, CancellationToken cancellation) => Task.FromResult<StoredCheckpoint?>(null);

    public Task WriteAsync(SpeedCheckpoint checkpoint, CancellationToken cancellation)
    {
        if (!checkpoint.Output.Rows.TryGetValue(sink.From, out var rows) || rows.Count == 0) return Task.CompletedTask;
        var topic = sink.Topic ?? sink.Name;
        foreach (var row in rows)
        {
            var key = keyColumn < 0 || row[keyColumn] is not { } k ? null : Encoding.UTF8.GetBytes(k as string ?? ValueText.Json(k));
            var message = new Message<byte[]?, byte[]> { Key = key, Value = RowJson.Write(sink.Schema, row) };
            while (true)
            {
                try
                {
                    producer!.Produce(topic, message, report => { if (report.Error.IsError) failure ??= report.Error; });
                    break;
                }
                catch (ProduceException<byte[]?, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer!.Poll(TimeSpan.FromMilliseconds(20));
                }
            }
        }
        producer!.Flush(cancellation);
        if (failure is { } error)
            throw new PulseRunException(RunError.At(sink.Origin, SpeedCodes.KafkaFailed, $"sink {sink.Name}: writing to topic {topic} failed: {error.Reason}",
                "check the brokers and that the topic exists"));
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        producer?.Dispose();
        return ValueTask.CompletedTask;
    }
}
