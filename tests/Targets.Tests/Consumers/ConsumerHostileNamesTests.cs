using System.Text.Json.Nodes;
using Pulse.Runtime.Streaming.Kafka;
using Pulse.Runtime.Streaming.Sinks;
using Pulse.Targets.Common;
using Pulse.Targets.Consumers;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Consumers;

/// <summary>
/// The hostile-names consumer (Consumers/Specs/hostile-consumer.pulse: quotes, spaces, reserved words and unicode in
/// the pipeline, source, columns, view, sinks, connection and secret names) run end to end: events with hostile
/// values through the mock Kafka cluster, checkpoints in the real PostgreSQL, documents into an index named with a
/// non-ASCII letter, messages onto a kafka sink. Its documents and messages must equal <c>pulse run</c>'s rows.
/// </summary>
[Collection(ConsumerBuildCollection.Name)]
public class ConsumerHostileNamesTests(ConsumerBuildFixture fixture)
{
    private const string View = "live \"counts\"";

    [PostgresFact]
    public async Task Hostile_names_and_values_reach_elasticsearch_and_kafka_as_the_speed_layer_writes_them()
    {
        var build = fixture.Builds[View];
        Assert.True(build is { ExitCode: 0, Assembly: not null }, "the consumer did not build:\n" + build.Output);
        var ir = ConsumerExamples.ForMockCluster(ConsumerExamples.Lower("hostile-consumer", "local"));
        var source = ir.Sources.Single(s => s.IsStream);
        var schema = ir.Views.Single(v => v.Name == View).Schema;
        var topicSink = ir.Sinks.Single(s => s.Kind == Compiler.Ir.SinkKind.Kafka);

        using var endpoint = ElasticsearchEndpoint.Start();
        var index = "hostile-café.v1-" + Guid.NewGuid().ToString("N")[..8];
        await endpoint.CreateIndexAsync(index, new JsonObject());
        try
        {
            var files = new ConsumersTarget().Emit(ir with { Sinks = [.. ir.Sinks.Select(s => s.Kind == Compiler.Ir.SinkKind.Elasticsearch ? s with { Index = index } : s)] },
                TargetOptions.Default);
            File.WriteAllText(build.Settings, files.Single(f => f.RelativePath.EndsWith("/appsettings.json", StringComparison.Ordinal)).Content);

            await using var database = await PgTestDatabase.CreateAsync();
            using var cluster = MockKafkaCluster.Start();
            cluster.CreateTopic(source.Options.Topic!, 2);
            cluster.CreateTopic(topicSink.Topic!, 1);
            cluster.CreateTopic("hostile.counts-reference", 1);
            var events = Path.Combine(Path.GetTempPath(), "pulse-hostile-" + Guid.NewGuid().ToString("N")[..8] + ".ndjson");
            File.WriteAllLines(events,
            [
                """{"select": "a\"b", "café": " Crème ", "it's \"quoted\"": 1.5, "end": "2024-01-01T09:00:10Z"}""",
                """{"select": "a\"b", "café": "'; DROP TABLE y; --", "it's \"quoted\"": 2.25, "end": "2024-01-01T09:00:20Z"}""",
                """{"select": "ü ' x", "café": null, "it's \"quoted\"": -1, "end": "2024-01-01T09:00:30Z"}""",
                """{"select": "ü ' x", "café": "x */ \\ y", "it's \"quoted\"": 3, "end": "2024-01-01T09:01:30Z"}""",
                """{"select": "ü ' x", "café": "late", "it's \"quoted\"": 4, "end": "2024-01-01T09:05:00Z"}""",
            ]);
            long produced;
            try { produced = ReplayProducer.Produce(cluster.BootstrapServers, source.Options.Topic!, source, events, CancellationToken.None); }
            finally { File.Delete(events); }
            Assert.Equal(5, produced);

            var (_, rows) = await ConsumerRuns.ReferenceAsync(ir with { Sinks = [topicSink with { Topic = "hostile.counts-reference" }] }, cluster.BootstrapServers, View);
            var expected = rows[View];
            Assert.True(expected.Count >= 3, $"the reference emitted {expected.Count} rows");

            var environment = new Dictionary<string, string>
            {
                ["HOSTILE_KAFKA_BROKERS"] = cluster.BootstrapServers,
                ["HOSTILE_ES_URL"] = endpoint.Url,
                [ServiceSecretVariable("hostile \"es\" key")] = "hostile-key",
                ["PULSE_SPEED_PG_URL"] = database.ConnectionString,
                ["PULSE_METRICS_PORT"] = "0",
                ["PULSE_HEALTH_PORT"] = "0",
                ["PULSE_KAFKA_SESSION_TIMEOUT_MS"] = "3000",
            };
            using (var consumer = ConsumerRuns.Start(build, environment, drain: true))
            {
                Assert.True(consumer.Process.WaitForExit(60_000), "the consumer did not finish:\n" + consumer.Output());
                Assert.True(consumer.Process.ExitCode == 0, $"exit code {consumer.Process.ExitCode}:\n{consumer.Output()}");
                Assert.Contains("read to the end: 5 events", consumer.Output());
            }

            // Documents: id `select|window_start`, the row as the speed layer writes it.
            var documents = await endpoint.SearchAsync(index);
            var select = schema.Columns.Select(c => c.Name).ToList().IndexOf("select");
            var start = schema.Columns.Select(c => c.Name).ToList().IndexOf("window_start");
            var byId = expected.ToDictionary(r => $"{r[select]}|{(DateTime)r[start]!:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'}");
            Assert.Equal(byId.Keys.Order(StringComparer.Ordinal), documents.Keys.Order(StringComparer.Ordinal));
            foreach (var (id, row) in byId)
                Assert.True(JsonNode.DeepEquals(JsonNode.Parse(RowJson.Write(schema, row)), documents[id]), $"document {id}: {documents[id].ToJsonString()}");
            Assert.All(endpoint.Requests.Where(r => r.Path.EndsWith("/_bulk", StringComparison.Ordinal)), r => Assert.Equal("ApiKey hostile-key", r.Authorization));

            // Messages: byte for byte the speed layer's kafka sink.
            Assert.Equal(ConsumerRuns.ReadTopic(cluster.BootstrapServers, "hostile.counts-reference").Order(),
                ConsumerRuns.ReadTopic(cluster.BootstrapServers, topicSink.Topic!).Order());

            // The negative amount is quarantined under its quoted rule name.
            var quarantined = await database.QueryAsync("SELECT rule, reason FROM pulse_speed.pulse_quarantine");
            Assert.Equal("quote's rule", Assert.Single(quarantined)[0]);
        }
        finally
        {
            await endpoint.DeleteIndexAsync(index);
        }
    }

    /// <summary>The variable a generated service reads a secret from (Service/ServiceSettings.cs): PULSE_SECRET_ + the name, upper case, other characters '_'.</summary>
    private static string ServiceSecretVariable(string name) =>
        "PULSE_SECRET_" + new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_')]);
}
