using Npgsql;
using Pulse.Targets.Common;
using Pulse.Targets.Postgres;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Postgres;

/// <summary>The generated DDL applied to a real PostgreSQL (a fresh database per test).</summary>
public class PostgresDdlIntegrationTests
{
    public static TheoryData<string> PostgresExamples => new(Examples.All.Keys.Where(k => PostgresModelParser.Parse(Examples.Get(k)).Tables.Length > 0));

    [PostgresTheory]
    [MemberData(nameof(PostgresExamples))]
    public async Task Schema_applies_and_the_catalog_matches_the_ir(string example)
    {
        var ir = Examples.Get(example);
        var model = PostgresModelParser.Parse(ir);
        var ddl = new PostgresTarget().Emit(ir, TargetOptions.Default).Single(f => f.RelativePath == "postgres/schema.sql").Content;
        await using var db = await PgTestDatabase.CreateAsync();

        await db.ExecuteAsync(ddl);
        await CatalogAssert.MatchesAsync(db, model);

        // Every sink column is there with the type the IR type maps to.
        foreach (var sink in ir.Sinks.Where(s => s.Kind == Compiler.Ir.SinkKind.Postgres))
        {
            var table = model.Tables.First(t => t.Sink == sink.Name);
            Assert.Equal(sink.Schema.Columns.Select(c => c.Name), table.Columns.Select(c => c.Name));
        }

        // Idempotent: applying it again changes nothing and does not fail.
        await db.ExecuteAsync(ddl);
        await CatalogAssert.MatchesAsync(db, model);
        await CatalogAssert.PlannerSeesNoChangesAsync(db, ir, model);
    }

    [PostgresFact]
    public async Task Hostile_names_are_created_exactly_and_checks_enforce_the_expectations()
    {
        var ir = HostileIr.Build();
        var ddl = new PostgresTarget().Emit(ir, TargetOptions.Default).Single(f => f.RelativePath == "postgres/schema.sql").Content;
        await using var db = await PgTestDatabase.CreateAsync();
        await db.ExecuteAsync(ddl);

        var tables = await db.QueryAsync("SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema = @s ORDER BY table_name",
            ("s", HostileIr.Schema));
        Assert.Equal(["pulse_quarantine", "select"], tables.Select(r => (string)r[1]!));
        var columns = await db.QueryAsync("SELECT column_name FROM information_schema.columns WHERE table_schema = @s AND table_name = @t ORDER BY ordinal_position",
            ("s", HostileIr.Schema), ("t", HostileIr.Table));
        Assert.Equal(["select", "order", "café", HostileIr.Injection, HostileIr.Quoted, "end", "Mixed Case"], columns.Select(r => (string)r[0]!));
        // The injection did not run: no table "x" anywhere, and the roles exist with their odd names.
        Assert.Empty(await db.QueryAsync("SELECT 1 FROM pg_catalog.pg_class WHERE relname = 'x'"));
        Assert.Single(await db.QueryAsync("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = @r", ("r", "hostile \"pipe\"_writer")));

        var table = "\"Weird \"\"Schema\"\"\".\"select\"";
        const string insert = "INSERT INTO {0} (\"select\", \"order\", \"café\", \"\"\"; DROP TABLE x; --\", \"it's \"\"quoted\"\"\", \"end\") VALUES ('a', @order, @cafe, @inj, 1.50, now())";
        async Task Insert(int order, string? cafe, string? injection)
        {
            await using var connection = await db.OpenAsync();
            await using var command = new NpgsqlCommand(string.Format(System.Globalization.CultureInfo.InvariantCulture, insert, table), connection);
            command.Parameters.AddWithValue("order", order);
            command.Parameters.AddWithValue("cafe", (object?)cafe ?? DBNull.Value);
            command.Parameters.AddWithValue("inj", (object?)injection ?? DBNull.Value);
            await command.ExecuteNonQueryAsync();
        }

        await Insert(1, "café/o'k", "fine");           // passes every CHECK
        await Insert(2, null, null);                    // nulls pass, as in the spec's "is null or"
        var range = await Assert.ThrowsAsync<PostgresException>(() => Insert(101, "ok", "x"));
        Assert.Equal(PostgresErrorCodes.CheckViolation, range.SqlState);
        Assert.Contains("order range", range.ConstraintName);
        var pattern = await Assert.ThrowsAsync<PostgresException>(() => Insert(3, "UPPER", "x"));
        Assert.Contains("café pattern", pattern.ConstraintName);
        var quote = await Assert.ThrowsAsync<PostgresException>(() => Insert(4, "ok", "'; DROP TABLE y; --"));
        Assert.Contains("quote's rule", quote.ConstraintName);
    }

    [PostgresFact]
    public async Task Serving_view_shows_batch_rows_before_the_horizon_and_speed_rows_from_it()
    {
        var ir = WorldHungerIr.Build();
        var ddl = new PostgresTarget().Emit(ir, TargetOptions.Default).Single(f => f.RelativePath == "postgres/schema.sql").Content;
        await using var db = await PgTestDatabase.CreateAsync();
        await db.ExecuteAsync(ddl);

        const string columns = "(window_start, window_end, market, commodity, avg_price, max_price, observations)";
        await db.ExecuteAsync($"""
            INSERT INTO hunger.food_prices_batch {columns} VALUES
              ('2024-06-01T09:00Z', '2024-06-01T10:00Z', 'Kano', 'maize', 0.4, 0.4, 1),
              ('2024-06-01T10:00Z', '2024-06-01T11:00Z', 'Kano', 'maize', 0.45, 0.5, 2);
            INSERT INTO hunger.food_prices_speed {columns} VALUES
              ('2024-06-01T09:00Z', '2024-06-01T10:00Z', 'Kano', 'maize', 9, 9, 9),
              ('2024-06-01T10:00Z', '2024-06-01T11:00Z', 'Kano', 'maize', 0.46, 0.5, 3),
              ('2024-06-01T11:00Z', '2024-06-01T12:00Z', 'Kano', 'maize', 0.5, 0.5, 1);
            """);

        async Task<List<(string Start, long Observations)>> Served() =>
            (await db.QueryAsync("SELECT to_char(window_start AT TIME ZONE 'UTC', 'HH24:MI'), observations FROM hunger.food_prices ORDER BY window_start"))
            .Select(r => ((string)r[0]!, (long)r[1]!)).ToList();

        // No batch run yet: no horizon, so everything comes from the speed layer.
        Assert.Equal([("09:00", 9L), ("10:00", 3L), ("11:00", 1L)], await Served());

        // The batch job commits up to 10:00 (exclusive) and records its horizon.
        await db.ExecuteAsync("INSERT INTO hunger.pulse_horizon (serving_view, horizon) VALUES ('food_prices_now', '2024-06-01T10:00Z')");
        Assert.Equal([("09:00", 1L), ("10:00", 3L), ("11:00", 1L)], await Served());

        await db.ExecuteAsync("UPDATE hunger.pulse_horizon SET horizon = '2024-06-01T11:00Z'");
        Assert.Equal([("09:00", 1L), ("10:00", 2L), ("11:00", 1L)], await Served());
    }

    [PostgresFact]
    public async Task Reader_role_can_read_results_but_not_write_or_see_offsets()
    {
        var ir = WorldHungerIr.Build();
        var ddl = new PostgresTarget().Emit(ir, TargetOptions.Default).Single(f => f.RelativePath == "postgres/schema.sql").Content;
        await using var db = await PgTestDatabase.CreateAsync();
        await db.ExecuteAsync(ddl);

        async Task<bool> Can(string role, string table, string privilege) =>
            (bool)(await db.QueryAsync("SELECT has_table_privilege(@r, @t, @p)", ("r", role), ("t", table), ("p", privilege)))[0][0]!;

        Assert.True(await Can("world_hunger_reader", "hunger.cluster_trends", "SELECT"));
        Assert.True(await Can("world_hunger_reader", "hunger.food_prices", "SELECT"));
        Assert.False(await Can("world_hunger_reader", "hunger.cluster_trends", "INSERT"));
        Assert.False(await Can("world_hunger_reader", "hunger.pulse_offsets", "SELECT"));
        Assert.True(await Can("world_hunger_writer", "hunger.pulse_offsets", "UPDATE"));
        Assert.True(await Can("world_hunger_writer", "hunger.food_prices_speed", "INSERT"));
        // Group roles only: nobody logs in as them, and no password was set.
        var role = await db.QueryAsync("SELECT rolcanlogin, rolpassword IS NULL FROM pg_catalog.pg_authid WHERE rolname = 'world_hunger_writer'");
        Assert.Equal([false, true], role[0].Cast<bool>());
    }
}
