using System.Text.Json;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Tests.Fixtures;

namespace Pulse.Runtime.Tests.Batch;

/// <summary>Sinks of the local environment: embedded postgres (a DuckDB table), Parquet/Delta folders, the NDJSON stand-in for Elasticsearch.</summary>
public sealed class LocalSinkTests : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    private static SinkIr Table(WriteMode mode) =>
        PipelineBuilder.Sink("totals_table", SinkKind.Postgres, ScoresPipeline.Totals.Schema, "totals", connection: "warehouse",
            table: new TableName("league", "totals"), mode: mode, key: ["team"]);

    private PipelineIr Pipeline(params SinkIr[] sinks)
    {
        var pipeline = ScoresPipeline.With(temp.Path, sinks);
        return pipeline with { Connections = [new ConnectionIr("warehouse", ConnectionKind.Postgres, System.Collections.Immutable.ImmutableSortedDictionary<string, SettingValue>.Empty.Add("url", new EnvSetting("NOT_SET_ANYWHERE")), true, null, Origin.None)] };
    }

    [Theory]
    [InlineData(WriteMode.Replace, new[] { "b|5|2024-02-01", "c|3|2024-02-02" })]
    [InlineData(WriteMode.Upsert, new[] { "a|1|2024-01-01", "b|5|2024-02-01", "c|3|2024-02-02" })]
    [InlineData(WriteMode.Append, new[] { "a|1|2024-01-01", "b|2|2024-01-02", "b|5|2024-02-01", "c|3|2024-02-02" })]
    public async Task An_embedded_postgres_sink_replaces_upserts_or_appends_in_the_state_database(WriteMode mode, string[] expected)
    {
        temp.Write("scores.csv", ScoresPipeline.FirstRun);
        var first = await Runs.Succeed(Pipeline(Table(mode)), temp);
        Assert.Equal(2, first.Sink("totals_table")!.RowsWritten);
        Assert.Equal("league.totals", first.Sink("totals_table")!.Target);
        temp.Write("scores.csv", ScoresPipeline.SecondRun);
        await Runs.Succeed(Pipeline(Table(mode)), temp);

        Assert.Equal(expected, StateQuery.Rows(temp.State, "SELECT * FROM league.totals ORDER BY ALL"));
    }

    [Fact]
    public async Task A_sink_table_in_a_reserved_schema_fails_the_run_before_anything_is_published()
    {
        temp.Write("scores.csv", ScoresPipeline.FirstRun);
        var sink = Table(WriteMode.Replace) with { Table = new TableName("views", "totals") };
        var report = await Runs.Batch(Pipeline(sink), temp);
        Assert.Equal(RuntimeCodes.ReservedSchema, report.Error!.Code);
        Assert.Empty(StateQuery.Rows(temp.State, "SELECT * FROM duckdb_tables() WHERE schema_name = 'views'"));
    }

    [Fact]
    public async Task A_delta_sink_writes_hive_partitions_and_a_transaction_log_that_lists_every_file()
    {
        temp.Write("scores.csv", ScoresPipeline.FirstRun + "c,3,2024-01-01\n");
        var sink = PipelineBuilder.Sink("lake", SinkKind.Delta, ScoresPipeline.Totals.Schema, "totals", path: "lake/totals", partitionBy: ["last_day"]);
        var report = await Runs.Succeed(Pipeline(sink), temp);

        var folder = Path.Combine(temp.State, "lake", "totals");
        Assert.Equal(3, report.Sink("lake")!.RowsWritten);
        Assert.Equal(["a|1|2024-01-01", "b|2|2024-01-02", "c|3|2024-01-01"], StateQuery.Rows(temp.State,
            $"SELECT team, points, CAST(last_day AS DATE) FROM read_parquet('{folder}/**/*.parquet', hive_partitioning = true) ORDER BY team"));

        var log = File.ReadAllLines(Path.Combine(folder, "_delta_log", "00000000000000000000.json")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(1, log[1].GetProperty("protocol").GetProperty("minReaderVersion").GetInt32());
        var metadata = log[2].GetProperty("metaData");
        Assert.Equal(["last_day"], metadata.GetProperty("partitionColumns").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("\"name\":\"points\",\"type\":\"long\"", metadata.GetProperty("schemaString").GetString());
        var adds = log.Skip(3).Select(l => l.GetProperty("add")).ToList();
        Assert.Equal(["2024-01-01", "2024-01-02"], adds.Select(a => a.GetProperty("partitionValues").GetProperty("last_day").GetString()));
        Assert.All(adds, a => Assert.True(File.Exists(Path.Combine(folder, a.GetProperty("path").GetString()!))));
        Assert.All(adds, a => Assert.Equal(new FileInfo(Path.Combine(folder, a.GetProperty("path").GetString()!)).Length, a.GetProperty("size").GetInt64()));

        // The next run replaces the folder: no file of the old partition layout survives.
        temp.Write("scores.csv", ScoresPipeline.SecondRun);
        await Runs.Succeed(Pipeline(sink), temp);
        Assert.Equal(["b|5", "c|3"], StateQuery.Rows(temp.State, $"SELECT team, points FROM read_parquet('{folder}/**/*.parquet') ORDER BY team"));
        Assert.False(Directory.Exists(Path.Combine(folder, "last_day=2024-01-01")));
        Assert.DoesNotContain(Directory.GetDirectories(Path.Combine(temp.State, "lake")), d => d.Contains(".pulse-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_parquet_sink_without_partitions_writes_one_file()
    {
        temp.Write("scores.csv", ScoresPipeline.FirstRun);
        var sink = PipelineBuilder.Sink("files", SinkKind.Parquet, ScoresPipeline.Totals.Schema, "totals", path: "out/totals");
        await Runs.Succeed(Pipeline(sink), temp);
        Assert.Equal(["a|1|2024-01-01", "b|2|2024-01-02"],
            StateQuery.Rows(temp.State, $"SELECT * FROM read_parquet('{Path.Combine(temp.State, "out", "totals", "data_0.parquet")}') ORDER BY team"));
        Assert.False(Directory.Exists(Path.Combine(temp.State, "out", "totals", "_delta_log")));
    }

    [Fact]
    public async Task An_embedded_elasticsearch_sink_writes_one_document_per_line_with_its_id()
    {
        temp.Write("scores.csv", ScoresPipeline.FirstRun);
        var sink = PipelineBuilder.Sink("search", SinkKind.Elasticsearch, ScoresPipeline.Totals.Schema, "totals", index: "totals", id: ["team", "last_day"]);
        var report = await Runs.Succeed(Pipeline(sink), temp);

        var lines = File.ReadAllLines(Path.Combine(temp.State, "elasticsearch", "totals.ndjson")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal([
            "{\"_id\":\"a|2024-01-01\",\"team\":\"a\",\"points\":1,\"last_day\":\"2024-01-01\"}",
            "{\"_id\":\"b|2024-01-02\",\"team\":\"b\",\"points\":2,\"last_day\":\"2024-01-02\"}"], lines);
        Assert.Equal(2, report.Sink("search")!.RowsWritten);
    }

    [Fact]
    public async Task Kafka_sinks_are_left_to_a_sink_factory_and_reported_as_skipped()
    {
        temp.Write("scores.csv", ScoresPipeline.FirstRun);
        var sink = PipelineBuilder.Sink("bus", SinkKind.Kafka, ScoresPipeline.Totals.Schema, "totals");
        var report = await Runs.Succeed(Pipeline(sink), temp);
        Assert.True(report.Sink("bus")!.Skipped);

        var written = new List<string>();
        var factory = new RecordingFactory(written);
        report = await Runs.Succeed(Pipeline(sink), temp, new RunOptions { SinkFactories = [factory] });
        Assert.False(report.Sink("bus")!.Skipped);
        Assert.Equal(["a|1|2024-01-01", "b|2|2024-01-02"], written.Order(StringComparer.Ordinal));
    }

    private sealed class RecordingFactory(List<string> written) : Sinks.ISinkFactory
    {
        public Sinks.ISink? Create(SinkIr sink, PipelineIr pipeline, RunOptions options) => sink.Kind == SinkKind.Kafka ? new Recording(written) : null;

        private sealed class Recording(List<string> written) : Sinks.ISink
        {
            public string Target => "memory";
            public bool InPublishTransaction => false;

            public Task<Sinks.SinkResult> WriteAsync(Sinks.SinkContext context, CancellationToken cancellation)
            {
                written.AddRange(StateQuery.Rows(context.Connection, context.RowsSql));
                return Task.FromResult(new Sinks.SinkResult(written.Count));
            }
        }
    }
}
