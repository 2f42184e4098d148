using Pulse.Targets.Postgres.Model;
using Pulse.Targets.Postgres.Planning;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Postgres;

/// <summary>Compares the live catalog of a test database with the tables and views a model asks for.</summary>
public static class CatalogAssert
{
    /// <summary>Columns (name, type, NOT NULL, order), primary keys, indexes and CHECK names, read straight from the catalog.</summary>
    public static async Task MatchesAsync(PgTestDatabase db, PgModel model)
    {
        foreach (var table in model.Tables)
        {
            var columns = await db.QueryAsync("""
                SELECT c.column_name, format_type(a.atttypid, a.atttypmod), c.is_nullable
                FROM information_schema.columns c
                JOIN pg_catalog.pg_namespace n ON n.nspname = c.table_schema
                JOIN pg_catalog.pg_class r ON r.relnamespace = n.oid AND r.relname = c.table_name
                JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid AND a.attname = c.column_name
                WHERE c.table_schema = @s AND c.table_name = @t ORDER BY c.ordinal_position
                """, ("s", table.Name.Schema), ("t", table.Name.Name));
            Assert.True(columns.Count > 0, $"table {table.Name} was not created");
            Assert.Equal(table.Columns.Select(c => c.Name), columns.Select(r => (string)r[0]!));
            Assert.Equal(table.Columns.Select(c => c.Type), columns.Select(r => (string)r[1]!));
            Assert.Equal(table.Columns.Select(c => c.NotNull ? "NO" : "YES"), columns.Select(r => (string)r[2]!));

            var key = await db.QueryAsync("""
                SELECT k.column_name FROM information_schema.table_constraints t
                JOIN information_schema.key_column_usage k ON k.constraint_name = t.constraint_name AND k.table_schema = t.table_schema AND k.table_name = t.table_name
                WHERE t.table_schema = @s AND t.table_name = @t AND t.constraint_type = 'PRIMARY KEY' ORDER BY k.ordinal_position
                """, ("s", table.Name.Schema), ("t", table.Name.Name));
            Assert.Equal(table.PrimaryKey, key.Select(r => (string)r[0]!));

            var indexes = await db.QueryAsync("SELECT indexname FROM pg_indexes WHERE schemaname = @s AND tablename = @t ORDER BY indexname",
                ("s", table.Name.Schema), ("t", table.Name.Name));
            var expectedIndexes = table.Indexes.Select(i => i.Name).Concat(table.PrimaryKeyName is null ? [] : [table.PrimaryKeyName]).Order(StringComparer.Ordinal);
            Assert.Equal(expectedIndexes, indexes.Select(r => (string)r[0]!).Order(StringComparer.Ordinal));

            var checks = await db.QueryAsync("""
                SELECT con.conname FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_class t ON t.oid = con.conrelid
                JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
                WHERE n.nspname = @s AND t.relname = @t AND con.contype = 'c' ORDER BY con.conname
                """, ("s", table.Name.Schema), ("t", table.Name.Name));
            Assert.Equal(table.Checks.Select(c => c.Name).Order(StringComparer.Ordinal), checks.Select(r => (string)r[0]!).Order(StringComparer.Ordinal));
        }
        foreach (var view in model.Views)
        {
            var columns = await db.QueryAsync("SELECT column_name FROM information_schema.columns WHERE table_schema = @s AND table_name = @t ORDER BY ordinal_position",
                ("s", view.Name.Schema), ("t", view.Name.Name));
            Assert.Equal(view.Columns, columns.Select(r => (string)r[0]!));
        }
    }

    /// <summary>The planner, reading the live catalog, must find nothing left to do.</summary>
    public static async Task PlannerSeesNoChangesAsync(PgTestDatabase db, Compiler.Ir.PipelineIr ir, PgModel model)
    {
        var live = await PostgresCatalogReader.ReadAsync(db.ConnectionString, model.Pipeline, model.Schemas);
        var plan = PostgresPlanner.Plan(ir, live, new PlanOptions());
        Assert.True(plan.Changes.IsEmpty, "planner against the live catalog still sees:\n" + plan.Explanation);
    }
}
