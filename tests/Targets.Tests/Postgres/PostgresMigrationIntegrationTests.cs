using System.Collections.Immutable;
using Pulse.Targets.Postgres;
using Pulse.Targets.Postgres.Planning;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Postgres;

/// <summary>Generated migrations applied in sequence to a real database, checking the catalog after each.</summary>
public class PostgresMigrationIntegrationTests
{
    [PostgresFact]
    public async Task Migrations_v1_to_v3_apply_in_sequence_and_keep_the_data()
    {
        await using var db = await PgTestDatabase.CreateAsync();

        // v1: nothing recorded yet, so the whole schema is migration 0001.
        var v1 = PostgresPlanner.Plan(MigrationSpecs.Version(1), null, new PlanOptions());
        Assert.Equal("postgres/migrations/0001_initial.sql", v1.Migration!.RelativePath);
        await db.ExecuteAsync(v1.Migration.Content);
        await CatalogAssert.MatchesAsync(db, PostgresModelParser.Parse(MigrationSpecs.Version(1)));
        await db.ExecuteAsync("INSERT INTO inv.stock (sku, warehouse, qty, price) VALUES ('a-1', 'north', 2147483647, 12345678.90)");

        // v2: a nullable column and an index, both safe.
        var v2 = PostgresPlanner.Plan(MigrationSpecs.Version(2), v1.NewState, new PlanOptions());
        Assert.False(v2.Refused);
        Assert.All(v2.Changes, c => Assert.False(c.Destructive));
        Assert.Equal("postgres/migrations/0002_add_column_note_and_add_index_qty.sql", v2.Migration!.RelativePath);
        await db.ExecuteAsync(v2.Migration.Content);
        await CatalogAssert.MatchesAsync(db, PostgresModelParser.Parse(MigrationSpecs.Version(2)));
        await CatalogAssert.PlannerSeesNoChangesAsync(db, MigrationSpecs.Version(2), PostgresModelParser.Parse(MigrationSpecs.Version(2)));

        // v3: int -> bigint and numeric(10,2) -> numeric(14,2) are widenings.
        var v3 = PostgresPlanner.Plan(MigrationSpecs.Version(3), v2.NewState, new PlanOptions());
        Assert.Equal([ChangeKind.AlterColumnType, ChangeKind.AlterColumnType], v3.Changes.Select(c => c.Kind));
        Assert.All(v3.Changes, c => Assert.False(c.Destructive));
        Assert.StartsWith("postgres/migrations/0003_widen_qty_and_widen_price", v3.Migration!.RelativePath);
        await db.ExecuteAsync(v3.Migration.Content);
        await CatalogAssert.MatchesAsync(db, PostgresModelParser.Parse(MigrationSpecs.Version(3)));
        await CatalogAssert.PlannerSeesNoChangesAsync(db, MigrationSpecs.Version(3), PostgresModelParser.Parse(MigrationSpecs.Version(3)));

        var row = (await db.QueryAsync("SELECT qty, price::text FROM inv.stock WHERE sku = 'a-1'"))[0];
        Assert.Equal(2147483647L, row[0]);
        Assert.Equal("12345678.90", row[1]);
        await db.ExecuteAsync("INSERT INTO inv.stock (sku, warehouse, qty, price) VALUES ('a-2', 'north', 9000000000, 123456789012.34)");
        Assert.Equal(3, v3.NewState.Migration);
    }

    [PostgresFact]
    public async Task Destructive_changes_are_refused_with_an_explanation_and_applied_only_when_allowed()
    {
        await using var db = await PgTestDatabase.CreateAsync();
        var v3 = PostgresPlanner.Plan(MigrationSpecs.Version(3), null, new PlanOptions());
        await db.ExecuteAsync(v3.Migration!.Content);

        // The previous schema comes from the live catalog this time.
        var live = await PostgresCatalogReader.ReadAsync(db.ConnectionString, "stock_levels", ["inv"]);
        var refused = PostgresPlanner.Plan(MigrationSpecs.Version(4), live, new PlanOptions());
        Assert.True(refused.Refused);
        Assert.Null(refused.Migration);
        Assert.Same(live, refused.NewState);
        Assert.Contains("Refused: 2 destructive change(s)", refused.Explanation);
        Assert.Contains("[destructive] change the primary key of inv.stock from (sku, warehouse) to (sku): existing rows may violate the new key", refused.Explanation);
        Assert.Contains("[destructive] drop column inv.stock.note: dropping a column deletes its values in every row", refused.Explanation);

        var allowed = PostgresPlanner.Plan(MigrationSpecs.Version(4), live, new PlanOptions(AllowDestructive: true, MigrationNumber: 4));
        Assert.False(allowed.Refused);
        Assert.Equal("postgres/migrations/0004_change_key_stock_and_drop_column_note.sql", allowed.Migration!.RelativePath);
        await db.ExecuteAsync(allowed.Migration.Content);
        await CatalogAssert.MatchesAsync(db, PostgresModelParser.Parse(MigrationSpecs.Version(4)));
    }

    [PostgresFact]
    public async Task A_failing_statement_rolls_the_whole_migration_back()
    {
        await using var db = await PgTestDatabase.CreateAsync();
        await db.ExecuteAsync(PostgresPlanner.Plan(MigrationSpecs.Version(3), null, new PlanOptions()).Migration!.Content);
        await db.ExecuteAsync("INSERT INTO inv.stock (sku, warehouse, qty, price, note) VALUES ('a', 'n', 1, 1, 'x'), ('a', 's', 1, 1, 'y')");
        var state = await PostgresCatalogReader.ReadAsync(db.ConnectionString, "stock_levels", ["inv"]);

        // The new key (sku) is violated by the two rows: the ADD PRIMARY KEY fails, so the DROP COLUMN must not stick either.
        var plan = PostgresPlanner.Plan(MigrationSpecs.Version(4), state, new PlanOptions(AllowDestructive: true));
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.ExecuteAsync(plan.Migration!.Content));
        var columns = await db.QueryAsync("SELECT column_name FROM information_schema.columns WHERE table_schema = 'inv' AND table_name = 'stock' AND column_name = 'note'");
        Assert.Single(columns);
    }

    [PostgresFact]
    public async Task Widening_a_served_column_recreates_the_serving_view_around_the_alter()
    {
        var v1 = WorldHungerIr.Build();
        var v2 = ServingWidened(v1);
        await using var db = await PgTestDatabase.CreateAsync();
        var first = PostgresPlanner.Plan(v1, null, new PlanOptions());
        await db.ExecuteAsync(first.Migration!.Content);

        var plan = PostgresPlanner.Plan(v2, first.NewState, new PlanOptions());
        Assert.False(plan.Refused);
        Assert.Contains(plan.Changes, c => c.Kind == ChangeKind.ReplaceView && c.Subject == "hunger.food_prices");
        var sql = plan.Migration!.Content;
        Assert.True(sql.IndexOf("DROP VIEW IF EXISTS \"hunger\".\"food_prices\"", StringComparison.Ordinal) < sql.IndexOf("ALTER COLUMN \"avg_price\"", StringComparison.Ordinal));
        await db.ExecuteAsync(sql);
        await CatalogAssert.MatchesAsync(db, PostgresModelParser.Parse(v2));
        await CatalogAssert.PlannerSeesNoChangesAsync(db, v2, PostgresModelParser.Parse(v2));
    }

    /// <summary>world-hunger with avg_price widened from numeric(10,4) to numeric(12,4) in the food prices sink.</summary>
    public static Compiler.Ir.PipelineIr ServingWidened(Compiler.Ir.PipelineIr ir)
    {
        var sinks = ir.Sinks.Select(s => s.Name != "food_prices_table" ? s : s with
        {
            Schema = new Compiler.Ir.RelSchema(s.Schema.Columns.Select(c => c.Name == "avg_price" ? c with { Type = T.Decimal(12, 4) } : c).ToImmutableArray()),
        });
        return ir with { Sinks = sinks.ToImmutableArray() };
    }
}
