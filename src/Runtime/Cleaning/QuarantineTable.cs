using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Cleaning;

/// <summary>
/// The quarantine of one source (or sink): one row per rejected input row with the rule that rejected
/// it (<c>_malformed</c> for rows that could not be read or converted), the reason, the 1-based input
/// position, the original row as JSON and the id of the run that rejected it.
/// </summary>
public static class QuarantineTable
{
    public const string Malformed = "_malformed";

    public static string CreateSql(string table) =>
        $"CREATE TABLE IF NOT EXISTS {table} (position BIGINT, rule VARCHAR, reason VARCHAR, \"row\" JSON, run_id VARCHAR)";

    /// <summary>INSERT rows selected by <paramref name="select"/> (columns: position, rule, reason, row).</summary>
    public static string InsertSql(string table, string select, string runId) =>
        $"INSERT INTO {table} (position, rule, reason, \"row\", run_id) SELECT q.*, {SqlText.String(runId)} FROM ({select}) AS q";
}
