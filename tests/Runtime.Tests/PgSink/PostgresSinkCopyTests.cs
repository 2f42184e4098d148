using System.Collections.Immutable;
using DuckDB.NET.Data;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Sinks;
using Pulse.Runtime.Tests.Fixtures;

namespace Pulse.Runtime.Tests.PgSink;

/// <summary>
/// The PostgreSQL sink's COPY (real PostgreSQL, PULSE_PG_URL; a schema per test): every IR type through its typed
/// column writer, nulls, DuckDB types that differ from the IR's, and the transaction around replace and append.
/// </summary>
public sealed class PostgresSinkCopyTests : IDisposable
{
    private readonly TempDir temp = new();
    private readonly List<string> schemas = [];
    private readonly DuckDBConnection duck = new("DataSource=:memory:");

    public PostgresSinkCopyTests() => duck.Open();

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("PULSE_PG_URL") is not null)
            foreach (var schema in schemas) Pg.DropSchema(schema);
        duck.Dispose();
        temp.Dispose();
    }

    private static readonly ConnectionIr Warehouse = new("warehouse", ConnectionKind.Postgres,
        ImmutableSortedDictionary<string, SettingValue>.Empty.Add("url", new EnvSetting("PULSE_PG_URL")), false, null, Origin.None);

    private TableName Table(string hint)
    {
        var schema = Pg.UniqueSchema(hint);
        schemas.Add(schema);
        return new TableName(schema, "t");
    }

    private void Duck(string sql)
    {
        using var command = duck.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private async Task<SinkResult> WriteAsync(TableName table, WriteMode mode, string rowsSql, params Column[] columns)
    {
        var schema = new RelSchema([.. columns]);
        var sinkIr = PipelineBuilder.Sink("t_table", SinkKind.Postgres, schema, "t", connection: "warehouse", table: table, mode: mode);
        var pipeline = new PipelineBuilder("p", temp.Path).Build() with { Connections = [Warehouse] };
        var options = new RunOptions();
        var sink = BuiltInSinks.Create(sinkIr, _ => new ResolvedConnection(Warehouse, null, options.Secrets));
        Assert.IsType<PostgresSink>(sink);
        return await sink!.WriteAsync(new SinkContext
        {
            Connection = duck,
            Pipeline = pipeline,
            Sink = sinkIr,
            RowsSql = rowsSql,
            StateCatalog = "memory",
            StateDirectory = temp.Path,
            RunId = "test",
            Options = options,
            ResolveConnection = _ => new ResolvedConnection(Warehouse, null, options.Secrets),
            Quarantine = rejected => throw new InvalidOperationException($"the sink rejected {rejected.Count} rows"),
            Warn = _ => { },
        }, CancellationToken.None);
    }

    [PostgresFact]
    public async Task Every_ir_type_is_copied_typed_with_nulls_and_duckdb_types_that_differ_from_the_ir_are_converted()
    {
        Duck("""
            SET TimeZone = 'UTC';
            CREATE TABLE rows AS SELECT * FROM (VALUES
              (1, 'a', 7::INTEGER, 70000000000::BIGINT, 2.5::DOUBLE, 1.25::DECIMAL(12, 2), true, DATE '2024-02-29', TIMESTAMP '2024-06-01 10:00:00',
               {'x': 1, 'y': 'z'}, ['p', 'q'], 5::INTEGER, 6::BIGINT, 3::SMALLINT, 0.5::FLOAT, 12::INTEGER, 4.75::DECIMAL(6, 2)),
              (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
            ) AS v(n, s, i, l, d, m, b, day, ts, rec, tags, long_from_int, int_from_bigint, long_from_smallint, double_from_float, decimal_from_int, double_from_decimal)
            """);
        var table = Table("types");
        var result = await WriteAsync(table, WriteMode.Replace, "SELECT * FROM rows ORDER BY n",
            new("n", PulseType.Int), new("s", PulseType.String.AsNullable()), new("i", PulseType.Int.AsNullable()), new("l", PulseType.Long.AsNullable()),
            new("d", PulseType.Double.AsNullable()), new("m", PulseType.Decimal(12, 2).AsNullable()), new("b", PulseType.Bool.AsNullable()),
            new("day", PulseType.Date.AsNullable()), new("ts", PulseType.Timestamp.AsNullable()),
            new("rec", PulseType.RecordOf([new FieldType("x", PulseType.Long), new FieldType("y", PulseType.String)]).AsNullable()),
            new("tags", PulseType.ListOf(PulseType.String).AsNullable()), new("long_from_int", PulseType.Long.AsNullable()),
            new("int_from_bigint", PulseType.Int.AsNullable()), new("long_from_smallint", PulseType.Long.AsNullable()),
            new("double_from_float", PulseType.Double.AsNullable()), new("decimal_from_int", PulseType.Decimal(10, 2).AsNullable()),
            new("double_from_decimal", PulseType.Double.AsNullable()));

        Assert.Equal(2, result.RowsWritten);
        Assert.Equal(
        [
            "1|a|7|70000000000|2.5|1.25|true|2024-02-29|2024-06-01 10:00:00|1|z|q|5|6|3|0.5|12.00|4.75",
            "2|∅|∅|∅|∅|∅|∅|∅|∅|∅|∅|∅|∅|∅|∅|∅|∅|∅",
        ], Pg.Rows($"SELECT n, s, i, l, d, m, b, day::text, (ts AT TIME ZONE 'UTC')::text, rec ->> 'x', rec ->> 'y', tags ->> 1, long_from_int, int_from_bigint, " +
                   $"long_from_smallint, double_from_float, decimal_from_int, double_from_decimal FROM {table} ORDER BY n"));
        Assert.Equal(["jsonb", "jsonb", "timestamp with time zone"],
            Pg.Rows($"SELECT data_type FROM information_schema.columns WHERE table_schema = '{table.Schema}' AND column_name IN ('rec', 'tags', 'ts') ORDER BY column_name"));
    }

    [PostgresFact]
    public async Task Replace_or_append_failing_part_way_through_the_copy_leaves_the_previous_rows()
    {
        Duck("CREATE TABLE good AS SELECT range AS n FROM range(1, 1001); CREATE TABLE bad AS SELECT range AS n FROM range(1, 5001)");
        var table = Table("atomic");
        Pg.Execute($"CREATE SCHEMA \"{table.Schema}\"; CREATE TABLE {table} (n bigint CHECK (n <= 4000))");
        await WriteAsync(table, WriteMode.Replace, "SELECT n FROM good", new Column("n", PulseType.Long));

        // Rows past 4000 break the table's check: the COPY fails after thousands of rows went in.
        var replace = await Assert.ThrowsAsync<PulseRunException>(() => WriteAsync(table, WriteMode.Replace, "SELECT n FROM bad ORDER BY n", new Column("n", PulseType.Long)));
        var append = await Assert.ThrowsAsync<PulseRunException>(() => WriteAsync(table, WriteMode.Append, "SELECT n FROM bad ORDER BY n", new Column("n", PulseType.Long)));

        Assert.Equal(RuntimeCodes.PostgresFailed, replace.Error.Code);
        Assert.Contains("check constraint", replace.Error.Message);
        Assert.Equal(RuntimeCodes.PostgresFailed, append.Error.Code);
        Assert.Equal(["1000|500500"], Pg.Rows($"SELECT count(*), sum(n) FROM {table}"));
    }

    [PostgresFact]
    public async Task Replace_twice_and_append_twice_write_what_one_and_two_runs_should()
    {
        Duck("CREATE TABLE good AS SELECT range AS n, 'row ' || range AS label FROM range(1, 101)");
        var replaced = Table("replace");
        var appended = Table("append");
        Column[] columns = [new("n", PulseType.Long), new("label", PulseType.String)];
        foreach (var _ in new[] { 1, 2 })
        {
            await WriteAsync(replaced, WriteMode.Replace, "SELECT n, label FROM good", columns);
            await WriteAsync(appended, WriteMode.Append, "SELECT n, label FROM good", columns);
        }

        Assert.Equal(["100|5050|row 1"], Pg.Rows($"SELECT count(*), sum(n), min(label) FROM {replaced}"));
        Assert.Equal(["200|10100|row 1"], Pg.Rows($"SELECT count(*), sum(n), min(label) FROM {appended}"));
    }
}
