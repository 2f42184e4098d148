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
/// again (at-least-once; consumers dedupe by key and window). Locally the topic lives in the run's in-process
/// cluster (<paramref name="local"/>), which <see cref="LocalTopicCopy"/> keeps as a file when the run ends.
/// </summary>
public sealed class KafkaSpeedSink(SinkIr sink, string bootstrapServers, Action<ClientConfig>? secure = null, bool local = false) : ISpeedSink
{
    private IProducer<byte[]?, byte[]>? producer;
    private Error? failure;
    private readonly int keyColumn = sink.Key.IsDefaultOrEmpty ? -1 : sink.Schema.Columns.Select((c, i) => (c, i)).First(x => x.c.Name == sink.Key[0]).i;
    private readonly System.Diagnostics.Stopwatch busy = new();
    private long rowsWritten;

    public string Name => $"kafka {Topic}";
    public IReadOnlyCollection<string> Views => [sink.From];
    public bool StoresOffsets => false;

    public SinkIr Sink => sink;
    public string Topic => sink.Topic ?? sink.Name;
    public bool Local => local;

    /// <summary>Where the rows went, when the run ends (the local copy of the topic, once <see cref="LocalTopicCopy"/> kept it).</summary>
    public string Target { get; set; } = local ? $"topic {sink.Topic ?? sink.Name} (in-process Kafka)" : $"topic {sink.Topic ?? sink.Name}";

    /// <summary>What the sink did in this run, for the run's sink table: messages the brokers acknowledged, time spent.</summary>
    public SinkReport Report => new(sink.Name, "kafka", Target, rowsWritten, 0, busy.Elapsed.TotalSeconds, null);

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
        var topic = Topic;
        busy.Start();
        try
        {
            Produce(rows, topic, cancellation);
        }
        finally
        {
            busy.Stop();
        }
        return Task.CompletedTask;
    }

    private void Produce(IReadOnlyList<object?[]> rows, string topic, CancellationToken cancellation)
    {
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
        rowsWritten += rows.Count;
    }

    public ValueTask DisposeAsync()
    {
        producer?.Dispose();
        return ValueTask.CompletedTask;
    }
}
