using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Sources;

/// <summary>
/// Scratch tables of a run live in DuckDB's temp catalog (in memory, spilled to disk only under memory
/// pressure, never compressed into the staging file); DuckDB wants <c>CREATE TEMP TABLE</c> for them.
/// Callers that hand out other names (tests, quarantine replay) get a plain <c>CREATE TABLE</c>.
/// </summary>
public static class ScratchTables
{
    public const string TempCatalog = "temp";

    private static readonly string TempPrefix = SqlText.Identifier(TempCatalog) + ".";

    /// <summary><c>CREATE [TEMP] TABLE name</c>, whichever the name needs.</summary>
    public static string Create(string table) =>
        table.StartsWith(TempPrefix, StringComparison.Ordinal) ? "CREATE TEMP TABLE " + table : "CREATE TABLE " + table;
}
