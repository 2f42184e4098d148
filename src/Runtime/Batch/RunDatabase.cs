using System.Globalization;
using DuckDB.NET.Data;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Sources;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Batch;

/// <summary>
/// The DuckDB connection of one run: the state database opened as the main database (so other
/// connections in this process share it) and a fresh in-memory staging database attached to it. Nothing
/// is written to the state database until <see cref="Publisher"/> commits; a killed run leaves nothing behind.
/// </summary>
public sealed class RunDatabase : IDisposable
{
    private int scratch;

    private RunDatabase(DuckDBConnection connection, string stateDirectory, string stateCatalog)
    {
        Connection = connection;
        StateDirectory = stateDirectory;
        StateCatalog = stateCatalog;
    }

    public DuckDBConnection Connection { get; }
    public string StateDirectory { get; }
    public string StateCatalog { get; }
    public string StatePath => Path.Combine(StateDirectory, StateLayout.DatabaseFile);
    private string StagingPath => Path.Combine(StateDirectory, StateLayout.StagingFile);

    public static RunDatabase Open(string stateDirectory, bool withStaging = true)
    {
        DuckDBConnection? connection = null;
        try
        {
            Directory.CreateDirectory(stateDirectory);
            connection = new DuckDBConnection(new DuckDBConnectionStringBuilder { DataSource = Path.Combine(stateDirectory, StateLayout.DatabaseFile) }.ConnectionString);
            connection.Open();
            var catalog = Scalar(connection, "SELECT current_database()") ?? "state";
            var database = new RunDatabase(connection, stateDirectory, catalog);
            database.Execute("SET TimeZone = 'UTC'");
            foreach (var schema in new[] { StateLayout.Sources, StateLayout.Views, StateLayout.Quarantine, StateLayout.Meta })
                database.Execute($"CREATE SCHEMA IF NOT EXISTS {SqlText.Identifier(schema)}");
            database.Execute($"CREATE TABLE IF NOT EXISTS {SqlText.Qualified(StateLayout.Meta, "runs")} " +
                             "(run_id VARCHAR, pipeline VARCHAR, environment VARCHAR, started_at TIMESTAMP, status VARCHAR, report JSON)");
            database.Execute(IncrementalState.CreateSql(database));
            if (withStaging) database.AttachStaging();
            return database;
        }
        catch (Exception e) when (e is DuckDBException or IOException or UnauthorizedAccessException)
        {
            connection?.Dispose();
            throw new PulseRunException(RunError.At(null, RuntimeCodes.StateUnavailable,
                $"cannot open the state database in {stateDirectory}: {FirstLine(e.Message)}",
                "another pulse process may be using it; wait for it to finish or pass a different --state directory"), e);
        }
    }

    private void AttachStaging()
    {
        // Staging lives in memory (DuckDB spills it to its temp directory when memory runs short): the staged
        // tables are written to disk once, by the publish, instead of once here and again there. A staging
        // file left by an older version's killed run is removed.
        foreach (var stale in new[] { StagingPath, StagingPath + ".wal" })
            if (File.Exists(stale)) File.Delete(stale);
        Execute($"ATTACH ':memory:' AS {SqlText.Identifier(StateLayout.StageCatalog)}");
        foreach (var schema in new[] { StateLayout.Sources, StateLayout.Views, StateLayout.Quarantine, StateLayout.Work, StateLayout.Speed })
            Execute($"CREATE SCHEMA {SqlText.Qualified(StateLayout.StageCatalog, schema)}");
    }

    public string Stage(string schema, string name) => StateLayout.Table(StateLayout.StageCatalog, schema, name);
    public string State(string schema, string name) => StateLayout.Table(StateCatalog, schema, name);

    /// <summary>A unique scratch table name in the staging database.</summary>
    public string Scratch(string hint)
    {
        var (catalog, schema, table) = ScratchParts(hint);
        return StateLayout.Table(catalog, schema, table);
    }

    /// <summary>A unique scratch table as catalog, schema and table (for the appender, which takes them apart).</summary>
    public (string Catalog, string Schema, string Table) ScratchParts(string hint) =>
        (StateLayout.StageCatalog, StateLayout.Work, hint + "_" + (++scratch).ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// A unique table name in DuckDB's temp catalog (create it with <c>CREATE TEMP TABLE</c>): scratch rows of
    /// this connection that are never compressed and written into the staging file.
    /// </summary>
    public string Temp(string hint)
    {
        var (catalog, schema, table) = TempParts(hint);
        return StateLayout.Table(catalog, schema, table);
    }

    public (string Catalog, string Schema, string Table) TempParts(string hint) =>
        (ScratchTables.TempCatalog, "main", hint + "_" + (++scratch).ToString(CultureInfo.InvariantCulture));

    public void Execute(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public string? Scalar(string sql) => Scalar(Connection, sql);

    public bool TableExists(string catalog, string schema, string table) =>
        Scalar($"SELECT count(*) FROM duckdb_tables() WHERE database_name = {SqlText.String(catalog)} AND schema_name = {SqlText.String(schema)} AND table_name = {SqlText.String(table)}") != "0";

    /// <summary>A table or a view (a cleaned source may be a view of its kept rows).</summary>
    public bool RelationExists(string catalog, string schema, string name) => TableExists(catalog, schema, name) ||
        Scalar($"SELECT count(*) FROM duckdb_views() WHERE database_name = {SqlText.String(catalog)} AND schema_name = {SqlText.String(schema)} AND view_name = {SqlText.String(name)}") != "0";

    private static string? Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is null or DBNull ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
    }

    internal static string FirstLine(string message) => message.Split('\n')[0].Trim();

    /// <summary>Detaches and deletes the staging database.</summary>
    public void DropStaging()
    {
        try { Execute($"DETACH {SqlText.Identifier(StateLayout.StageCatalog)}"); }
        catch (DuckDBException) { /* not attached */ }
        foreach (var file in new[] { StagingPath, StagingPath + ".wal" })
            if (File.Exists(file)) File.Delete(file);
    }

    public void Dispose()
    {
        DropStaging();
        Connection.Dispose();
    }
}
