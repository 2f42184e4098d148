using System.Globalization;
using System.Text.Json.Nodes;
using Pulse.Runtime.Streaming.Kafka;
using Pulse.Runtime.Streaming.Sinks;
using Pulse.Targets.Common;
using Pulse.Targets.Consumers;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Consumers;

/// <summary>
/// The clicks-search consumer (a speed view whose only sink is Elasticsearch) against the in-process mock Kafka
/// cluster, the real PostgreSQL (its checkpoints) and <see cref="ElasticsearchEndpoint"/>: the in-memory cluster, or
/// the real one at PULSE_ES_URL behind the same recording proxy. One test, never skipped, in four runs:
/// the cluster down (every bulk answers 503: retries run out, exit 1, no offsets stored, nothing indexed);
/// a 429 on the first bulk (sent again, the same body), SIGTERM once caught up; <c>--drain</c> for the open windows;
/// a second consumer group replaying the topic (the same documents, by id). The index maps <c>total_ms</c> as a
/// <c>short</c>, so windows whose total passes 32767 ms are rejected document by document and must be quarantined.
/// </summary>
[Collection(ConsumerBuildCollection.Name)]
public class ConsumerElasticsearchTests(ConsumerBuildFixture fixture, Xunit.Abstractions.ITestOutputHelper log)
{
    private const string View = "page_minutes";
    private const string Sink = "page_minutes_search";

    [PostgresFact]
    public async Task Consumer_bulk_indexes_by_id_retries_quarantines_rejections_and_commits_offsets_only_after_the_bulk()
    {
        var build = fixture.Builds[View];
        Assert.True(build is { ExitCode: 0, Assembly: not null }, "the consumer did not build:\n" + build.Output);
        var ir = ConsumerExamples.ForMockCluster(ConsumerExamples.Lower("clicks-search", "test"));
        var source = ir.FindSource("clicks")!;
        var schema = ir.Views.Single(v => v.Name == View).Schema;
        int Slot(string column) => schema.Columns.Select(c => c.Name).ToList().IndexOf(column);

        using var endpoint = ElasticsearchEndpoint.Start();
        var index = "pulse-consumer-test-" + Guid.NewGuid().ToString("N")[..12];
        await endpoint.CreateIndexAsync(index, new JsonObject { ["properties"] = new JsonObject { ["total_ms"] = new JsonObject { ["type"] = "short" } } });
        try
        {
            // The built service, pointed at the test's index: the settings pulse compile writes for the spec with that index name.
            var files = new ConsumersTarget().Emit(ir with { Sinks = [.. ir.Sinks.Select(s => s with { Index = index })] }, TargetOptions.Default);
            Assert.Equal(File.ReadAllText(Path.Combine(build.Folder, "Program.cs")), files.Single(f => f.RelativePath.EndsWith("/Program.cs", StringComparison.Ordinal)).Content);
            File.WriteAllText(build.Settings, files.Single(f => f.RelativePath.EndsWith("/appsettings.json", StringComparison.Ordinal)).Content);

            await using var database = await PgTestDatabase.CreateAsync();
            using var cluster = MockKafkaCluster.Start();
            cluster.CreateTopic(source.Options.Topic!, 3);
            var produced = ReplayProducer.Produce(cluster.BootstrapServers, source.Options.Topic!, source,
                Path.Combine(RepoPaths.Root, "pipelines", "data", "clicks.ndjson"), CancellationToken.None);
            Assert.Equal(800, produced);
            var (reference, rows) = await ConsumerRuns.ReferenceAsync(ir with { Sinks = [] }, cluster.BootstrapServers, View);
            var expected = rows[View];
            string Id(object?[] row) => $"{row[Slot("page")]}|{(DateTime)row[Slot("window_start")]!:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'}";
            bool Fits(object?[] row) => Convert.ToDecimal(row[Slot("total_ms")], CultureInfo.InvariantCulture) is >= short.MinValue and <= short.MaxValue;
            var fitting = expected.Where(Fits).ToDictionary(Id);
            var refused = expected.Where(r => !Fits(r)).Select(Id).Order(StringComparer.Ordinal).ToList();
            Assert.True(fitting.Count > 100 && refused.Count > 10, $"{fitting.Count} rows fit the mapping, {refused.Count} do not");

            var metricsPort = ConsumerRuns.FreePort();
            var apiKey = "test-key-" + Guid.NewGuid().ToString("N");
            var environment = new Dictionary<string, string>
            {
                ["KAFKA_BROKERS"] = cluster.BootstrapServers,
                ["SEARCH_URL"] = endpoint.Url,
                ["PULSE_SECRET_SEARCH_API_KEY"] = apiKey,
                ["PULSE_SPEED_PG_URL"] = database.ConnectionString,
                ["PULSE_SINK_RETRY_BASE_MS"] = "20",
                ["PULSE_METRICS_PORT"] = metricsPort.ToString(CultureInfo.InvariantCulture),
                ["PULSE_HEALTH_PORT"] = "0",
                ["PULSE_KAFKA_SESSION_TIMEOUT_MS"] = "3000", // the mock cluster waits out a departed member's session before it reassigns
            };

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var phases = new List<string>();
            void Phase(string name) { phases.Add($"{name} {clock.Elapsed.TotalSeconds:0.0}s"); clock.Restart(); }

            // 1. The cluster is down: 1 + 5 retries, then exit 1 with the offsets where they were.
            endpoint.FailNextBulk(503, 1000);
            using (var consumer = ConsumerRuns.Start(build, environment, drain: true))
            {
                Assert.True(consumer.Process.WaitForExit(60_000), "the consumer did not give up:\n" + consumer.Output());
                Assert.True(consumer.Process.ExitCode == 1, $"exit code {consumer.Process.ExitCode}:\n{consumer.Output()}");
                Assert.Contains($"sink {Sink}: bulk request to {index} failed after 6 attempts", consumer.Output());
                log.WriteLine(consumer.Output());
            }
            Assert.Equal(6, endpoint.Requests.Count(r => r.Path.EndsWith("/_bulk", StringComparison.Ordinal) && r.Status == 503));
            Assert.Equal(0, await ConsumerRuns.StoredOffsetsAsync(database));
            Assert.Empty(await endpoint.SearchAsync(index));
            Phase("down");

            // 2. One 429 for the whole request, then 429s for its first 5 documents, then caught up and stopped with SIGTERM.
            endpoint.FailNextBulk(429, 1);
            endpoint.ThrottleNextDocuments(5);
            using (var consumer = ConsumerRuns.Start(build, environment, drain: false))
            {
                var caughtUp = await ConsumerRuns.WaitAsync(async () => await ConsumerRuns.StoredOffsetsAsync(database) >= produced, TimeSpan.FromSeconds(90), consumer.Process);
                Assert.True(caughtUp, "the consumer did not store offsets for every event within 90 s:\n" + consumer.Output());
                using var http = new HttpClient();
                var metrics = await http.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics");
                var labels = $"{{view=\"{View}\",sink=\"{Sink}\"}}";
                Assert.Contains($"pulse_sink_retries_total{labels} 2\n", metrics);
                Assert.Matches($"pulse_sink_rejected_total{System.Text.RegularExpressions.Regex.Escape(labels)} [1-9]", metrics);
                Assert.Matches($"pulse_sink_rows_total{System.Text.RegularExpressions.Regex.Escape(labels)} [1-9]", metrics);
                Assert.Equal(0, ConsumerRuns.Kill(consumer.Process.Id, "TERM"));
                Assert.True(consumer.Process.WaitForExit(30_000), "the consumer did not stop within 30 s of SIGTERM");
                Assert.True(consumer.Process.ExitCode == 0, $"exit code {consumer.Process.ExitCode}:\n{consumer.Output()}");
                log.WriteLine(consumer.Output());
            }
            var bulks = endpoint.Requests.Where(r => r.Path.EndsWith("/_bulk", StringComparison.Ordinal) && r.Status != 503).ToList();
            var refusedAt = bulks.FindIndex(r => r.Status == 429);
            Assert.True(refusedAt >= 0 && refusedAt + 1 < bulks.Count, "no 429 was answered, or nothing came after it");
            Assert.Equal(bulks[refusedAt].Body, bulks[refusedAt + 1].Body);
            Assert.Equal(200, bulks[refusedAt + 1].Status);
            // The 5 documents answered 429 one by one are sent again, alone, in the next request.
            Assert.Equal(string.Concat(Pairs(bulks[refusedAt + 1].Body).Take(5).Select(p => p.Action + "\n" + p.Document + "\n")), bulks[refusedAt + 2].Body);
            Phase("429+sigterm");

            // 3. --drain: resumes from the stored state, reads nothing new, emits the windows still open.
            using (var consumer = ConsumerRuns.Start(build, environment, drain: true))
            {
                Assert.True(consumer.Process.WaitForExit(60_000), "the draining consumer did not finish:\n" + consumer.Output());
                Assert.True(consumer.Process.ExitCode == 0, $"exit code {consumer.Process.ExitCode}:\n{consumer.Output()}");
                Assert.Contains("read to the end: 0 events", consumer.Output());
                log.WriteLine(consumer.Output());
            }
            Phase("drain");
            await AssertIndexedAsync(endpoint, index, fitting, schema);

            // Every bulk body: an index action with the id, then the row as pulse run writes it.
            var sent = endpoint.Requests.Where(r => r.Path.EndsWith("/_bulk", StringComparison.Ordinal) && r.Status == 200)
                .SelectMany(r => Pairs(r.Body)).ToList();
            Assert.Equal(expected.Count + 5, sent.Count); // the 5 throttled documents were sent twice
            Assert.Equal(expected.Count, sent.Select(p => p.Action).Distinct().Count());
            var byId = expected.ToDictionary(Id);
            foreach (var (action, document) in sent)
            {
                var id = JsonNode.Parse(action)!["index"]!["_id"]!.GetValue<string>();
                Assert.Equal($"{{\"index\":{{\"_id\":{System.Text.Json.JsonSerializer.Serialize(id)}}}}}", action);
                Assert.Equal(System.Text.Encoding.UTF8.GetString(RowJson.Write(schema, byId[id])), document);
            }

            // The rejected windows are quarantined with the cluster's reason and the document.
            var quarantined = await database.QueryAsync(
                "SELECT reason, event, partition, event_offset, view FROM pulse_speed.pulse_quarantine WHERE rule = '_rejected' ORDER BY reason");
            Assert.Equal(refused, quarantined.Select(q => ((string)q[0]!).Split(' ')[1]).Order(StringComparer.Ordinal).ToList());
            Assert.All(quarantined, q =>
            {
                Assert.Contains($"rejected by {index}: mapper_parsing_exception", (string)q[0]!);
                Assert.Equal(byId[((string)q[0]!).Split(' ')[1]][Slot("page")], JsonNode.Parse((string)q[1]!)!["page"]!.GetValue<string>());
                Assert.Equal((-1, -1L, View), ((int)q[2]!, (long)q[3]!, (string)q[4]!));
            });

            // The API key came from the secret's environment variable, on every request; no file of the project holds it.
            Assert.All(endpoint.Requests.Where(r => r.Path.EndsWith("/_bulk", StringComparison.Ordinal)), r => Assert.Equal("ApiKey " + apiKey, r.Authorization));
            Assert.DoesNotContain(Directory.EnumerateFiles(build.Folder, "*", SearchOption.AllDirectories), f => File.ReadAllText(f).Contains(apiKey, StringComparison.Ordinal));

            // 4. Replay: another consumer group reads the whole topic and sends every document again, with the same ids.
            using (var consumer = ConsumerRuns.Start(build, new(environment) { ["PULSE_CONSUMER_GROUP"] = "pulse-test-replay" }, drain: true))
            {
                Assert.True(consumer.Process.WaitForExit(60_000), "the replaying consumer did not finish:\n" + consumer.Output());
                Assert.True(consumer.Process.ExitCode == 0, $"exit code {consumer.Process.ExitCode}:\n{consumer.Output()}");
                Assert.Contains("read to the end: 800 events", consumer.Output());
            }
            Phase("replay");
            await AssertIndexedAsync(endpoint, index, fitting, schema);
            log.WriteLine(string.Join(", ", phases));
            log.WriteLine($"elasticsearch ({(endpoint.Real is null ? "in-memory" : "real cluster")}): {expected.Count} rows, {fitting.Count} indexed, {refused.Count} quarantined; " +
                          $"speed layer {reference.Seconds:0.0}s, build {build.Elapsed.TotalSeconds:0.0}s");
        }
        finally
        {
            await endpoint.DeleteIndexAsync(index);
        }
    }

    /// <summary>The index holds exactly the rows that fit its mapping, by id, each the JSON of the speed layer's row.</summary>
    private static async Task AssertIndexedAsync(ElasticsearchEndpoint endpoint, string index, Dictionary<string, object?[]> fitting, Compiler.Ir.RelSchema schema)
    {
        var documents = await endpoint.SearchAsync(index);
        Assert.Equal(fitting.Keys.Order(StringComparer.Ordinal), documents.Keys.Order(StringComparer.Ordinal));
        foreach (var (id, row) in fitting)
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(RowJson.Write(schema, row)), documents[id]), $"document {id}: {documents[id].ToJsonString()}");
    }

    private static IEnumerable<(string Action, string Document)> Pairs(string ndjson)
    {
        Assert.EndsWith("\n", ndjson);
        var lines = ndjson.Split('\n')[..^1];
        Assert.True(lines.Length % 2 == 0, "a bulk body has an action and a document per row");
        for (var i = 0; i < lines.Length; i += 2) yield return (lines[i], lines[i + 1]);
    }
}
