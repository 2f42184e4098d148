using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DuckDB.NET.Data;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Sinks;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Streaming.Sinks;

/// <summary>
/// The rows a local sink of a speed view holds, in its own DuckDB file (<c>speed-sinks/&lt;sink&gt;.duckdb</c>
/// in the state directory): what the batch layer's writers rewrite the sink's target from, and what a
/// resumed stream adds to. A row replaces the stored row with the same identity (<see cref="Identity"/>),
/// so a window written again after a crash (at-least-once) is there once. Also keeps the rows a target
/// rejected (<c>rejected</c>). Both start over for a fresh stream and when the view's columns change.
/// </summary>
internal sealed class SpeedSinkStore : IDisposable
{
    public const string Folder = "speed-sinks";
    private const string Rows = "rows";
    private const string Checkpoint = "checkpoint";

    private readonly SinkIr sink;
    private readonly ViewIr view;
    private readonly IReadOnlyList<string> identity;
    private readonly string catalog;

    private SpeedSinkStore(DuckDBConnection connection, SinkIr sink, ViewIr view, IReadOnlyList<string> identity, string path)
    {
        Connection = connection;
        this.sink = sink;
        this.view = view;
        this.identity = identity;
        Path = path;
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT current_database()";
        catalog = (string)command.ExecuteScalar()!;
    }

    public DuckDBConnection Connection { get; }
    public string Path { get; }

    /// <summary>The stored rows, in the sink's columns, fully ordered (the same rows give the same files).</summary>
    public string RowsSql => $"SELECT {Columns} FROM {Table(Rows)} ORDER BY ALL";

    /// <summary>The rows of the last <see cref="Add"/>, in the sink's columns.</summary>
    public string CheckpointSql => $"SELECT {Columns} FROM {Table(Checkpoint)}";

    private string Columns => sink.Schema.Columns.IsDefaultOrEmpty ? "*" : SqlText.Join(sink.Schema.Columns.Select(c => SqlText.Identifier(c.Name)));

    private string Table(string name) => SqlText.Qualified(catalog, "main", name);

    /// <summary>
    /// The columns that identify a row of <paramref name="view"/> for <paramref name="sink"/>: a windowed
    /// view's window bounds and group keys (each window is emitted once); else the sink's document id or
    /// key; empty when rows have no identity (they are appended).
    /// </summary>
    public static IReadOnlyList<string> Identity(ViewIr view, SinkIr sink)
    {
        var columns = view.Schema.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        if (Aggregate(view.Root) is { Window: not null } aggregate)
        {
            string[] window = ["window_start", "window_end", .. aggregate.Keys.Select(k => k.Name)];
            if (window.All(columns.Contains)) return window;
        }
        var key = sink.Kind == SinkKind.Elasticsearch ? sink.DocumentId : sink.Key;
        return !key.IsDefaultOrEmpty && key.All(columns.Contains) ? key : [];
    }

    private static AggregateNode? Aggregate(RelNode node) => node switch
    {
        AggregateNode aggregate => aggregate,
        ScanNode or ViewScanNode => null,
        _ => node.Inputs.Length == 1 ? Aggregate(node.Inputs[0]) : null,
    };

    /// <summary>Opens (or creates) the sink's store; <paramref name="fresh"/> empties it (the stream is read again from its start).</summary>
    public static SpeedSinkStore Open(string stateDirectory, SinkIr sink, ViewIr view, bool fresh)
    {
        var path = System.IO.Path.Combine(stateDirectory, Folder, FileName(sink.Name));
        DuckDBConnection? connection = null;
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            connection = new DuckDBConnection(new DuckDBConnectionStringBuilder { DataSource = path }.ConnectionString);
            connection.Open();
            var store = new SpeedSinkStore(connection, sink, view, Identity(view, sink), path);
            store.Prepare(fresh);
            return store;
        }
        catch (Exception e) when (e is DuckDBException or IOException or UnauthorizedAccessException)
        {
            connection?.Dispose();
            throw new PulseRunException(RunError.At(sink.Origin, RuntimeCodes.FileSinkFailed,
                $"sink {sink.Name}: cannot open its speed-layer store {path}: {e.Message.Split('\n')[0]}",
                "another pulse process may be using the state directory; wait for it to finish or pass a different --state directory"), e);
        }
    }

    /// <summary>A file name for any sink name: safe characters kept, the rest hex-escaped, plus a short hash when anything changed.</summary>
    private static string FileName(string name)
    {
        var safe = new StringBuilder();
        foreach (var c in name) safe.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : "~" + ((int)c).ToString("x", CultureInfo.InvariantCulture));
        var text = safe.ToString();
        if (text != name) text += "-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8].ToLowerInvariant();
        return text + ".duckdb";
    }

    private void Prepare(bool fresh)
    {
        Execute("SET TimeZone = 'UTC'");
        var signature = string.Join(",", view.Schema.Columns.Select(c => $"{c.Name}:{DuckDbTypes.Name(c.Type)}")) + "|" + string.Join(",", identity);
        Execute($"CREATE TABLE IF NOT EXISTS {Table("pulse_meta")} (signature VARCHAR)");
        using (var command = Connection.CreateCommand())
        {
            command.CommandText = $"SELECT signature FROM {Table("pulse_meta")}";
            if (fresh || command.ExecuteScalar() as string != signature)
            {
                Execute($"DROP TABLE IF EXISTS {Table(Rows)}");
                Execute($"DROP TABLE IF EXISTS {Table("rejected")}");
            }
        }
        Execute($"DELETE FROM {Table("pulse_meta")}");
        Execute($"INSERT INTO {Table("pulse_meta")} VALUES ({SqlText.String(signature)})");
        if (!Exists(Rows)) DuckDbRowLoader.Load(Connection, catalog, "main", Rows, view.Schema, []);
        Execute($"CREATE TABLE IF NOT EXISTS {Table("rejected")} (sink VARCHAR, position BIGINT, rule VARCHAR, reason VARCHAR, \"row\" VARCHAR, recorded_at TIMESTAMP)");
    }

    /// <summary>
    /// Takes a checkpoint's rows, readable through <see cref="CheckpointSql"/> until the next call; with
    /// <paramref name="keep"/> also stores them (replacing rows with the same identity).
    /// </summary>
    public void Add(IReadOnlyList<object?[]> rows, bool keep)
    {
        Execute($"DROP TABLE IF EXISTS {Table(Checkpoint)}");
        DuckDbRowLoader.Load(Connection, catalog, "main", Checkpoint, view.Schema, rows);
        if (!keep) return;
        Execute("BEGIN TRANSACTION");
        try
        {
            if (identity.Count > 0)
            {
                Execute($"DELETE FROM {Table(Rows)} AS t WHERE EXISTS (SELECT 1 FROM {Table(Checkpoint)} AS n WHERE {Match})");
            }
            Execute($"INSERT INTO {Table(Rows)} SELECT * FROM {Table(Checkpoint)}");
            Execute("COMMIT");
        }
        catch
        {
            Execute("ROLLBACK");
            throw;
        }
    }

    // ---- placement: which write (file group) of an append-style file sink holds each stored row ----

    private const string Placed = "placed";
    private const string Files = "files";
    private const string WriteColumn = "__pulse_write";

    /// <summary>After a whole rewrite of the target: every stored row is in write 0, whose files are <paramref name="files"/>.</summary>
    public void ResetPlacement(IEnumerable<string> files)
    {
        Execute($"DROP TABLE IF EXISTS {Table(Placed)}");
        Execute($"CREATE TABLE {Table(Placed)} AS SELECT *, 0::BIGINT AS {SqlText.Identifier(WriteColumn)} FROM {Table(Rows)}");
        Execute($"CREATE OR REPLACE TABLE {Table(Files)} (write BIGINT, path VARCHAR)");
        foreach (var file in files) Execute($"INSERT INTO {Table(Files)} VALUES (0, {SqlText.String(file)})");
    }

    /// <summary>The number the next write gets.</summary>
    public long NextWrite() => Scalar($"SELECT coalesce(max(write), 0) + 1 FROM {Table(Files)}");

    /// <summary>The writes holding a row the last <see cref="Add"/> replaces (same identity): their files are rewritten with the rest of their rows.</summary>
    public IReadOnlyList<long> ReplacedWrites()
    {
        if (identity.Count == 0) return [];
        return Longs($"SELECT DISTINCT {SqlText.Identifier(WriteColumn)} FROM {Table(Placed)} AS t WHERE EXISTS (SELECT 1 FROM {Table(Checkpoint)} AS n WHERE {Match}) ORDER BY 1");
    }

    /// <summary>What a write holds: the last <see cref="Add"/>'s rows and the rows of the <paramref name="replaced"/> writes it does not replace, in the sink's columns.</summary>
    public string AppendSql(IReadOnlyList<long> replaced) => replaced.Count == 0
        ? CheckpointSql
        : $"{CheckpointSql} UNION ALL SELECT {Columns} FROM {Table(Placed)} AS t WHERE {SqlText.Identifier(WriteColumn)} IN ({WriteList(replaced)}) " +
          $"AND NOT EXISTS (SELECT 1 FROM {Table(Checkpoint)} AS n WHERE {Match})";

    /// <summary>The files (relative paths) of <paramref name="writes"/>.</summary>
    public IReadOnlyList<string> FilesOf(IReadOnlyList<long> writes)
    {
        if (writes.Count == 0) return [];
        using var command = Connection.CreateCommand();
        command.CommandText = $"SELECT path FROM {Table(Files)} WHERE write IN ({WriteList(writes)}) ORDER BY path";
        using var reader = command.ExecuteReader();
        var files = new List<string>();
        while (reader.Read()) files.Add(reader.GetString(0));
        return files;
    }

    /// <summary>Records <paramref name="write"/>: it holds the last <see cref="Add"/>'s rows and what survived of the <paramref name="replaced"/> writes, whose files are gone.</summary>
    public void Place(long write, IReadOnlyList<long> replaced, IEnumerable<string> files)
    {
        var number = write.ToString(CultureInfo.InvariantCulture);
        Execute("BEGIN TRANSACTION");
        try
        {
            if (replaced.Count > 0)
            {
                var list = WriteList(replaced);
                Execute($"UPDATE {Table(Placed)} AS t SET {SqlText.Identifier(WriteColumn)} = {number} WHERE {SqlText.Identifier(WriteColumn)} IN ({list}) " +
                        $"AND NOT EXISTS (SELECT 1 FROM {Table(Checkpoint)} AS n WHERE {Match})");
                Execute($"DELETE FROM {Table(Placed)} WHERE {SqlText.Identifier(WriteColumn)} IN ({list})");
                Execute($"DELETE FROM {Table(Files)} WHERE write IN ({list})");
            }
            Execute($"INSERT INTO {Table(Placed)} SELECT *, {number} FROM {Table(Checkpoint)}");
            foreach (var file in files) Execute($"INSERT INTO {Table(Files)} VALUES ({number}, {SqlText.String(file)})");
            Execute("COMMIT");
        }
        catch
        {
            Execute("ROLLBACK");
            throw;
        }
    }

    /// <summary>How many rows the store holds (what the target holds).</summary>
    public long Count() => Scalar($"SELECT count(*) FROM {Table(Rows)}");

    private string Match => string.Join(" AND ", identity.Select(k => $"n.{SqlText.Identifier(k)} IS NOT DISTINCT FROM t.{SqlText.Identifier(k)}"));

    private static string WriteList(IReadOnlyList<long> writes) => string.Join(", ", writes.Select(w => w.ToString(CultureInfo.InvariantCulture)));

    private long Scalar(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private List<long> Longs(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<long>();
        while (reader.Read()) values.Add(reader.GetInt64(0));
        return values;
    }

    /// <summary>Keeps the rows a target refused (the speed layer has no run quarantine to put them in).</summary>
    public void Reject(IReadOnlyList<RejectedRow> rows)
    {
        foreach (var row in rows)
            Execute($"INSERT INTO {Table("rejected")} VALUES ({SqlText.String(sink.Name)}, {row.Position.ToString(CultureInfo.InvariantCulture)}, " +
                    $"{SqlText.String(row.Rule)}, {SqlText.String(row.Reason)}, {SqlText.String(row.RowJson)}, now())");
    }

    private bool Exists(string table)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM duckdb_tables() WHERE database_name = {SqlText.String(catalog)} AND schema_name = 'main' AND table_name = {SqlText.String(table)}";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    private void Execute(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => Connection.Dispose();
}
