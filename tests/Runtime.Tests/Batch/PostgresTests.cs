using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Tests.Fixtures;
using static Pulse.Runtime.Tests.Fixtures.E;

namespace Pulse.Runtime.Tests.Batch;

/// <summary>Real PostgreSQL (PULSE_PG_URL): each test works in its own schema.</summary>
public sealed class PostgresTests : IDisposable
{
    private readonly TempDir temp = new();
    private readonly List<string> schemas = [];

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("PULSE_PG_URL") is not null)
            foreach (var schema in schemas) Pg.DropSchema(schema);
        temp.Dispose();
    }

    private string Schema(string hint)
    {
        var schema = Pg.UniqueSchema(hint);
        schemas.Add(schema);
        return schema;
    }

    private static readonly ConnectionIr Warehouse = new("warehouse", ConnectionKind.Postgres,
        ImmutableSortedDictionary<string, SettingValue>.Empty.Add("url", new EnvSetting("PULSE_PG_URL")), false, null, Origin.None);

    private PipelineIr Pipeline(TableName table, WriteMode mode, string[][]? indexes = null) =>
        ScoresPipeline.With(temp.Path, PipelineBuilder.Sink("totals_table", SinkKind.Postgres, ScoresPipeline.Totals.Schema, "totals",
            connection: "warehouse", table: table, mode: mode, key: ["team"], indexes: indexes)) with { Connections = [Warehouse] };

    [PostgresFact]
    public async Task Replace_swaps_the_table_contents_and_creates_the_table_with_ir_types_key_and_indexes()
    {
        var table = new TableName(Schema("replace"), "totals");
        temp.Write("scores.csv", ScoresPipeline.FirstRun);
        var first = await Runs.Succeed(Pipeline(table, WriteMode.Replace, [["last_day"]]), temp);
        temp.Write("scores.csv", ScoresPipeline.SecondRun);
        var second = await Runs.Succeed(Pipeline(table, WriteMode.Replace, [["last_day"]]), temp);

        Assert.Equal((2L, 2L), (first.Sink("totals_table")!.RowsWritten, second.Sink("totals_table")!.RowsWritten));
        Assert.Equal(["b|5|2024-02-01", "c|3|2024-02-02"], Pg.Rows($"SELECT * FROM \"{table.Schema}\".totals ORDER BY team"));
        Assert.Equal(["team|text", "points|bigint", "last_day|date"],
            Pg.Rows($"SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = '{table.Schema}' AND table_name = 'totals' ORDER BY ordinal_position"));
        Assert.Equal(["totals_last_day_idx", "totals_pkey"],
            Pg.Rows($"SELECT indexname FROM pg_indexes WHERE schemaname = '{table.Schema}' ORDER BY indexname"));
    }

    [PostgresFact]
    public async Task Upsert_updates_rows_by_key_and_keeps_the_others()
    {
        var table = new TableName(Schema("upsert"), "totals");
        temp.Write("scores.csv", ScoresPipeline.FirstRun);
        await Runs.Succeed(Pipeline(table, WriteMode.Upsert), temp);
        temp.Write("scores.csv", ScoresPipeline.SecondRun);
        await Runs.Succeed(Pipeline(table, WriteMode.Upsert), temp);

        Assert.Equal(["a|1|2024-01-01", "b|5|2024-02-01", "c|3|2024-02-02"], Pg.Rows($"SELECT * FROM \"{table.Schema}\".totals ORDER BY team"));
    }

    [PostgresFact]
    public async Task Append_inserts_every_run()
    {
        var table = new TableName(Schema("append"), "totals");
        temp.Write("scores.csv", ScoresPipeline.FirstRun);
        await Runs.Succeed(Pipeline(table, WriteMode.Append) with { Sinks = [Pipeline(table, WriteMode.Append).Sinks[0] with { Key = [] }] }, temp);
        temp.Write("scores.csv", ScoresPipeline.SecondRun);
        await Runs.Succeed(Pipeline(table, WriteMode.Append) with { Sinks = [Pipeline(table, WriteMode.Append).Sinks[0] with { Key = [] }] }, temp);

        Assert.Equal(["a|1|2024-01-01", "b|2|2024-01-02", "b|5|2024-02-01", "c|3|2024-02-02"],
            Pg.Rows($"SELECT * FROM \"{table.Schema}\".totals ORDER BY team, points"));
    }

    [PostgresFact]
    public async Task Upsert_into_a_table_without_a_unique_key_fails_the_sink_with_the_index_to_create_and_changes_nothing()
    {
        var table = new TableName(Schema("nokey"), "totals");
        Pg.Execute($"CREATE SCHEMA \"{table.Schema}\"; CREATE TABLE \"{table.Schema}\".totals (team text, points bigint, last_day date); " +
                   $"INSERT INTO \"{table.Schema}\".totals VALUES ('z', 9, '2020-01-01')");
        temp.Write("scores.csv", ScoresPipeline.FirstRun);
        var report = await Runs.Batch(Pipeline(table, WriteMode.Upsert), temp);

        Assert.Equal(RunStatus.SinkFailed, report.Status);
        Assert.Contains("PULSE9517", report.Sink("totals_table")!.Error);
        Assert.Contains($"CREATE UNIQUE INDEX ON {table} (team)", report.Sink("totals_table")!.Error);
        Assert.Equal(["z|9|2020-01-01"], Pg.Rows($"SELECT * FROM \"{table.Schema}\".totals"));
        // The state database was still published: the sink failure does not undo the batch.
        Assert.Equal(2, StateQuery.Count(temp.State, "views.totals"));
    }

    [PostgresFact]
    public async Task A_postgres_source_is_read_with_binary_copy_and_its_bad_values_are_quarantined()
    {
        var schema = Schema("source");
        Pg.Execute($"CREATE SCHEMA \"{schema}\"; CREATE TABLE \"{schema}\".stock (sku text, warehouse text, quantity text, seen timestamptz, tags jsonb);" +
                   $"INSERT INTO \"{schema}\".stock VALUES ('s1', 'w1', '5', '2024-06-01 10:00:00+02', '[\"x\"]'), ('s2', 'w1', 'many', NULL, NULL), ('s3', NULL, '-1', NULL, NULL)");
        var stock = SourceBuilder.Postgres("stock", "warehouse", $"{schema}.stock")
            .Field("sku", Text).Field("warehouse", N(Text)).Field("quantity", Int).Field("seen", N(Timestamp)).Field("tags", N(Compiler.Types.PulseType.ListOf(Text)))
            .ExpectRow("non_negative", Ge(Col("quantity", Int), Int32(0)), ViolationAction.Quarantine).Build();
        var pipeline = new PipelineBuilder("p", temp.Path).Source(stock).Build() with { Connections = [Warehouse] };
        var report = await Runs.Succeed(pipeline, temp);

        Assert.Equal((3L, 1L, 2L), (report.Source("stock")!.Read, report.Source("stock")!.Kept, report.Source("stock")!.Quarantined));
        Assert.Equal(["s1|w1|5|2024-06-01T08:00:00|x"], StateQuery.Rows(temp.State, "SELECT sku, warehouse, quantity, seen, tags[1] FROM sources.stock"));
        Assert.Equal(["2|_malformed|column quantity: 'many' is not a valid int", "3|non_negative|expectation non_negative failed: quantity >= 0 (quantity = -1)"],
            StateQuery.Rows(temp.State, "SELECT position, rule, reason FROM quarantine.stock ORDER BY position"));
    }

    [Fact]
    public async Task An_unreachable_server_is_a_clear_error()
    {
        var broken = Warehouse with { Settings = ImmutableSortedDictionary<string, SettingValue>.Empty.Add("url", new LiteralSetting("Host=127.0.0.1;Port=1;Database=x;Username=x;Timeout=2")) };
        var stock = SourceBuilder.Postgres("stock", "warehouse", "public.stock").Field("sku", Text).Build();
        var report = await Runs.Batch(new PipelineBuilder("p", temp.Path).Source(stock).Build() with { Connections = [broken] }, temp);
        Assert.Equal(RuntimeCodes.PostgresFailed, report.Error!.Code);
        Assert.Contains("source stock cannot be read", report.Error.Message);
    }
}

/// <summary>world-hunger in its <c>pg</c> environment: the warehouse sinks write to a real PostgreSQL database of their own.</summary>
public sealed class WorldHungerOnPostgresTests : IDisposable
{
    private readonly TempDir temp = new();
    private readonly string database = "pulse_batch_" + Guid.NewGuid().ToString("N")[..10];
    private bool created;

    public void Dispose()
    {
        if (created)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            Pg.Execute($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
        temp.Dispose();
    }

    [PostgresFact]
    public async Task The_warehouse_sinks_upsert_into_postgres_and_a_second_run_leaves_the_same_rows()
    {
        Pg.Execute($"CREATE DATABASE \"{database}\"");
        created = true;
        var url = new Npgsql.NpgsqlConnectionStringBuilder(Pg.Url) { Database = database }.ConnectionString;
        // The pg environment also makes the search connection real: an in-memory cluster accepts its documents.
        using var search = new FakeElasticsearch((method, _, body) => method switch
        {
            "HEAD" => (200, ""),
            _ => (200, "{\"took\": 1, \"errors\": false, \"items\": [" + string.Join(",", body.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Where((_, i) => i % 2 == 0).Select(_ => "{\"index\": {\"status\": 201}}")) + "]}"),
        });
        var options = new RunOptions
        {
            ConnectionOverrides = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["warehouse"] = new Dictionary<string, string> { ["url"] = url } },
            ElasticsearchClientFactory = _ => search.Client(),
        };
        var pipeline = Examples.Lower("world-hunger.pulse", "pg");
        Assert.False(pipeline.FindConnection("warehouse")!.Embedded);

        var first = await Runs.Succeed(pipeline, temp, options);
        await Runs.Succeed(pipeline, temp, options);

        List<string> Warehouse(string sql)
        {
            using var connection = new Npgsql.NpgsqlConnection(url);
            connection.Open();
            using var command = new Npgsql.NpgsqlCommand(sql, connection);
            using var reader = command.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read()) rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "∅" : StateQuery.Format(reader.GetValue(i)))));
            return rows;
        }
        Assert.Equal(StateQuery.Rows(temp.State, "SELECT cluster, year, population, countries FROM views.cluster_trends ORDER BY cluster, year"),
            Warehouse("SELECT cluster, year, population, countries FROM hunger.cluster_trends ORDER BY cluster, year"));
        Assert.Equal(first.View("food_prices_now")!.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture), Warehouse("SELECT count(*) FROM hunger.food_prices").Single());
        Assert.Equal(["cluster_trends_pkey", "cluster_trends_year_idx"],
            Warehouse("SELECT indexname FROM pg_indexes WHERE schemaname = 'hunger' AND tablename = 'cluster_trends' ORDER BY 1"));
        Assert.Equal(["timestamp with time zone"], Warehouse("SELECT data_type FROM information_schema.columns WHERE table_name = 'food_prices' AND column_name = 'window_start'"));
        // The batch view's first window, read back from PostgreSQL as UTC.
        Assert.Equal(StateQuery.Rows(temp.State, "SELECT min(window_start) FROM views.food_prices_now"),
            Warehouse("SELECT min(window_start) AT TIME ZONE 'UTC' FROM hunger.food_prices"));
    }
}
