using Pulse.Compiler.Ir;
using Pulse.Runtime.Batch;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Tests.Fixtures;
using static Pulse.Runtime.Tests.Fixtures.E;

namespace Pulse.Runtime.Tests.Batch;

public sealed class WriteAuditPublishTests : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    private const string Disasters = "Entity,Year,Deaths\nDrought,1921,100\nDrought,1925,50\nFlood,1931,NA\nAll natural disasters,1921,150\n";

    private PipelineIr Pipeline(Func<SourceIr, SourceIr>? change = null, bool withSink = true)
    {
        var disasters = WorldHungerIr.Disasters("disasters.csv");
        if (change is not null) disasters = change(disasters);
        var decades = WorldHungerIr.DisasterDecades(disasters);
        var builder = new PipelineBuilder("wh", temp.Path).Source(disasters).View(decades);
        if (withSink)
            builder.Sink(PipelineBuilder.Sink("decades_table", SinkKind.Postgres, decades.Schema, "disaster_decades", table: new TableName("hunger", "decades")));
        return builder.Build();
    }

    private List<string> Snapshot() =>
    [
        .. StateQuery.Rows(temp.State, "SELECT * FROM views.disaster_decades"),
        "--",
        .. StateQuery.Rows(temp.State, "SELECT * FROM sources.disasters"),
        "--",
        .. StateQuery.Rows(temp.State, "SELECT * FROM hunger.decades ORDER BY ALL"),
        "--",
        .. StateQuery.Rows(temp.State, "SELECT position, rule, reason, \"row\" FROM quarantine.disasters ORDER BY position"),
    ];

    [Fact]
    public async Task The_test_block_of_world_hunger_holds_for_the_hand_built_ir()
    {
        // The spec's own test: disaster_decades_add_up.
        temp.Write("disasters.csv", Disasters);
        await Runs.Succeed(Pipeline(), temp);
        Assert.Equal(["Flood|1930|0|1|0", "Drought|1920|150|2|100"], StateQuery.Rows(temp.State, "SELECT * FROM views.disaster_decades"));
        Assert.Equal(["Flood|1930|0|1|0", "Drought|1920|150|2|100"], StateQuery.Rows(temp.State, "SELECT * FROM hunger.decades ORDER BY decade DESC"));
    }

    [Fact]
    public async Task A_run_that_fails_an_expectation_leaves_every_published_table_as_it_was()
    {
        temp.Write("disasters.csv", Disasters);
        var first = await Runs.Succeed(Pipeline(), temp);
        var before = Snapshot();

        // New input that would change every table, and a rule it fails.
        temp.Write("disasters.csv", Disasters + "Storm,1999,-5\nStorm,1998,7\n");
        var failing = Pipeline(s => s with
        {
            Steps = s.Steps.Add(new ExpectStep(s.Schema, Origin.None, new ExpectationIr("no_storms",
                new RowRule(Ne(Col("entity", Text), Str("Storm"))), ViolationAction.Fail, null, null, new Origin("wh.pulse", 42, 5, 0, 0)))),
        });
        var second = await Runs.Batch(failing, temp);

        Assert.Equal(RunStatus.Failed, second.Status);
        Assert.Equal(("wh.pulse", 42, 5), (second.Error!.File, second.Error.Line, second.Error.Column));
        Assert.Equal(before, Snapshot());
        Assert.Equal([first.RunId], StateQuery.Rows(temp.State, "SELECT run_id FROM pulse.runs"));
        Assert.False(File.Exists(Path.Combine(temp.State, StateLayout.StagingFile)));
    }

    [Fact]
    public async Task Running_the_same_input_twice_gives_identical_tables()
    {
        temp.Write("disasters.csv", Disasters + "Storm,1999,-5\n");
        var first = await Runs.Succeed(Pipeline(), temp);
        var once = Snapshot();
        var second = await Runs.Succeed(Pipeline(), temp, new RunOptions { Now = Runs.Now.AddHours(1) });

        Assert.Equal(once, Snapshot());
        Assert.Contains("deaths_not_negative", string.Join("\n", once));
        Assert.NotEqual(first.RunId, second.RunId);
        Assert.Equal(2, StateQuery.Count(temp.State, "pulse.runs"));
    }

    [Fact]
    public async Task A_cancelled_run_publishes_nothing_and_the_next_run_cleans_its_staging()
    {
        temp.Write("disasters.csv", Disasters);
        await Runs.Succeed(Pipeline(), temp);
        var before = Snapshot();

        temp.Write("disasters.csv", Disasters + "Storm,1999,7\n");
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(e => { if (e.Kind == RunEventKind.SourceCleaned) cancel.Cancel(); });
        var report = await PipelineRunner.RunBatchAsync(Pipeline(), new RunOptions { StateDirectory = temp.State, Now = Runs.Now }, progress, cancel.Token);
        Assert.Equal(RuntimeCodes.Cancelled, report.Error!.Code);
        Assert.Equal(before, Snapshot());

        // A killed process leaves its staging database behind; the next run must not trip over it.
        File.WriteAllText(Path.Combine(temp.State, StateLayout.StagingFile), "left over by a killed run");
        await Runs.Succeed(Pipeline(), temp);
        Assert.Contains("Storm|1990|7|1|7", StateQuery.Rows(temp.State, "SELECT * FROM views.disaster_decades"));
    }

    [Fact]
    public async Task Progress_reports_sources_views_publish_and_sinks_in_order()
    {
        temp.Write("disasters.csv", Disasters);
        var events = new List<RunEvent>();
        await Runs.Batch(Pipeline(), temp, progress: new SynchronousProgress(events.Add));

        Assert.Equal([
            "SourceLoading:disasters:0", "SourceCleaned:disasters:3", "ViewComputed:disaster_decades:2", "SinkWritten:decades_table:2", "Published:wh:2"],
            events.Select(e => $"{e.Kind}:{e.Name}:{e.Rows}"));
    }

    [Fact]
    public async Task The_report_serializes_to_json_with_counts_per_rule()
    {
        temp.Write("disasters.csv", Disasters);
        var report = await Runs.Succeed(Pipeline(), temp);
        var json = System.Text.Json.JsonDocument.Parse(report.ToJson()).RootElement;

        Assert.Equal("succeeded", json.GetProperty("status").GetString());
        var source = json.GetProperty("sources")[0];
        Assert.Equal(4, source.GetProperty("read").GetInt64());
        Assert.Equal(1, source.GetProperty("dropped").GetInt64());
        Assert.Contains(source.GetProperty("rules").EnumerateArray(), r => r.GetProperty("rule").GetString() == "deaths_not_negative");
        Assert.Equal(report.ToJson(), StateQuery.Scalar(temp.State, "SELECT CAST(report AS VARCHAR) FROM pulse.runs"));
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests need the events in order, at once.</summary>
    private sealed class SynchronousProgress(Action<RunEvent> handler) : IProgress<RunEvent>
    {
        public void Report(RunEvent value) => handler(value);
    }
}
