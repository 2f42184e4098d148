using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Tests.Fixtures;
using static Pulse.Runtime.Tests.Fixtures.E;

namespace Pulse.Runtime.Tests.Batch;

/// <summary>In the local environment, postgres and elasticsearch sources read what embedded sinks wrote.</summary>
public sealed class EmbeddedSourceTests : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    private static ConnectionIr Embedded(string name, ConnectionKind kind) =>
        new(name, kind, ImmutableSortedDictionary<string, SettingValue>.Empty.Add("url", new EnvSetting("PULSE_TEST_NEVER_SET")), true, null, Origin.None);

    [Fact]
    public async Task A_postgres_source_reads_the_embedded_table_a_sink_wrote()
    {
        temp.Write("scores.csv", ScoresPipeline.FirstRun);
        var writer = ScoresPipeline.With(temp.Path, PipelineBuilder.Sink("t", SinkKind.Postgres, ScoresPipeline.Totals.Schema, "totals",
            connection: "db", table: new TableName("league", "totals"))) with { Connections = [Embedded("db", ConnectionKind.Postgres)] };
        await Runs.Succeed(writer, temp);

        var standings = SourceBuilder.Postgres("standings", "db", "league.totals").Field("team", Text).Field("points", Int)
            .ExpectRow("some_points", Gt(Col("points", Int), Int32(1)), ViolationAction.Drop).Build();
        var reader = new PipelineBuilder("reader", temp.Path).Source(standings).Build() with { Connections = [Embedded("db", ConnectionKind.Postgres)] };
        var report = await Runs.Succeed(reader, temp);

        Assert.Equal((2L, 1L, 1L), (report.Source("standings")!.Read, report.Source("standings")!.Kept, report.Source("standings")!.Dropped));
        Assert.Equal(["b|2"], StateQuery.Rows(temp.State, "SELECT * FROM sources.standings"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_embedded_table_read_in_place_quarantines_rows_at_their_position_with_the_whole_input_row(bool window)
    {
        // The table has a column the source does not declare: the quarantined row still shows it.
        Directory.CreateDirectory(temp.State);
        StateQuery.Rows(temp.State, "CREATE SCHEMA league; CREATE TABLE league.players AS SELECT * FROM (VALUES ('a', 3, 'x'), ('b', -1, 'y'), ('c', 5, 'z'), ('a', 4, 'w')) AS v(name, score, note)");
        var players = SourceBuilder.Postgres("players", "db", "league.players").Field("name", Text).Field("score", Int);
        players.ExpectRow("positive", Gt(players.Col("score"), Int32(0)), ViolationAction.Quarantine);
        if (window) players.Dedupe(["name"]);
        var pipeline = new PipelineBuilder("p", temp.Path).Source(players.Build()).Build() with { Connections = [Embedded("db", ConnectionKind.Postgres)] };
        var report = await Runs.Succeed(pipeline, temp);

        Assert.Equal((4L, 1L), (report.Source("players")!.Read, report.Source("players")!.Quarantined));
        Assert.Equal(window ? ["a|3", "c|5"] : ["a|3", "c|5", "a|4"], StateQuery.Rows(temp.State, "SELECT * FROM sources.players"));
        Assert.Equal(["2|positive|{\"name\":\"b\",\"score\":-1,\"note\":\"y\"}"],
            StateQuery.Rows(temp.State, "SELECT position, rule, \"row\" FROM quarantine.players"));
    }

    [Fact]
    public async Task A_missing_embedded_table_says_where_it_looked_and_what_to_do()
    {
        var stock = SourceBuilder.Postgres("stock", "db", "inventory.stock_levels").Field("sku", Text).Build();
        var report = await Runs.Batch(new PipelineBuilder("p", temp.Path).Source(stock).Build() with { Connections = [Embedded("db", ConnectionKind.Postgres)] }, temp);
        Assert.Equal(RuntimeCodes.EmbeddedTableMissing, report.Error!.Code);
        Assert.Contains("table inventory.stock_levels does not exist in the embedded database", report.Error.Message);
        Assert.Contains("point the connection at a real server", report.Error.Hint);
    }

    [Fact]
    public async Task An_elasticsearch_source_reads_the_local_index_file_a_sink_wrote()
    {
        temp.Write("scores.csv", ScoresPipeline.FirstRun);
        var writer = ScoresPipeline.With(temp.Path, PipelineBuilder.Sink("s", SinkKind.Elasticsearch, ScoresPipeline.Totals.Schema, "totals",
            connection: "search", index: "totals", id: ["team"])) with { Connections = [Embedded("search", ConnectionKind.Elasticsearch)] };
        await Runs.Succeed(writer, temp);

        var back = SourceBuilder.Elasticsearch("back", "search", "totals").Field("team", Text).Field("points", Long).Field("last_day", Date).Build();
        await Runs.Succeed(new PipelineBuilder("r", temp.Path).Source(back).Build() with { Connections = [Embedded("search", ConnectionKind.Elasticsearch)] }, temp);
        Assert.Equal(["a|1|2024-01-01", "b|2|2024-01-02"], StateQuery.Rows(temp.State, "SELECT * FROM sources.back ORDER BY team"));
    }
}
