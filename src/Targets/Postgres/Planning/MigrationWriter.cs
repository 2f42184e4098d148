using System.Globalization;
using Pulse.Targets.Common;
using Pulse.Targets.Postgres.Model;
using Pulse.Targets.Postgres.Sql;

namespace Pulse.Targets.Postgres.Planning;

/// <summary>
/// Writes <c>postgres/migrations/NNNN_slug.sql</c>: the changes it contains as a comment, then every
/// statement in phase order inside one transaction, so a failing statement leaves the database as it was.
/// </summary>
public static class MigrationWriter
{
    public static GeneratedFile Write(PgModel model, int number, string slug, IReadOnlyList<SchemaChange> changes)
    {
        var name = $"{number.ToString("D4", CultureInfo.InvariantCulture)}_{slug}.sql";
        var w = new SourceWriter();
        w.Header(CommentStyle.Sql, model.Pipeline, $"PostgreSQL migration {name}");
        w.Line("-- Changes:");
        foreach (var change in changes) w.Line($"--   {SourceWriter.OneLine(change.ToString())}");
        w.Line();
        w.Line("BEGIN;");
        w.Line();
        foreach (var statement in changes.SelectMany(c => c.Statements).OrderBy(s => s.Phase))   // OrderBy is stable
            w.Line(statement.Sql);
        w.Line();
        WriteGrants(w, model, changes);
        w.Line("COMMIT;");
        return new GeneratedFile($"postgres/migrations/{name}", w.ToString());
    }

    /// <summary>New tables and views get the same roles and grants the full DDL gives them (all idempotent).</summary>
    private static void WriteGrants(SourceWriter w, PgModel model, IReadOnlyList<SchemaChange> changes)
    {
        bool Created(string subject, ChangeKind kind) => changes.Any(c => c.Kind == kind && c.Subject == subject);
        var tables = model.Tables.Where(t => Created(t.Name.ToString(), ChangeKind.CreateTable)).ToList();
        var views = model.Views.Where(v => Created(v.Name.ToString(), ChangeKind.CreateView) || Created(v.Name.ToString(), ChangeKind.ReplaceView)).ToList();
        if (tables.Count == 0 && views.Count == 0) return;
        PostgresDdlEmitter.WriteRoles(w, model);
        PostgresDdlEmitter.WriteGrants(w, model, tables, views);
    }
}
