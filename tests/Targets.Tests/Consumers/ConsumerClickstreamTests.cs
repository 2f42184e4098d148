using Pulse.Compiler.Ir;
using Pulse.Runtime.Streaming.Kafka;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Consumers;

/// <summary>
/// Both clickstream consumers, built, against the in-process mock Kafka cluster and the real PostgreSQL, compared
/// with <c>pulse run</c>'s speed layer over the same 800 events: <c>trending_pages</c> (hopping windows; its only sink
/// is Parquet, so the consumer keeps its rows in <c>pulse_speed.trending_pages</c>) row by row, and <c>visits</c>
/// (session windows, a kafka sink) message by message: the consumer's topic holds byte for byte the messages the
/// speed layer's kafka sink writes, with the same keys.
/// </summary>
[Collection(ConsumerBuildCollection.Name)]
public class ConsumerClickstreamTests(ConsumerBuildFixture fixture, Xunit.Abstractions.ITestOutputHelper log)
{
    [PostgresFact]
    public async Task Clickstream_consumers_agree_with_the_speed_layer_in_postgres_and_on_the_visits_topic()
    {
        foreach (var view in new[] { "visits", "trending_pages" })
            Assert.True(fixture.Builds[view] is { ExitCode: 0, Assembly: not null }, $"the {view} consumer did not build:\n{fixture.Builds[view].Output}");
        var ir = ConsumerExamples.ForMockCluster(ConsumerExamples.Lower("clickstream", "staging"));
        var source = ir.FindSource("clicks")!;
        var visitsSink = ir.Sinks.Single(s => s.Name == "visits_topic");
        await using var database = await PgTestDatabase.CreateAsync();
        using var cluster = MockKafkaCluster.Start();
        cluster.CreateTopic(source.Options.Topic!, 4);
        cluster.CreateTopic(visitsSink.Topic!, 2);
        cluster.CreateTopic("visits-reference", 2);
        var produced = ReplayProducer.Produce(cluster.BootstrapServers, source.Options.Topic!, source,
            Path.Combine(RepoPaths.Root, "pipelines", source.Options.Replay!), CancellationToken.None);
        Assert.Equal(800, produced);

        // The reference writes its kafka sink to its own topic, and no Parquet files into the repository.
        var referenceIr = ir with { Sinks = [visitsSink with { Topic = "visits-reference" }] };
        var (reference, rows) = await ConsumerRuns.ReferenceAsync(referenceIr, cluster.BootstrapServers, "visits", "trending_pages");
        Assert.True(rows["visits"].Count > 20 && rows["trending_pages"].Count > 100, $"reference: {rows["visits"].Count} visits, {rows["trending_pages"].Count} trending rows");

        var environment = new Dictionary<string, string>
        {
            ["KAFKA_BROKERS"] = cluster.BootstrapServers,
            ["PULSE_SPEED_PG_URL"] = database.ConnectionString,
            ["PULSE_METRICS_PORT"] = "0",
            ["PULSE_HEALTH_PORT"] = "0",
            ["PULSE_KAFKA_SESSION_TIMEOUT_MS"] = "3000",
        };
        using (var visits = ConsumerRuns.Start(fixture.Builds["visits"], environment, drain: true))
        using (var trending = ConsumerRuns.Start(fixture.Builds["trending_pages"], environment, drain: true))
        {
            foreach (var (name, consumer) in new[] { ("visits", visits), ("trending_pages", trending) })
            {
                Assert.True(consumer.Process.WaitForExit(90_000), $"the {name} consumer did not finish:\n{consumer.Output()}");
                Assert.True(consumer.Process.ExitCode == 0, $"{name}: exit code {consumer.Process.ExitCode}:\n{consumer.Output()}");
                Assert.Contains("read to the end: 800 events", consumer.Output());
            }
        }

        // trending_pages: the table, row by row.
        var trendingColumns = ir.Views.Single(v => v.Name == "trending_pages").Schema.Columns;
        var actual = await database.QueryAsync(
            $"SELECT {string.Join(", ", trendingColumns.Select(c => "\"" + c.Name + "\""))} FROM pulse_speed.trending_pages");
        var sortedExpected = rows["trending_pages"].Order(ConsumerRuns.RowOrder).ToList();
        var sortedActual = actual.Select(r => r.Select(ConsumerRuns.Normalize).ToArray()).Order(ConsumerRuns.RowOrder).ToList();
        Assert.Equal(sortedExpected.Count, sortedActual.Count);
        for (var i = 0; i < sortedExpected.Count; i++)
            Assert.True(sortedExpected[i].SequenceEqual(sortedActual[i]),
                $"trending_pages row {i}: speed layer {ConsumerRuns.Show(sortedExpected[i])}, consumer {ConsumerRuns.Show(sortedActual[i])}");

        // visits: the topic, message by message (key and JSON value); no PostgreSQL table, the rows went to Kafka.
        var expectedMessages = ConsumerRuns.ReadTopic(cluster.BootstrapServers, "visits-reference").Order().ToList();
        var actualMessages = ConsumerRuns.ReadTopic(cluster.BootstrapServers, visitsSink.Topic!).Order().ToList();
        Assert.Equal(rows["visits"].Count, expectedMessages.Count);
        Assert.Equal(expectedMessages, actualMessages);
        Assert.All(actualMessages, m => Assert.Equal(m.Key, System.Text.Json.Nodes.JsonNode.Parse(m.Value)!["visitor_id"]!.GetValue<string>()));
        Assert.Null((await database.QueryAsync("SELECT to_regclass('pulse_speed.visits')::text"))[0][0]);

        // Both groups stored every offset; nothing was quarantined (clickstream drops its late and odd events).
        var offsets = await database.QueryAsync("SELECT consumer_group, sum(next_offset)::bigint FROM pulse_speed.pulse_offsets GROUP BY 1 ORDER BY 1");
        Assert.Equal([["pulse-clickstream-trending_pages", 800L], ["pulse-clickstream-visits", 800L]], offsets.Select(r => r.ToArray()).ToArray());
        Assert.Equal(0L, (await database.QueryAsync("SELECT count(*) FROM pulse_speed.pulse_quarantine"))[0][0]);
        log.WriteLine($"clickstream: {produced} events; trending_pages {sortedExpected.Count} rows equal, visits {actualMessages.Count} messages equal; speed layer {reference.Seconds:0.0}s");
    }
}
