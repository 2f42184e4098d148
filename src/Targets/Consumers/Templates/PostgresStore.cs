using Npgsql;
using NpgsqlTypes;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Sinks;

namespace Pulse.Consumer;

/// <summary>Offsets and state stored by the last checkpoint.</summary>
public sealed record StoredCheckpoint(IReadOnlyDictionary<int, long> Offsets, byte[]? Snapshot);

/// <summary>The table a view's rows go to: appended, or upserted on <see cref="Key"/>.</summary>
public sealed record ViewTable(string View, string Schema, string Name, IReadOnlyList<Column> Columns, IReadOnlyList<string> Key, bool Upsert)
{
    public string Target => PostgresStore.Qualified(Schema, Name);
}

/// <summary>
/// The views' tables and the service's bookkeeping in PostgreSQL. One checkpoint is one transaction: the
/// rows every view emitted (append, or upsert on the sink key), the consumed offsets in <c>pulse_offsets</c>, the
/// processor state in <c>pulse_state</c> and the quarantined events in <c>pulse_quarantine</c> (the same
/// tables as <c>pulse run</c>'s speed layer). Either all of it is there or none, so a restarted service
/// resumes exactly where the results stop. Offsets are fenced: a checkpoint moves an offset only from the
/// value this instance last saw, so an instance that lost its partitions cannot write over its successor.
/// A view without a table (its rows go to elasticsearch or kafka sinks only) has no rows in the checkpoint.
/// Column types are the runtime's (Engine/Runtime/PostgresTypes.cs).
/// </summary>
public sealed class PostgresStore(string connectionString, string bookkeepingSchema, IReadOnlyList<ViewTable> tables)
{
    private readonly Dictionary<(string Topic, int Partition), long> expected = [];

    private string Offsets => Qualified(bookkeepingSchema, "pulse_offsets");
    private string States => Qualified(bookkeepingSchema, "pulse_state");
    private string QuarantineTable => Qualified(bookkeepingSchema, "pulse_quarantine");

    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    public static string Qualified(string schema, string name) => Identifier(schema) + "." + Identifier(name);

    public async Task PrepareAsync(CancellationToken cancellation)
    {
        await using var pg = await OpenAsync(cancellation);
        await using var transaction = await pg.BeginTransactionAsync(cancellation);
        // Concurrent services prepare the same tables; CREATE ... IF NOT EXISTS alone races on the catalog.
        await ExecuteAsync(pg, "SELECT pg_advisory_xact_lock(7469817312)", cancellation);
        await ExecuteAsync(pg, $"CREATE SCHEMA IF NOT EXISTS {Identifier(bookkeepingSchema)}", cancellation);
        await ExecuteAsync(pg, $"CREATE TABLE IF NOT EXISTS {Offsets} (consumer_group text NOT NULL, topic text NOT NULL, partition integer NOT NULL, " +
                               "next_offset bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (consumer_group, topic, partition))", cancellation);
        await ExecuteAsync(pg, $"CREATE TABLE IF NOT EXISTS {States} (consumer_group text NOT NULL, topic text NOT NULL, shard text NOT NULL, " +
                               "snapshot bytea NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (consumer_group, topic, shard))", cancellation);
        await ExecuteAsync(pg, $"CREATE TABLE IF NOT EXISTS {QuarantineTable} (consumer_group text NOT NULL, source text NOT NULL, topic text NOT NULL, " +
                               "partition integer NOT NULL, event_offset bigint NOT NULL, view text, rule text NOT NULL, reason text NOT NULL, event text NOT NULL, " +
                               "recorded_at timestamptz NOT NULL DEFAULT now())", cancellation);
        foreach (var table in tables)
        {
            var definition = table.Columns.Select(c => Identifier(c.Name) + " " + PostgresTypes.Name(c.Type)).ToList();
            if (table.Key.Count > 0) definition.Add($"PRIMARY KEY ({string.Join(", ", table.Key.Select(Identifier))})");
            await ExecuteAsync(pg, $"CREATE SCHEMA IF NOT EXISTS {Identifier(table.Schema)}", cancellation);
            await ExecuteAsync(pg, $"CREATE TABLE IF NOT EXISTS {table.Target} ({string.Join(", ", definition)})", cancellation);
        }
        await transaction.CommitAsync(cancellation);
    }

    public async Task<StoredCheckpoint> LoadAsync(string group, string topic, string shard, CancellationToken cancellation)
    {
        await using var pg = await OpenAsync(cancellation);
        var offsets = new Dictionary<int, long>();
        await using (var command = new NpgsqlCommand($"SELECT partition, next_offset FROM {Offsets} WHERE consumer_group = @g AND topic = @t", pg))
        {
            command.Parameters.AddWithValue("g", group);
            command.Parameters.AddWithValue("t", topic);
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation)) offsets[reader.GetInt32(0)] = reader.GetInt64(1);
        }
        byte[]? snapshot;
        await using (var command = new NpgsqlCommand($"SELECT snapshot FROM {States} WHERE consumer_group = @g AND topic = @t AND shard = @s", pg))
        {
            command.Parameters.AddWithValue("g", group);
            command.Parameters.AddWithValue("t", topic);
            command.Parameters.AddWithValue("s", shard);
            snapshot = await command.ExecuteScalarAsync(cancellation) as byte[];
        }
        foreach (var (partition, next) in offsets) expected[(topic, partition)] = next;
        return new StoredCheckpoint(offsets, snapshot);
    }

    public void Release(string topic, int partition) => expected.Remove((topic, partition));

    public async Task WriteAsync(string group, string source, string topic, string shard, ProcessorOutput output, byte[] snapshot,
        CancellationToken cancellation)
    {
        await using var pg = await OpenAsync(cancellation);
        await using var transaction = await pg.BeginTransactionAsync(cancellation);
        foreach (var table in tables)
            if (output.Rows.TryGetValue(table.View, out var rows) && rows.Count > 0) await WriteRowsAsync(pg, table, rows, cancellation);
        var moved = new Dictionary<(string, int), long>();
        foreach (var (partition, next) in output.NextOffsets)
        {
            var before = expected.GetValueOrDefault((topic, partition), -1);
            if (before == next || next < 0) continue;
            await using var command = new NpgsqlCommand(
                $"INSERT INTO {Offsets} AS o (consumer_group, topic, partition, next_offset) VALUES (@g, @t, @p, @n) " +
                "ON CONFLICT (consumer_group, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now() " +
                "WHERE o.next_offset = @expected", pg);
            command.Parameters.AddWithValue("g", group);
            command.Parameters.AddWithValue("t", topic);
            command.Parameters.AddWithValue("p", partition);
            command.Parameters.AddWithValue("n", next);
            command.Parameters.AddWithValue("expected", before);
            if (await command.ExecuteNonQueryAsync(cancellation) != 1)
                throw new OffsetsFencedException($"partition {partition} of {topic} was moved past offset {before} by another consumer of group {group}");
            moved[(topic, partition)] = next;
        }
        await using (var command = new NpgsqlCommand(
            $"INSERT INTO {States} (consumer_group, topic, shard, snapshot) VALUES (@g, @t, @s, @snapshot) " +
            "ON CONFLICT (consumer_group, topic, shard) DO UPDATE SET snapshot = EXCLUDED.snapshot, updated_at = now()", pg))
        {
            command.Parameters.AddWithValue("g", group);
            command.Parameters.AddWithValue("t", topic);
            command.Parameters.AddWithValue("s", shard);
            command.Parameters.AddWithValue("snapshot", NpgsqlDbType.Bytea, snapshot);
            await command.ExecuteNonQueryAsync(cancellation);
        }
        if (output.Quarantined.Count > 0) await WriteQuarantineAsync(pg, group, source, topic, output.Quarantined, cancellation);
        await transaction.CommitAsync(cancellation);
        foreach (var (k, next) in moved) expected[k] = next;
    }

    /// <summary>Rows go through a binary COPY into a staging table, then append or upsert (the last row of a key wins within a checkpoint).</summary>
    private static async Task WriteRowsAsync(NpgsqlConnection pg, ViewTable table, List<object?[]> rows, CancellationToken cancellation)
    {
        var (columns, key, target) = (table.Columns, table.Key, table.Target);
        var names = string.Join(", ", columns.Select(c => Identifier(c.Name)));
        const string staging = "pulse_consumer_stage";
        await ExecuteAsync(pg, $"CREATE TEMP TABLE IF NOT EXISTS {staging} (LIKE {target} INCLUDING DEFAULTS, __pulse_seq bigint) ON COMMIT DROP", cancellation);
        await using (var writer = await pg.BeginBinaryImportAsync($"COPY {staging} ({names}, __pulse_seq) FROM STDIN (FORMAT BINARY)", cancellation))
        {
            long sequence = 0;
            foreach (var row in rows)
            {
                await writer.StartRowAsync(cancellation);
                for (var i = 0; i < columns.Count; i++)
                {
                    if (row[i] is not { } value) await writer.WriteNullAsync(cancellation);
                    else await writer.WriteAsync(value, PostgresTypes.Copy(columns[i].Type), cancellation);
                }
                await writer.WriteAsync(sequence++, NpgsqlDbType.Bigint, cancellation);
            }
            await writer.CompleteAsync(cancellation);
        }
        if (key.Count == 0 || !table.Upsert)
        {
            await ExecuteAsync(pg, $"INSERT INTO {target} ({names}) SELECT {names} FROM {staging} ORDER BY __pulse_seq", cancellation);
        }
        else
        {
            var keyList = string.Join(", ", key.Select(Identifier));
            var updates = columns.Where(c => !key.Contains(c.Name)).Select(c => $"{Identifier(c.Name)} = EXCLUDED.{Identifier(c.Name)}").ToList();
            var action = updates.Count == 0 ? "DO NOTHING" : "DO UPDATE SET " + string.Join(", ", updates);
            await ExecuteAsync(pg, $"INSERT INTO {target} ({names}) SELECT DISTINCT ON ({keyList}) {names} FROM {staging} ORDER BY {keyList}, __pulse_seq DESC " +
                                   $"ON CONFLICT ({keyList}) {action}", cancellation);
        }
        await ExecuteAsync(pg, $"DROP TABLE {staging}", cancellation);
    }

    private async Task WriteQuarantineAsync(NpgsqlConnection pg, string group, string source, string topic, IReadOnlyList<QuarantinedEvent> events,
        CancellationToken cancellation)
    {
        await using var writer = await pg.BeginBinaryImportAsync(
            $"COPY {QuarantineTable} (consumer_group, source, topic, partition, event_offset, view, rule, reason, event) FROM STDIN (FORMAT BINARY)", cancellation);
        foreach (var q in events)
        {
            await writer.StartRowAsync(cancellation);
            await writer.WriteAsync(group, NpgsqlDbType.Text, cancellation);
            await writer.WriteAsync(source, NpgsqlDbType.Text, cancellation);
            await writer.WriteAsync(topic, NpgsqlDbType.Text, cancellation);
            await writer.WriteAsync(q.Partition, NpgsqlDbType.Integer, cancellation);
            await writer.WriteAsync(q.Offset, NpgsqlDbType.Bigint, cancellation);
            if (q.View is null) await writer.WriteNullAsync(cancellation);
            else await writer.WriteAsync(q.View, NpgsqlDbType.Text, cancellation);
            await writer.WriteAsync(q.Rule, NpgsqlDbType.Text, cancellation);
            await writer.WriteAsync(q.Reason, NpgsqlDbType.Text, cancellation);
            await writer.WriteAsync(q.Event.Replace("\0", "\uFFFD", StringComparison.Ordinal), NpgsqlDbType.Text, cancellation);
        }
        await writer.CompleteAsync(cancellation);
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellation)
    {
        var pg = new NpgsqlConnection(connectionString);
        await pg.OpenAsync(cancellation);
        return pg;
    }

    private static async Task ExecuteAsync(NpgsqlConnection pg, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, pg);
        await command.ExecuteNonQueryAsync(cancellation);
    }
}

/// <summary>Another instance owns a partition now; this one stops without writing.</summary>
public sealed class OffsetsFencedException(string message) : Exception(message);
