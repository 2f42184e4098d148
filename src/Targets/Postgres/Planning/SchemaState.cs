using System.Collections.Immutable;
using Pulse.Targets.Postgres.Model;

namespace Pulse.Targets.Postgres.Planning;

/// <summary>
/// The shape of a pipeline's PostgreSQL schema as far as migrations care: tables, columns (type as
/// <c>format_type()</c> prints it, NOT NULL), primary keys, indexes, CHECK names and views. Written
/// as <c>pulse.state.json</c> on compile, or read from a live database by <see cref="PostgresCatalogReader"/>.
/// </summary>
public sealed record SchemaState(
    string Pipeline,
    /// <summary>The number of the last migration this state includes (0: the compiled baseline).</summary>
    int Migration,
    ImmutableArray<TableState> Tables,
    ImmutableArray<ViewState> Views)
{
    public const string FileName = "pulse.state.json";

    public static SchemaState From(PgModel model, int migration = 0) => new(model.Pipeline, migration,
        model.Tables.Select(t => new TableState(t.Name.Schema, t.Name.Name,
            t.Columns.Select(c => new ColumnState(c.Name, c.Type, c.NotNull)).ToImmutableArray(),
            t.PrimaryKeyName, t.PrimaryKey,
            t.Indexes.Select(i => new IndexState(i.Name, i.Columns)).ToImmutableArray(),
            t.Checks.Select(c => new CheckState(c.Name, c.Sql)).ToImmutableArray())).ToImmutableArray(),
        model.Views.Select(v => new ViewState(v.Name.Schema, v.Name.Name, v.Columns)).ToImmutableArray());

    public TableState? FindTable(string schema, string name) => Tables.FirstOrDefault(t => t.Schema == schema && t.Name == name);
}

public sealed record TableState(string Schema, string Name, ImmutableArray<ColumnState> Columns, string? PrimaryKeyName,
    ImmutableArray<string> PrimaryKey, ImmutableArray<IndexState> Indexes, ImmutableArray<CheckState> Checks)
{
    public string Display => $"{Schema}.{Name}";
    public ColumnState? FindColumn(string name) => Columns.FirstOrDefault(c => c.Name == name);
}

public sealed record ColumnState(string Name, string Type, bool NotNull);

public sealed record IndexState(string Name, ImmutableArray<string> Columns);

/// <summary>A CHECK is identified by its name, which embeds a hash of its expression; <see cref="Expression"/> is informative.</summary>
public sealed record CheckState(string Name, string? Expression);

public sealed record ViewState(string Schema, string Name, ImmutableArray<string> Columns);
