using DuckDB.NET.Data;
using Pulse.Compiler.Ir;

namespace Pulse.Runtime.Cleaning;

/// <summary>What the cleaner needs from the run.</summary>
public sealed class CleaningContext
{
    public required DuckDBConnection Connection { get; init; }
    public required SourceIr Source { get; init; }
    public required string RunId { get; init; }
    /// <summary>The run start as a SQL TIMESTAMP literal (<c>now()</c>, freshness).</summary>
    public required string Now { get; init; }
    /// <summary>Makes a qualified name for a scratch table. Unused: cleaning keeps its one scratch table in DuckDB's temp catalog.</summary>
    public Func<string, string>? ScratchTable { get; init; }
    /// <summary>The qualified quarantine table of this source (already created, see <see cref="QuarantineTable"/>).</summary>
    public required string Quarantine { get; init; }
    /// <summary>
    /// Where to keep the table of every row's verdict after cleaning (null: a temporary table, dropped). When
    /// kept, and the steps did not reorder the rows, the output is a view of the kept rows over it instead of
    /// a copy of them.
    /// </summary>
    public string? VerdictTable { get; init; }
    /// <summary>Resolves a relation named by <c>references</c> (a source or view computed earlier in the run).</summary>
    public required Func<string, string> RelationTable { get; init; }
}
