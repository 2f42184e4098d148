using System.Collections.Immutable;
using Pulse.Compiler.Ir;

namespace Pulse.Targets.Postgres.Model;

/// <summary>
/// The PostgreSQL database a pipeline needs, as plain records: what <see cref="PostgresModelParser"/>
/// reads out of the IR and what the DDL emitter and the planner work from.
/// </summary>
public sealed record PgModel(
    string Pipeline,
    ImmutableArray<string> Schemas,
    ImmutableArray<PgTable> Tables,
    ImmutableArray<PgView> Views,
    string WriterRole,
    string ReaderRole)
{
    public bool IsEmpty => Tables.IsEmpty;
}

public sealed record PgName(string Schema, string Name)
{
    public override string ToString() => $"{Schema}.{Name}";
}

/// <summary>Why a table exists; the DDL groups and comments by it.</summary>
public enum PgTableRole { Sink, ServingBatch, ServingSpeed, Horizon, Offsets, Quarantine }

public sealed record PgColumn(string Name, string Type, bool NotNull, string? Comment = null, string? Default = null, bool Identity = false);

public sealed record PgIndex(string Name, ImmutableArray<string> Columns);

/// <summary>A CHECK from a source expectation; <see cref="Sql"/> is the boolean expression.</summary>
public sealed record PgCheck(string Name, string Sql, string Source, string Expectation);

/// <summary>An expectation upstream of the table that no CHECK enforces, with the reason (listed in a comment).</summary>
public sealed record PgSkippedCheck(string Source, string Expectation, string Reason);

public sealed record PgTable(
    PgName Name,
    PgTableRole Role,
    ImmutableArray<PgColumn> Columns,
    string? PrimaryKeyName,
    ImmutableArray<string> PrimaryKey,
    ImmutableArray<PgIndex> Indexes,
    ImmutableArray<PgCheck> Checks,
    ImmutableArray<PgSkippedCheck> SkippedChecks,
    string? Comment,
    /// <summary>The sink that writes it, when one does.</summary>
    string? Sink,
    Origin Origin);

/// <summary>A view; <see cref="Query"/> is the SELECT, <see cref="Reads"/> the tables it depends on.</summary>
public sealed record PgView(PgName Name, ImmutableArray<string> Columns, string Query, ImmutableArray<PgName> Reads, string? Comment, string? Sink, Origin Origin);
