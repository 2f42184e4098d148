using System.Text;
using Confluent.Kafka;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Expressions;
using Pulse.Runtime.Streaming.Sinks;

namespace Pulse.Consumer;

/// <summary>
/// A Kafka sink: each row becomes one JSON message (<see cref="RowJson"/>, what <c>pulse run</c> writes) keyed by
/// the sink's <c>key</c> column. The producer is idempotent (acks=all, no duplicates or reordering from its own
/// retries), and a write returns only when every message is acknowledged, so the checkpoint after it never stores
/// offsets of rows that are not in the topic. At-least-once across crashes: the PostgreSQL transaction is the
/// commit point, and a crash between the acknowledgement and that commit sends the checkpoint's rows again.
/// </summary>
public sealed class KafkaRowWriter : IRowSink
{
    private readonly IProducer<byte[]?, byte[]> producer;
    private readonly string view;
    private readonly string topic;
    private readonly RelSchema schema;
    private readonly int keySlot;
    private readonly Lock gate = new();
    private Error? failure;

    public KafkaRowWriter(string view, IReadOnlyList<Column> columns, SinkSettings settings)
    {
        this.view = view;
        Name = settings.Sink;
        topic = settings.Text("topic");
        schema = new RelSchema([.. columns]);
        keySlot = settings.OptionalText("key") is { } key ? columns.Select(c => c.Name).ToList().IndexOf(key) : -1;
        var config = new ProducerConfig { Acks = Acks.All, EnableIdempotence = true, LingerMs = 5, ClientId = "pulse-" + view + "-" + Name };
        ServiceSettings.ApplyKafka(config, settings.Setting, "sink " + Name);
        producer = new ProducerBuilder<byte[]?, byte[]>(config).Build();
    }

    public string Name { get; }

    public Task<IReadOnlyList<QuarantinedEvent>> WriteAsync(IReadOnlyList<object?[]> rows, CancellationToken cancellation)
    {
        foreach (var row in rows)
        {
            var key = keySlot < 0 || row[keySlot] is not { } k ? null : Encoding.UTF8.GetBytes(k as string ?? ValueText.Json(k));
            var message = new Message<byte[]?, byte[]> { Key = key, Value = RowJson.Write(schema, row) };
            while (true)
            {
                try
                {
                    producer.Produce(topic, message, Delivered);
                    break;
                }
                catch (ProduceException<byte[]?, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(20));
                }
            }
        }
        while (producer.Flush(TimeSpan.FromSeconds(1)) > 0) cancellation.ThrowIfCancellationRequested();
        lock (gate)
        {
            if (failure is { } error)
                throw new SinkFailedException($"sink {Name}: writing to topic {topic} failed: {error.Reason}");
        }
        SinkMetrics.Rows.WithLabels(view, Name).Inc(rows.Count);
        return Task.FromResult<IReadOnlyList<QuarantinedEvent>>([]);
    }

    private void Delivered(DeliveryReport<byte[]?, byte[]> report)
    {
        if (!report.Error.IsError) return;
        lock (gate) failure ??= report.Error;
    }

    public void Dispose() => producer.Dispose();
}
