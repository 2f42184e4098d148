using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Targets.Postgres.Model;
using Pulse.Targets.Postgres.Sql;
using static Pulse.Targets.Postgres.Planning.MigrationPhase;

namespace Pulse.Targets.Postgres.Planning;

/// <summary>
/// <c>pulse plan</c> for PostgreSQL: compares the schema the IR wants with the previous state (the
/// last compile's <c>pulse.state.json</c> or the live catalog) and writes the ALTERs as one numbered
/// migration in one transaction. Destructive changes are refused unless explicitly allowed.
/// </summary>
public static class PostgresPlanner
{
    public static PlanResult Plan(PipelineIr desired, SchemaState? previous, PlanOptions options)
    {
        var model = PostgresModelParser.Parse(desired);
        var before = previous ?? new SchemaState(model.Pipeline, 0, [], []);
        var changes = Diff(model, before);
        var number = options.MigrationNumber ?? before.Migration + 1;
        var explanation = Explain(changes);

        if (changes.IsEmpty) return new PlanResult(changes, null, before, false, "The database schema is up to date.\n");

        var destructive = changes.Where(c => c.Destructive).ToList();
        if (destructive.Count > 0 && !options.AllowDestructive)
        {
            var refusal = $"Refused: {destructive.Count} destructive change(s) would lose data or fail on existing rows. " +
                          "Review them below and plan again with destructive changes allowed (--allow-destructive) to write the migration.\n";
            return new PlanResult(changes, null, before, true, refusal + explanation);
        }

        var migration = MigrationWriter.Write(model, number, previous is null ? "initial" : Slug(changes), changes);
        return new PlanResult(changes, migration, SchemaState.From(model, number), false, explanation);
    }

    /// <summary>The <c>--explain</c> text: one line per change with its classification and the reason.</summary>
    public static string Explain(IEnumerable<SchemaChange> changes)
    {
        var w = new Common.SourceWriter();
        foreach (var change in changes)
            w.Line($"[{change.Safety}] {change.Description}: {change.Explanation}");
        return w.ToString();
    }

    private static ImmutableArray<SchemaChange> Diff(PgModel model, SchemaState before)
    {
        var changes = new List<SchemaChange>();
        var changedTables = new HashSet<(string, string)>();

        var knownSchemas = before.Tables.Select(t => t.Schema).ToHashSet(StringComparer.Ordinal);
        foreach (var schema in model.Schemas.Where(s => !knownSchemas.Contains(s)))
            changes.Add(Change(ChangeKind.CreateSchema, false, schema, $"create schema {schema}", "a new schema holds no data yet",
                [new(CreateSchemas, $"CREATE SCHEMA IF NOT EXISTS {PgQuote.Ident(schema)};")], $"create_schema_{schema}"));

        foreach (var table in model.Tables)
        {
            var old = before.FindTable(table.Name.Schema, table.Name.Name);
            if (old is null) { changes.Add(CreateTable(table)); continue; }
            var count = changes.Count;
            DiffTable(table, old, changes);
            if (changes.Count > count) changedTables.Add((old.Schema, old.Name));
        }

        foreach (var old in before.Tables.Where(t => !model.Tables.Any(n => n.Name.Schema == t.Schema && n.Name.Name == t.Name)))
        {
            changedTables.Add((old.Schema, old.Name));
            changes.Add(Change(ChangeKind.DropTable, true, old.Display, $"drop table {old.Display}",
                "the spec no longer writes this table; dropping it deletes all its rows",
                [new(DropColumns, $"DROP TABLE IF EXISTS {PgQuote.Qualified(old.Schema, old.Name)};")], $"drop_table_{old.Name}"));
        }

        DiffViews(model, before, changedTables, changes);
        return changes.ToImmutableArray();
    }

    private static SchemaChange Change(ChangeKind kind, bool destructive, string subject, string description, string explanation,
        ImmutableArray<PlannedStatement> statements, string slug) =>
        new(kind, destructive, subject, description, explanation, statements, slug);

    private static SchemaChange CreateTable(PgTable table)
    {
        var w = new Common.SourceWriter();
        PostgresDdlEmitter.WriteTable(w, table);
        return Change(ChangeKind.CreateTable, false, table.Name.ToString(), $"create table {table.Name}", "a new table holds no data yet",
            [new(CreateTables, w.ToString().TrimEnd('\n'))], $"create_table_{table.Name.Name}");
    }

    private static void DiffTable(PgTable table, TableState old, List<SchemaChange> changes)
    {
        var name = PgQuote.Qualified(table.Name.Schema, table.Name.Name);
        var display = table.Name.ToString();

        foreach (var check in old.Checks.Where(c => !table.Checks.Any(n => n.Name == c.Name)))
            changes.Add(Change(ChangeKind.DropCheck, false, $"{display}.{check.Name}", $"drop check {check.Name} on {display}",
                "removing a constraint only relaxes what the table accepts",
                [new(DropConstraints, $"ALTER TABLE {name} DROP CONSTRAINT IF EXISTS {PgQuote.Ident(check.Name)};")], $"drop_check_{check.Name}"));

        foreach (var index in old.Indexes.Where(i => !table.Indexes.Any(n => n.Columns.SequenceEqual(i.Columns))))
            changes.Add(Change(ChangeKind.DropIndex, false, $"{display}.{index.Name}", $"drop index {index.Name} on {display}",
                "an index holds no data of its own; queries that used it get slower",
                [new(DropConstraints, $"DROP INDEX IF EXISTS {PgQuote.Qualified(table.Name.Schema, index.Name)};")], $"drop_index_{index.Name}"));

        if (!old.PrimaryKey.SequenceEqual(table.PrimaryKey))
        {
            var statements = ImmutableArray.CreateBuilder<PlannedStatement>();
            if (!old.PrimaryKey.IsEmpty)
                statements.Add(new(DropPrimaryKeys, $"ALTER TABLE {name} DROP CONSTRAINT IF EXISTS {PgQuote.Ident(old.PrimaryKeyName ?? PgNames.PrimaryKey(old.Name))};"));
            if (!table.PrimaryKey.IsEmpty)
                statements.Add(new(AddPrimaryKeys, $"ALTER TABLE {name} ADD CONSTRAINT {PgQuote.Ident(table.PrimaryKeyName!)} PRIMARY KEY ({string.Join(", ", table.PrimaryKey.Select(PgQuote.Ident))});"));
            changes.Add(Change(ChangeKind.ChangePrimaryKey, true, display,
                $"change the primary key of {display} from ({string.Join(", ", old.PrimaryKey)}) to ({string.Join(", ", table.PrimaryKey)})",
                "existing rows may violate the new key, and upserts that matched the old key now match different rows",
                statements.ToImmutable(), $"change_key_{table.Name.Name}"));
        }

        foreach (var column in old.Columns.Where(c => table.Columns.All(n => n.Name != c.Name)))
            changes.Add(Change(ChangeKind.DropColumn, true, $"{display}.{column.Name}", $"drop column {display}.{column.Name}",
                "dropping a column deletes its values in every row",
                [new(DropColumns, $"ALTER TABLE {name} DROP COLUMN IF EXISTS {PgQuote.Ident(column.Name)};")], $"drop_column_{column.Name}"));

        foreach (var column in table.Columns)
        {
            var was = old.FindColumn(column.Name);
            var subject = $"{display}.{column.Name}";
            var ident = PgQuote.Ident(column.Name);
            if (was is null)
            {
                var statements = ImmutableArray.CreateBuilder<PlannedStatement>();
                statements.Add(new(AddColumns, $"ALTER TABLE {name} ADD COLUMN IF NOT EXISTS {PostgresDdlEmitter.ColumnDefinition(column)};"));
                if (column.Comment is not null)
                    statements.Add(new(Comments, $"COMMENT ON COLUMN {name}.{ident} IS {PgQuote.Literal(column.Comment)};"));
                var needsValue = column.NotNull && column.Default is null && !column.Identity;
                changes.Add(Change(ChangeKind.AddColumn, needsValue, subject,
                    $"add {(column.NotNull ? "NOT NULL" : "nullable")} column {subject} {column.Type}",
                    needsValue ? "existing rows have no value for a NOT NULL column without a default: the ALTER fails unless the table is empty"
                               : "existing rows get NULL (or the default); nothing is rewritten or lost",
                    statements.ToImmutable(), $"add_column_{column.Name}"));
                continue;
            }
            if (was.Type != column.Type)
            {
                var widening = TypeWidening.IsWidening(was.Type, column.Type, out var why);
                changes.Add(Change(ChangeKind.AlterColumnType, !widening, subject,
                    $"{(widening ? "widen" : "change")} column {subject} from {was.Type} to {column.Type}", why,
                    [new(AlterTypes, $"ALTER TABLE {name} ALTER COLUMN {ident} TYPE {column.Type} USING {ident}::{column.Type};")],
                    $"{(widening ? "widen" : "change")}_{column.Name}"));
            }
            if (was.NotNull && !column.NotNull)
                changes.Add(Change(ChangeKind.DropNotNull, false, subject, $"make column {subject} nullable",
                    "dropping NOT NULL only relaxes what the column accepts",
                    [new(Nullability, $"ALTER TABLE {name} ALTER COLUMN {ident} DROP NOT NULL;")], $"nullable_{column.Name}"));
            else if (!was.NotNull && column.NotNull)
                changes.Add(Change(ChangeKind.SetNotNull, true, subject, $"make column {subject} NOT NULL",
                    "existing rows may hold NULL there, and the ALTER fails on the first one",
                    [new(Nullability, $"ALTER TABLE {name} ALTER COLUMN {ident} SET NOT NULL;")], $"not_null_{column.Name}"));
        }

        foreach (var index in table.Indexes.Where(i => !old.Indexes.Any(o => o.Columns.SequenceEqual(i.Columns))))
            changes.Add(Change(ChangeKind.AddIndex, false, $"{display}.{index.Name}", $"add index {index.Name} on {display} ({string.Join(", ", index.Columns)})",
                "an index is derived from the rows; building it locks writes while it runs but loses nothing",
                [new(AddConstraints, PostgresDdlEmitter.CreateIndex(table.Name, index))], $"add_index_{string.Join("_", index.Columns)}"));

        foreach (var check in table.Checks.Where(c => !old.Checks.Any(o => o.Name == c.Name)))
            changes.Add(Change(ChangeKind.AddCheck, false, $"{display}.{check.Name}", $"add check {check.Name} on {display}",
                "added NOT VALID: new rows are checked, existing rows are not re-validated (VALIDATE CONSTRAINT checks them later)",
                [new(AddConstraints, $"ALTER TABLE {name} ADD CONSTRAINT {PgQuote.Ident(check.Name)} CHECK {check.Sql} NOT VALID;")],
                $"add_check_{check.Expectation}"));
    }

    /// <summary>
    /// A view that reads a changed table is dropped before the change and created again after it:
    /// PostgreSQL refuses to alter a column a view depends on. A view holds no data, so this is safe.
    /// </summary>
    private static void DiffViews(PgModel model, SchemaState before, HashSet<(string, string)> changedTables, List<SchemaChange> changes)
    {
        foreach (var view in model.Views)
        {
            var display = view.Name.ToString();
            var old = before.Views.FirstOrDefault(v => v.Schema == view.Name.Schema && v.Name == view.Name.Name);
            var create = CreateView(view);
            if (old is null)
            {
                changes.Add(Change(ChangeKind.CreateView, false, display, $"create view {display}", "a view holds no data", create, $"create_view_{view.Name.Name}"));
                continue;
            }
            var reason = !old.Columns.SequenceEqual(view.Columns) ? "its columns changed"
                : view.Reads.Any(r => changedTables.Contains((r.Schema, r.Name))) ? "a table it reads changes in this migration"
                : null;
            if (reason is null) continue;
            changes.Add(Change(ChangeKind.ReplaceView, false, display, $"recreate view {display}",
                $"{reason}; a view holds no data, so dropping and recreating it loses nothing",
                [new(DropViews, $"DROP VIEW IF EXISTS {PgQuote.Qualified(view.Name.Schema, view.Name.Name)};"), .. create],
                $"recreate_view_{view.Name.Name}"));
        }
        foreach (var old in before.Views.Where(v => !model.Views.Any(n => n.Name.Schema == v.Schema && n.Name.Name == v.Name)))
            changes.Add(Change(ChangeKind.DropView, false, $"{old.Schema}.{old.Name}", $"drop view {old.Schema}.{old.Name}",
                "a view holds no data", [new(DropViews, $"DROP VIEW IF EXISTS {PgQuote.Qualified(old.Schema, old.Name)};")], $"drop_view_{old.Name}"));
    }

    private static ImmutableArray<PlannedStatement> CreateView(PgView view)
    {
        var w = new Common.SourceWriter();
        PostgresDdlEmitter.WriteView(w, view);
        return [new(CreateViews, w.ToString().TrimEnd('\n'))];
    }

    /// <summary>A file-name slug from the first changes: lower-case ASCII letters, digits and '_', at most 48 characters.</summary>
    public static string Slug(IReadOnlyList<SchemaChange> changes)
    {
        var parts = changes.Take(2).Select(c => c.Slug).ToList();
        var text = string.Join("_and_", parts) + (changes.Count > 2 ? "_and_more" : "");
        var slug = new System.Text.StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            var keep = c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : '_';
            if (keep == '_' && slug.Length > 0 && slug[^1] == '_') continue;
            slug.Append(keep);
        }
        var result = slug.ToString().Trim('_');
        if (result.Length > 48) result = result[..48].TrimEnd('_');
        return result.Length == 0 ? "change" : result;
    }
}
