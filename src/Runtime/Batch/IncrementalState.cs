using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Batch;

/// <summary>
/// What a run did with an incremental view, published with it: the mark this run read from (<see cref="From"/>,
/// null when it computed the view in full), the mark the next run reads from
/// (<see cref="HighWater"/>, the greatest value of the column in the published output, as text; null when the
/// output is empty, so the next run recomputes in full), the fingerprint of the view's definition (a changed
/// view is recomputed in full), and this run's counts: the input rows the view processed, the published rows it
/// replaced (from the mark on) and the rows it wrote in their place.
/// </summary>
public sealed record IncrementalRun(string View, string Column, string Fingerprint, string? From, string? HighWater, string Mode,
    long InputRows, long ReplacedRows, long AddedRows)
{
    public const string Full = "full";
    public const string Incremental = "incremental";
}

/// <summary>
/// The table <c>pulse.incremental</c> of the state database: one row per incremental view, replaced in the
/// publish transaction, so the mark always describes the published output.
/// </summary>
internal static class IncrementalState
{
    public const string Table = "incremental";

    public static string CreateSql(RunDatabase database) =>
        $"CREATE TABLE IF NOT EXISTS {database.State(StateLayout.Meta, Table)} (\"view\" VARCHAR, \"column\" VARCHAR, fingerprint VARCHAR, " +
        "high_water VARCHAR, mode VARCHAR, input_rows BIGINT, replaced_rows BIGINT, added_rows BIGINT, run_id VARCHAR)";

    /// <summary>The mark and fingerprint the last published run left for <paramref name="view"/>, or null.</summary>
    public static (string Column, string Fingerprint, string? HighWater)? Previous(RunDatabase database, string view)
    {
        using var command = database.Connection.CreateCommand();
        command.CommandText = $"SELECT \"column\", fingerprint, high_water FROM {database.State(StateLayout.Meta, Table)} WHERE \"view\" = {SqlText.String(view)}";
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        return (reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
    }

    /// <summary>Statements that record <paramref name="run"/> (inside the publish transaction).</summary>
    public static IEnumerable<string> PublishSql(RunDatabase database, IncrementalRun run, string runId)
    {
        var table = database.State(StateLayout.Meta, Table);
        yield return $"DELETE FROM {table} WHERE \"view\" = {SqlText.String(run.View)}";
        yield return $"INSERT INTO {table} VALUES ({SqlText.String(run.View)}, {SqlText.String(run.Column)}, {SqlText.String(run.Fingerprint)}, " +
                     $"{(run.HighWater is null ? "NULL" : SqlText.String(run.HighWater))}, {SqlText.String(run.Mode)}, " +
                     $"{SqlText.Integer(run.InputRows)}, {SqlText.Integer(run.ReplacedRows)}, {SqlText.Integer(run.AddedRows)}, {SqlText.String(runId)})";
    }
}
