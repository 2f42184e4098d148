using Pulse.Compiler.Ir;
using Pulse.Targets.Common;
using Pulse.Targets.Postgres.Model;
using Pulse.Targets.Postgres.Sql;

namespace Pulse.Targets.Postgres;

/// <summary>
/// Writes the complete DDL of a <see cref="PgModel"/>: idempotent (IF NOT EXISTS / OR REPLACE), in
/// one transaction, so it can be applied to an empty database or re-applied to an up-to-date one.
/// Changes to an existing database go through <see cref="Planning.PostgresPlanner"/> migrations.
/// </summary>
public static class PostgresDdlEmitter
{
    public static string Emit(PgModel model)
    {
        var w = new SourceWriter();
        w.Header(CommentStyle.Sql, model.Pipeline, "PostgreSQL schema");
        w.Line("BEGIN;").Line();
        WriteRoles(w, model);
        foreach (var schema in model.Schemas) w.Line($"CREATE SCHEMA IF NOT EXISTS {PgQuote.Ident(schema)};");
        w.Line();
        foreach (var table in model.Tables) WriteTable(w, table);
        foreach (var view in model.Views) WriteView(w, view);
        WriteGrants(w, model, model.Tables, model.Views);
        w.Line("COMMIT;");
        return w.ToString();
    }

    /// <summary>
    /// Group roles without LOGIN and without a password: deployments grant them to login roles whose
    /// credentials live in the secret manager. Roles are cluster-wide, hence the existence check.
    /// </summary>
    public static void WriteRoles(SourceWriter w, PgModel model)
    {
        w.Line("-- Roles: the pipeline writes as the writer role and dashboards read as the reader role.");
        foreach (var role in new[] { model.WriterRole, model.ReaderRole })
        {
            var body = $"IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = {PgQuote.Literal(role)}) THEN\n" +
                       $"    CREATE ROLE {PgQuote.Ident(role)} NOLOGIN;\n  END IF;";
            w.Line(DoBlock(body));
        }
        w.Line();
    }

    /// <summary>A DO block whose dollar-quote tag cannot occur in its body, whatever names the body holds.</summary>
    public static string DoBlock(string body)
    {
        var tag = "$pulse$";
        for (var n = 1; body.Contains(tag, StringComparison.Ordinal); n++) tag = $"$pulse{n}$";
        return $"DO {tag}\nBEGIN\n  {body}\nEND\n{tag};";
    }

    public static void WriteTable(SourceWriter w, PgTable table)
    {
        var name = PgQuote.Qualified(table.Name.Schema, table.Name.Name);
        w.Line($"-- {SourceWriter.OneLine(Describe(table))}");
        w.Line($"CREATE TABLE IF NOT EXISTS {name} (");
        using (w.Block())
        {
            var items = table.Columns.Select(ColumnDefinition).ToList();
            if (!table.PrimaryKey.IsEmpty)
                items.Add($"CONSTRAINT {PgQuote.Ident(table.PrimaryKeyName!)} PRIMARY KEY ({string.Join(", ", table.PrimaryKey.Select(PgQuote.Ident))})");
            foreach (var check in table.Checks)
                items.Add($"CONSTRAINT {PgQuote.Ident(check.Name)} CHECK {check.Sql}");
            for (var i = 0; i < items.Count; i++) w.Line(items[i] + (i < items.Count - 1 ? "," : ""));
        }
        w.Line(");");
        WriteSkipped(w, table);
        foreach (var index in table.Indexes) w.Line(CreateIndex(table.Name, index));
        WriteComments(w, table);
        w.Line();
    }

    private static string Describe(PgTable table) => table.Role switch
    {
        PgTableRole.Sink => $"Sink {table.Sink} ({Origin(table.Origin)})",
        PgTableRole.ServingBatch => $"Sink {table.Sink}: batch layer ({Origin(table.Origin)})",
        PgTableRole.ServingSpeed => $"Sink {table.Sink}: speed layer ({Origin(table.Origin)})",
        PgTableRole.Horizon => "Serving horizons: batch rows before, speed rows at or after",
        PgTableRole.Offsets => "Stream offsets of the speed layer (exactly-once)",
        PgTableRole.Quarantine => "Quarantined rows",
        _ => table.Role.ToString(),
    };

    private static string Origin(Origin origin) => origin.Line > 0 ? $"{Path.GetFileName(origin.File)}:{origin.Line}" : "generated";

    public static string ColumnDefinition(PgColumn column)
    {
        var text = $"{PgQuote.Ident(column.Name)} {column.Type}";
        if (column.Identity) text += " GENERATED ALWAYS AS IDENTITY";
        if (column.NotNull) text += " NOT NULL";
        if (column.Default is not null) text += " DEFAULT " + column.Default;
        return text;
    }

    public static string CreateIndex(PgName table, PgIndex index) =>
        $"CREATE INDEX IF NOT EXISTS {PgQuote.Ident(index.Name)} ON {PgQuote.Qualified(table.Schema, table.Name)} ({string.Join(", ", index.Columns.Select(PgQuote.Ident))});";

    private static void WriteSkipped(SourceWriter w, PgTable table)
    {
        if (table.SkippedChecks.IsEmpty) return;
        w.Line("-- Expectations not enforced by a CHECK here:");
        foreach (var s in table.SkippedChecks)
            w.Line($"--   {SourceWriter.OneLine(s.Source)}.{SourceWriter.OneLine(s.Expectation)}: {SourceWriter.OneLine(s.Reason)}");
    }

    public static void WriteComments(SourceWriter w, PgTable table)
    {
        var name = PgQuote.Qualified(table.Name.Schema, table.Name.Name);
        if (table.Comment is not null) w.Line($"COMMENT ON TABLE {name} IS {PgQuote.Literal(table.Comment)};");
        foreach (var column in table.Columns.Where(c => c.Comment is not null))
            w.Line($"COMMENT ON COLUMN {name}.{PgQuote.Ident(column.Name)} IS {PgQuote.Literal(column.Comment!)};");
        foreach (var check in table.Checks)
            w.Line($"COMMENT ON CONSTRAINT {PgQuote.Ident(check.Name)} ON {name} IS {PgQuote.Literal($"expectation {check.Source}.{check.Expectation}")};");
    }

    public static void WriteView(SourceWriter w, PgView view)
    {
        var name = PgQuote.Qualified(view.Name.Schema, view.Name.Name);
        w.Line($"-- Sink {view.Sink}: the serving view ({Origin(view.Origin)})");
        w.Line($"CREATE OR REPLACE VIEW {name} AS");
        w.Line(view.Query + ";");
        if (view.Comment is not null) w.Line($"COMMENT ON VIEW {name} IS {PgQuote.Literal(view.Comment)};");
        w.Line();
    }

    /// <summary>Least privilege: the writer may change pipeline tables, the reader may only read results.</summary>
    public static void WriteGrants(SourceWriter w, PgModel model, IEnumerable<PgTable> tables, IEnumerable<PgView> views)
    {
        var writer = PgQuote.Ident(model.WriterRole);
        var reader = PgQuote.Ident(model.ReaderRole);
        w.Line("-- Grants");
        foreach (var schema in model.Schemas)
            w.Line($"GRANT USAGE ON SCHEMA {PgQuote.Ident(schema)} TO {writer}, {reader};");
        foreach (var table in tables)
        {
            var name = PgQuote.Qualified(table.Name.Schema, table.Name.Name);
            w.Line($"GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON {name} TO {writer};");
            if (table.Role != PgTableRole.Offsets) w.Line($"GRANT SELECT ON {name} TO {reader};");
        }
        foreach (var view in views)
            w.Line($"GRANT SELECT ON {PgQuote.Qualified(view.Name.Schema, view.Name.Name)} TO {writer}, {reader};");
        w.Line();
    }
}
