using System.Diagnostics;
using System.Globalization;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Streaming.Kafka;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Consumers;

/// <summary>
/// Speed views over speed views, deployed: the two services of Consumers/Specs/clicks-rollup.pulse (minute_views with
/// its rollup chain quarter_views → busy_quarters and the filter busy_minutes; docs_clicks with docs_per_5m), built,
/// against the in-process mock Kafka cluster (4 partitions) and the real PostgreSQL, compared with <c>pulse run</c>'s
/// speed layer over the same 800 events. Both services checkpoint after every event and are stopped with SIGTERM in
/// the middle of the topic (open windows of every level are then in the stored snapshot), then resumed with --drain.
/// Every view's rows must equal the speed layer's exactly: no row lost or repeated across the restart (busy_minutes,
/// docs_clicks and docs_per_5m are append-only tables, so a repeat would show), and the busy_quarters topic must hold
/// the speed layer's kafka sink messages one for one.
/// </summary>
[Collection(ConsumerBuildCollection.Name)]
public class ConsumerChainEndToEndTests(ConsumerBuildFixture fixture, Xunit.Abstractions.ITestOutputHelper log)
{
    private static readonly string[] MinuteChain = ["minute_views", "quarter_views", "busy_quarters", "busy_minutes"];
    private static readonly string[] DocsChain = ["docs_clicks", "docs_per_5m"];

    /// <summary>Where each view's rows are (tables in the test's database; busy_quarters goes to its kafka sink only).</summary>
    private static readonly Dictionary<string, string> Tables = new()
    {
        ["minute_views"] = "pulse_speed.minute_views",
        ["quarter_views"] = "rollup.quarter_views",
        ["busy_minutes"] = "pulse_speed.busy_minutes",
        ["docs_clicks"] = "pulse_speed.docs_clicks",
        ["docs_per_5m"] = "pulse_speed.docs_per_5m",
    };

    [PostgresFact]
    public async Task Chained_views_agree_with_the_speed_layer_exactly_once_across_a_sigterm_in_the_middle()
    {
        foreach (var root in new[] { "minute_views", "docs_clicks" })
            Assert.True(fixture.Builds[root] is { ExitCode: 0, Assembly: not null }, $"the {root} consumer did not build:\n{fixture.Builds[root].Output}");
        var ir = ConsumerExamples.Lower("clicks-rollup", "test");
        var source = ir.FindSource("clicks")!;
        var busySink = ir.Sinks.Single(s => s.Name == "busy_topic");
        await using var database = await PgTestDatabase.CreateAsync();
        using var cluster = MockKafkaCluster.Start();
        cluster.CreateTopic(source.Options.Topic!, 4);
        cluster.CreateTopic(busySink.Topic!, 2);
        cluster.CreateTopic("busy-quarters-reference", 2);
        var produced = ReplayProducer.Produce(cluster.BootstrapServers, source.Options.Topic!, source,
            Path.Combine(RepoPaths.Root, "pipelines", "data", "clicks.ndjson"), CancellationToken.None);
        Assert.Equal(800, produced);

        // The reference writes busy_quarters to its own topic, and no PostgreSQL table (the consumers' database is the test's).
        var referenceIr = ir with { Sinks = [busySink with { Topic = "busy-quarters-reference" }] };
        var (reference, expected) = await ConsumerRuns.ReferenceAsync(referenceIr, cluster.BootstrapServers, [.. MinuteChain, .. DocsChain]);
        foreach (var view in MinuteChain.Concat(DocsChain)) Assert.True(expected[view].Count > 0, $"the reference emitted no rows for {view}");
        Assert.True(expected["quarter_views"].Count > 20 && expected["docs_per_5m"].Count > 20,
            $"reference: {expected["quarter_views"].Count} quarter rows, {expected["docs_per_5m"].Count} docs rows");

        var environment = new Dictionary<string, string>
        {
            ["KAFKA_BROKERS"] = cluster.BootstrapServers,
            ["WAREHOUSE_URL"] = database.ConnectionString,
            ["PULSE_SPEED_PG_URL"] = database.ConnectionString,
            ["PULSE_METRICS_PORT"] = "0",
            ["PULSE_HEALTH_PORT"] = "0",
            ["PULSE_KAFKA_SESSION_TIMEOUT_MS"] = "3000",
            ["PULSE_CHECKPOINT_EVENTS"] = "1", // a checkpoint per event: slow enough to stop in the middle
        };
        var groups = new Dictionary<string, string> { ["minute_views"] = "pulse-clicks_rollup-minute_views", ["docs_clicks"] = "pulse-clicks_rollup-docs_clicks" };

        // Run 1: both services until a third of the topic is checkpointed, then SIGTERM (a clean stop writes one more checkpoint).
        var clock = Stopwatch.StartNew();
        var stoppedAt = new Dictionary<string, long>();
        foreach (var (root, group) in groups)
        {
            using var consumer = ConsumerRuns.Start(fixture.Builds[root], environment, drain: false);
            var started = await PollAsync(async () => await OffsetsAsync(database, group) >= produced / 3, TimeSpan.FromSeconds(90), consumer.Process);
            Assert.True(started, $"{root}: no third of the topic checkpointed within 90 s:\n{consumer.Output()}");
            Assert.Equal(0, ConsumerRuns.Kill(consumer.Process.Id, "TERM"));
            Assert.True(consumer.Process.WaitForExit(30_000), $"{root} did not stop within 30 s of SIGTERM");
            Assert.True(consumer.Process.ExitCode == 0, $"{root}: exit code {consumer.Process.ExitCode}:\n{consumer.Output()}");
            stoppedAt[root] = await OffsetsAsync(database, group);
            Assert.True(stoppedAt[root] < produced, $"{root} read the whole topic before the SIGTERM landed; the test needs a stop in the middle");
            Assert.Contains($"stopped: {stoppedAt[root]} events", consumer.Output());
        }
        // The stop left windows open at every level (the rollup's quarter windows hold minute windows of the first run).
        var firstRunRows = (long)(await database.QueryAsync("SELECT count(*) FROM rollup.quarter_views"))[0][0]!;
        Assert.True(firstRunRows < expected["quarter_views"].Count, "the first run already wrote every quarter");

        // Run 2: --drain resumes from the stored offsets and state of every view and reads the rest.
        foreach (var root in groups.Keys)
        {
            using var consumer = ConsumerRuns.Start(fixture.Builds[root], environment, drain: true);
            Assert.True(consumer.Process.WaitForExit(90_000), $"the draining {root} consumer did not finish:\n{consumer.Output()}");
            Assert.True(consumer.Process.ExitCode == 0, $"{root}: exit code {consumer.Process.ExitCode}:\n{consumer.Output()}");
            Assert.Contains($"read to the end: {produced - stoppedAt[root]} events", consumer.Output());
        }
        var consumers = clock.Elapsed;

        foreach (var (view, table) in Tables)
        {
            var columns = ir.FindView(view)!.Schema.Columns;
            var actual = await database.QueryAsync($"SELECT {string.Join(", ", columns.Select(c => "\"" + c.Name + "\""))} FROM {table}");
            var sortedExpected = expected[view].Order(ConsumerRuns.RowOrder).ToList();
            var sortedActual = actual.Select(r => r.Select(ConsumerRuns.Normalize).ToArray()).Order(ConsumerRuns.RowOrder).ToList();
            Assert.True(sortedExpected.Count == sortedActual.Count, $"{view}: the speed layer emitted {sortedExpected.Count} rows, the consumer wrote {sortedActual.Count}");
            for (var i = 0; i < sortedExpected.Count; i++)
                Assert.True(sortedExpected[i].SequenceEqual(sortedActual[i]),
                    $"{view} row {i}: speed layer {ConsumerRuns.Show(sortedExpected[i])}, consumer {ConsumerRuns.Show(sortedActual[i])}");
        }

        var expectedMessages = ConsumerRuns.ReadTopic(cluster.BootstrapServers, "busy-quarters-reference").Order().ToList();
        var actualMessages = ConsumerRuns.ReadTopic(cluster.BootstrapServers, busySink.Topic!).Order().ToList();
        Assert.Equal(expected["busy_quarters"].Count, expectedMessages.Count);
        Assert.Equal(expectedMessages, actualMessages);
        Assert.Null((await database.QueryAsync("SELECT to_regclass('pulse_speed.busy_quarters')::text"))[0][0]);

        // Every offset stored once per group; the quarantine holds what the speed layer quarantined (late events of both windowed levels).
        var offsets = await database.QueryAsync("SELECT consumer_group, sum(next_offset)::bigint FROM pulse_speed.pulse_offsets GROUP BY 1 ORDER BY 1");
        Assert.Equal([[groups["docs_clicks"], 800L], [groups["minute_views"], 800L]], offsets.Select(r => r.ToArray()).ToArray());
        var clicks = reference.Source("clicks")!;
        foreach (var (root, chain) in new[] { ("minute_views", MinuteChain), ("docs_clicks", DocsChain) })
        {
            var quarantined = (long)(await database.QueryAsync("SELECT count(*) FROM pulse_speed.pulse_quarantine WHERE consumer_group = @g", ("g", groups[root])))[0][0]!;
            Assert.Equal(clicks.Malformed + clicks.Quarantined + chain.Sum(v => reference.View(v)!.LateQuarantined), quarantined);
        }
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"chains: {produced} events; stopped at {stoppedAt["minute_views"]} / {stoppedAt["docs_clicks"]}; rows equal: {string.Join(", ", expected.Select(e => $"{e.Key} {e.Value.Count}"))}; " +
            $"late quarantined {reference.View("minute_views")!.LateQuarantined} + {reference.View("docs_per_5m")!.LateQuarantined}; consumers {consumers.TotalSeconds:0.0}s, speed layer {reference.Seconds:0.0}s"));
    }

    private static async Task<long> OffsetsAsync(PgTestDatabase database, string group)
    {
        try
        {
            return (long)(await database.QueryAsync("SELECT coalesce(sum(next_offset), 0)::bigint FROM pulse_speed.pulse_offsets WHERE consumer_group = @g", ("g", group)))[0][0]!;
        }
        catch (Npgsql.PostgresException) { return 0; } // the table does not exist until the consumer prepares it
    }

    /// <summary>Polls often (every 20 ms): the stop must land while the consumer is still reading.</summary>
    private static async Task<bool> PollAsync(Func<Task<bool>> done, TimeSpan timeout, Process process)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout && !process.HasExited)
        {
            if (await done()) return true;
            await Task.Delay(20);
        }
        return await done();
    }
}
