using System.Globalization;
using Npgsql;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Sinks;

/// <summary>
/// A PostgreSQL table, written in one transaction so readers see the old rows or the new ones, never half:
/// <c>append</c> is a binary COPY straight into the table, <c>replace</c> is TRUNCATE then that COPY (the
/// truncate's lock holds readers until commit), <c>upsert</c> COPYs into a temporary staging table and runs
/// INSERT ... ON CONFLICT (key) DO UPDATE from it. Values go typed per column (<see cref="CopyColumns"/>). A missing schema or
/// table is created (types from the IR, primary key from <c>key</c>, and the sink's <c>indexes</c>).
/// Upsert needs a unique index on the key columns; rows of one run that share a key are an error.
/// </summary>
public sealed class PostgresSink(SinkIr sink) : ISink
{
    public string Target => sink.Table?.ToString() ?? sink.Name;

    public bool InPublishTransaction => false;

    public async Task<SinkResult> WriteAsync(SinkContext context, CancellationToken cancellation)
    {
        var connection = context.SinkConnection!;
        var table = sink.Table ?? throw Error(RuntimeCodes.PostgresFailed, $"sink {sink.Name} has no table", "add table = \"schema.table\"");
        var target = SqlText.Qualified(table.Schema, table.Name);
        var columns = sink.Schema.Columns;
        var names = SqlText.Join(columns.Select(c => SqlText.Identifier(c.Name)));
        try
        {
            await using var pg = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresConnections.ConnectionString(connection)) { Timezone = "UTC" }.ConnectionString);
            await pg.OpenAsync(cancellation).ConfigureAwait(false);
            await EnsureTableAsync(pg, target, table, cancellation).ConfigureAwait(false);
            if (sink.Mode == WriteMode.Upsert) await RequireUniqueKeyAsync(pg, table, cancellation).ConfigureAwait(false);

            await using var transaction = await pg.BeginTransactionAsync(cancellation).ConfigureAwait(false);
            long rows;
            switch (sink.Mode)
            {
                case WriteMode.Replace:
                    // TRUNCATE takes the table's exclusive lock until commit: readers wait, then see the new rows.
                    await ExecuteAsync(pg, $"TRUNCATE {target}", cancellation).ConfigureAwait(false);
                    rows = await CopyAsync(context, pg, target, names, cancellation).ConfigureAwait(false);
                    break;
                case WriteMode.Upsert:
                    const string staging = "pulse_sink_stage";
                    await ExecuteAsync(pg, $"CREATE TEMP TABLE {staging} ({SqlText.Join(columns.Select(c => SqlText.Identifier(c.Name) + " " + PostgresTypes.Name(c.Type)))}) ON COMMIT DROP", cancellation).ConfigureAwait(false);
                    rows = await CopyAsync(context, pg, staging, names, cancellation).ConfigureAwait(false);
                    await RequireDistinctKeysAsync(pg, staging, cancellation).ConfigureAwait(false);
                    var key = SqlText.Join(sink.Key.Select(SqlText.Identifier));
                    var updates = columns.Where(c => !sink.Key.Contains(c.Name)).Select(c => $"{SqlText.Identifier(c.Name)} = EXCLUDED.{SqlText.Identifier(c.Name)}").ToList();
                    var action = updates.Count == 0 ? "DO NOTHING" : "DO UPDATE SET " + SqlText.Join(updates);
                    await ExecuteAsync(pg, $"INSERT INTO {target} ({names}) SELECT {names} FROM {staging} ON CONFLICT ({key}) {action}", cancellation).ConfigureAwait(false);
                    break;
                default:
                    rows = await CopyAsync(context, pg, target, names, cancellation).ConfigureAwait(false);
                    break;
            }
            await transaction.CommitAsync(cancellation).ConfigureAwait(false);
            return new SinkResult(rows);
        }
        catch (Exception e) when (e is NpgsqlException or PostgresException or TimeoutException)
        {
            throw PostgresConnections.Failure(connection, $"sink {sink.Name} cannot write {table}", e);
        }
    }

    private async Task EnsureTableAsync(NpgsqlConnection pg, string target, TableName table, CancellationToken cancellation)
    {
        var definition = sink.Schema.Columns.Select(c => SqlText.Identifier(c.Name) + " " + PostgresTypes.Name(c.Type)).ToList();
        if (!sink.Key.IsDefaultOrEmpty) definition.Add($"PRIMARY KEY ({SqlText.Join(sink.Key.Select(SqlText.Identifier))})");
        await ExecuteAsync(pg, $"CREATE SCHEMA IF NOT EXISTS {SqlText.Identifier(table.Schema)}", cancellation).ConfigureAwait(false);
        await ExecuteAsync(pg, $"CREATE TABLE IF NOT EXISTS {target} ({SqlText.Join(definition)})", cancellation).ConfigureAwait(false);
        foreach (var index in sink.Indexes.IsDefault ? [] : sink.Indexes)
        {
            var name = Truncate(table.Name + "_" + string.Join("_", index) + "_idx");
            await ExecuteAsync(pg, $"CREATE INDEX IF NOT EXISTS {SqlText.Identifier(name)} ON {target} ({SqlText.Join(index.Select(SqlText.Identifier))})", cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>ON CONFLICT needs a unique index on exactly the key columns; say which one to create rather than fail obscurely.</summary>
    private async Task RequireUniqueKeyAsync(NpgsqlConnection pg, TableName table, CancellationToken cancellation)
    {
        if (sink.Key.IsDefaultOrEmpty) throw Error(RuntimeCodes.UpsertKeyMissing, $"sink {sink.Name}: mode upsert needs a key", "add key = [column, ...]");
        await using var command = new NpgsqlCommand(
            "SELECT array_agg(a.attname::text ORDER BY a.attname) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid " +
            "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey) " +
            "WHERE n.nspname = @schema AND c.relname = @table AND i.indisunique GROUP BY i.indexrelid", pg);
        command.Parameters.AddWithValue("schema", table.Schema);
        command.Parameters.AddWithValue("table", table.Name);
        var wanted = sink.Key.Order(StringComparer.Ordinal).ToList();
        await using var reader = await command.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellation).ConfigureAwait(false))
            if (reader.GetFieldValue<string[]>(0).Order(StringComparer.Ordinal).SequenceEqual(wanted)) return;
        throw Error(RuntimeCodes.UpsertKeyMissing, $"sink {sink.Name}: {table} has no unique index on ({string.Join(", ", sink.Key)}), which upsert needs",
            $"CREATE UNIQUE INDEX ON {table} ({string.Join(", ", sink.Key)})");
    }

    private async Task RequireDistinctKeysAsync(NpgsqlConnection pg, string staging, CancellationToken cancellation)
    {
        var key = SqlText.Join(sink.Key.Select(SqlText.Identifier));
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM (SELECT 1 FROM {staging} GROUP BY {key} HAVING count(*) > 1) d", pg);
        var duplicates = Convert.ToInt64(await command.ExecuteScalarAsync(cancellation).ConfigureAwait(false), CultureInfo.InvariantCulture);
        if (duplicates > 0)
            throw Error(RuntimeCodes.PostgresFailed, $"sink {sink.Name}: {duplicates} key values of ({string.Join(", ", sink.Key)}) occur in more than one row, so upsert is ambiguous",
                "make the view unique on the sink's key (group by the key columns)");
    }

    /// <summary>Binary COPY of the sink's rows from DuckDB into <paramref name="table"/>, typed per column (see <see cref="CopyColumns"/>).</summary>
    private async Task<long> CopyAsync(SinkContext context, NpgsqlConnection pg, string table, string names, CancellationToken cancellation)
    {
        var columns = sink.Schema.Columns;
        var select = SqlText.Join(columns.Select(c => PostgresTypes.IsJson(c.Type)
            ? $"CAST(to_json(r.{SqlText.Identifier(c.Name)}) AS VARCHAR)"
            : "r." + SqlText.Identifier(c.Name)));
        await using var writer = await pg.BeginBinaryImportAsync($"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)", cancellation).ConfigureAwait(false);
        long rows;
        using (var command = context.Connection.CreateCommand())
        {
            command.CommandText = $"SELECT {select} FROM ({context.RowsSql}) AS r";
            using var reader = command.ExecuteReader();
            rows = CopyColumns.CopyAll(reader, writer, columns, cancellation);
        }
        await writer.CompleteAsync(cancellation).ConfigureAwait(false);
        return rows;
    }

    private static async Task ExecuteAsync(NpgsqlConnection pg, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, pg);
        await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
    }

    private static string Truncate(string name) => name.Length <= 63 ? name : name[..63];

    private PulseRunException Error(string code, string message, string hint) =>
        new(RunError.At(sink.Origin, code, message, hint));
}
