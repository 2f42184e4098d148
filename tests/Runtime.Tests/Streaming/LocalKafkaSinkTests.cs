using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Semantics;
using Pulse.Language.Text;
using Pulse.Runtime.Streaming;
using Pulse.Runtime.Streaming.Kafka;
using Pulse.Runtime.Streaming.Sinks;
using Pulse.Runtime.Tests.Fixtures;

namespace Pulse.Runtime.Tests.Streaming;

/// <summary>
/// A kafka sink of a speed view: locally its messages go to the topic on the in-process cluster at every
/// checkpoint and are kept in the state directory when the run ends; with a configured Kafka they go there.
/// Either way the messages (keys and JSON rows) are the view's rows, and the run's sink table says so.
/// </summary>
public sealed class LocalKafkaSinkTests : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>Every row a checkpoint gave one view, as the sink serialises it (a JSON object), with the sink's key.</summary>
    private sealed class RowsOf(SinkIr sink) : ISpeedSink
    {
        private readonly Lock gate = new();
        private readonly int key = sink.Schema.Columns.Select(c => c.Name).ToList().IndexOf(sink.Key[0]);
        public List<(string? Key, string Value)> Messages { get; } = [];
        public string Name => "rows of " + sink.From;
        public IReadOnlyCollection<string> Views => [sink.From];
        public bool StoresOffsets => false;
        public Task PrepareAsync(CancellationToken cancellation) => Task.CompletedTask;
        public Task<StoredCheckpoint?> LoadAsync(string group, string topic, string shard, CancellationToken cancellation) => Task.FromResult<StoredCheckpoint?>(null);

        public Task WriteAsync(SpeedCheckpoint checkpoint, CancellationToken cancellation)
        {
            if (!checkpoint.Output.Rows.TryGetValue(sink.From, out var rows)) return Task.CompletedTask;
            lock (gate) Messages.AddRange(rows.Select(r => (r[key] as string, Encoding.UTF8.GetString(RowJson.Write(sink.Schema, r)))));
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private static string Normal(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);

    private static List<string> Sorted(IEnumerable<(string? Key, string Value)> messages) =>
        [.. messages.Select(m => $"{m.Key ?? "∅"} {Normal(m.Value)}").Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Locally_the_visits_topic_holds_the_visits_rows_keyed_by_visitor_and_the_summary_counts_them()
    {
        var pipeline = Examples.Lower("clickstream.pulse");
        var sink = pipeline.Sinks.Single(s => s.Name == "visits_topic");
        var expected = new RowsOf(sink);

        var result = await SpeedLayerRunner.RunAsync(pipeline, new SpeedRunOptions { Now = Runs.Now, StateDirectory = temp.State, ExtraSinks = [expected] });

        Assert.True(result.Error is null, result.Error?.ToString());
        Assert.True(expected.Messages.Count > 10, $"only {expected.Messages.Count} visits");
        Assert.Equal(result.View("visits")!.RowsEmitted, expected.Messages.Count);
        var report = Assert.Single(result.Sinks, s => s.Name == "visits_topic");
        Assert.Equal(("kafka", expected.Messages.Count, false), (report.Kind, report.RowsWritten, report.Skipped));
        Assert.Equal("kafka/visits.ndjson (topic visits, in-process Kafka)", report.Target);
        Assert.DoesNotContain(result.Warnings, w => w.Message.Contains("visits_topic", StringComparison.Ordinal));

        // The file is the topic read back by a consumer when the run ended: partition, offset, key, value per message.
        var lines = File.ReadAllLines(LocalTopicCopy.PathFor(temp.State, "visits")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var messages = lines.Select(l => (l.GetProperty("key").GetString(), l.GetProperty("value").GetRawText())).ToList();
        Assert.Equal(Sorted(expected.Messages), Sorted(messages));
        Assert.All(lines, l => Assert.Equal(l.GetProperty("key").GetString(), l.GetProperty("value").GetProperty("visitor_id").GetString()));
        // A visitor's visits share a partition (keyed), in the order the speed layer emitted them.
        foreach (var visitor in lines.GroupBy(l => l.GetProperty("key").GetString()))
            Assert.Single(visitor.Select(l => l.GetProperty("partition").GetInt32()).Distinct());
        Assert.Equal(lines.Count, lines.Select(l => (l.GetProperty("partition").GetInt32(), l.GetProperty("offset").GetInt64())).Distinct().Count());
    }

    [Fact]
    public async Task Running_twice_locally_keeps_the_same_messages()
    {
        var pipeline = Examples.Lower("clickstream.pulse");
        var options = new SpeedRunOptions { Now = Runs.Now, StateDirectory = temp.State };
        Assert.Null((await SpeedLayerRunner.RunAsync(pipeline, options)).Error);
        var first = File.ReadAllLines(LocalTopicCopy.PathFor(temp.State, "visits"));
        Assert.Null((await SpeedLayerRunner.RunAsync(pipeline, options)).Error);
        var second = File.ReadAllLines(LocalTopicCopy.PathFor(temp.State, "visits"));
        Assert.NotEmpty(first);
        Assert.Equal(first.Length, second.Length);
        Assert.Equal(first.Select(Strip).Order(StringComparer.Ordinal), second.Select(Strip).Order(StringComparer.Ordinal));

        // Partition and offset depend on the run's interleaving; key and value do not.
        static string Strip(string line)
        {
            var element = JsonDocument.Parse(line).RootElement;
            return element.GetProperty("key").GetString() + " " + Normal(element.GetProperty("value").GetRawText());
        }
    }

    [Fact]
    public async Task With_a_configured_kafka_the_messages_go_to_its_topic()
    {
        using var cluster = MockKafkaCluster.Start();
        cluster.CreateTopic("visits", 2);
        var text = File.ReadAllText(Path.Combine(Repo.PipelinesDirectory, "clickstream.pulse"))
            .Replace("  connection = bus\n  topic = \"visits\"", "  connection = out\n  topic = \"visits\"", StringComparison.Ordinal)
            + "\nconnection out: kafka {\n  brokers = env(\"OUT_BROKERS\")\n}\n";
        Assert.Contains("connection = out", text, StringComparison.Ordinal);
        var compilation = Compilation.Create([new SourceText(Path.Combine(Repo.PipelinesDirectory, "clickstream-out.pulse"), text)]);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == Language.Diagnostics.DiagnosticSeverity.Error));
        var pipeline = compilation.Lower("local");
        var expected = new RowsOf(pipeline.Sinks.Single(s => s.Name == "visits_topic"));

        var result = await SpeedLayerRunner.RunAsync(pipeline, new SpeedRunOptions
        {
            Now = Runs.Now,
            ExtraSinks = [expected],
            ConnectionOverrides = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["out"] = new Dictionary<string, string> { ["brokers"] = cluster.BootstrapServers } },
        });

        Assert.True(result.Error is null, result.Error?.ToString());
        var report = Assert.Single(result.Sinks, s => s.Name == "visits_topic");
        Assert.Equal(("topic visits", (long)expected.Messages.Count), (report.Target, report.RowsWritten));
        Assert.Equal(Sorted(expected.Messages), Sorted(ReadAll(cluster.BootstrapServers, "visits", 2)));
    }

    /// <summary>Every message of the topic, read by a plain consumer from the first offset to the end of each partition.</summary>
    private static List<(string? Key, string Value)> ReadAll(string brokers, string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig { BootstrapServers = brokers, GroupId = "test-read", EnablePartitionEof = true }).Build();
        var ends = Enumerable.Range(0, partitions).ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value);
        consumer.Assign(ends.Where(e => e.Value > 0).Select(e => new TopicPartitionOffset(topic, e.Key, Offset.Beginning)));
        var open = ends.Where(e => e.Value > 0).Select(e => e.Key).ToHashSet();
        var messages = new List<(string?, string)>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (open.Count > 0 && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null) continue;
            if (!result.IsPartitionEOF)
                messages.Add((result.Message.Key is { } key ? Encoding.UTF8.GetString(key) : null, Encoding.UTF8.GetString(result.Message.Value)));
            if (result.IsPartitionEOF || result.Offset.Value + 1 >= ends[result.Partition.Value]) open.Remove(result.Partition.Value);
        }
        Assert.Empty(open);
        return messages;
    }
}
