using Npgsql;
using NpgsqlTypes;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Sinks;
using Pulse.Runtime.Sql;
using Pulse.Runtime.Streaming.Processing;

namespace Pulse.Runtime.Streaming.Sinks;

/// <summary>
/// The PostgreSQL tables of speed views on one connection, and the speed layer's offset store. One
/// checkpoint is one transaction: the views' rows (append, or upsert on the sink key), the consumed
/// offsets in <c>pulse_offsets(consumer_group, topic, partition, next_offset)</c>, the processor snapshot
/// in <c>pulse_state</c> and the quarantined events in <c>pulse_quarantine</c>. Either all of it is
/// there or none, so a consumer that resumes from the stored offsets and state produces each row once.
/// Offsets are fenced: a checkpoint only moves an offset from the value this consumer last saw, so a
/// consumer that lost its partitions (and did not notice) cannot write over its successor.
/// </summary>
public sealed class PostgresSpeedSink : ISpeedSink
{
    private readonly string connectionString;
    private readonly IReadOnlyList<SinkIr> sinks;
    private readonly string schema;
    private readonly ResolvedConnection connection;
    private readonly Dictionary<(string Topic, int Partition), long> expected = [];
    private readonly Lock gate = new();

    public PostgresSpeedSink(ResolvedConnection connection, IReadOnlyList<SinkIr> sinks, string bookkeepingSchema)
    {
        this.connection = connection;
        this.sinks = sinks;
        schema = bookkeepingSchema;
        connectionString = new NpgsqlConnectionStringBuilder(PostgresConnections.ConnectionString(connection)) { Timezone = "UTC" }.ConnectionString;
    }

    public string Name => $"postgres {connection.Name}";
    public IReadOnlyCollection<string> Views => [.. sinks.Select(s => s.From).Distinct()];
    public bool StoresOffsets => true;

    private string Offsets => SqlText.Qualified(schema, "pulse_offsets");
    private string States => SqlText.Qualified(schema, "pulse_state");
    private string QuarantineTable => SqlText.Qualified(schema, "pulse_quarantine");

    public async Task PrepareAsync(CancellationToken cancellation)
    {
        await Guard(async () =>
        {
            await using var pg = await OpenAsync(cancellation).ConfigureAwait(false);
            await using var transaction = await pg.BeginTransactionAsync(cancellation).ConfigureAwait(false);
            // Concurrent consumers prepare the same tables; CREATE ... IF NOT EXISTS alone races on the catalog.
            await ExecuteAsync(pg, "SELECT pg_advisory_xact_lock(7469817312)", cancellation).ConfigureAwait(false);
            await ExecuteAsync(pg, $"CREATE SCHEMA IF NOT EXISTS {SqlText.Identifier(schema)}", cancellation).ConfigureAwait(false);
            await ExecuteAsync(pg, $"CREATE TABLE IF NOT EXISTS {Offsets} (consumer_group text NOT NULL, topic text NOT NULL, partition integer NOT NULL, " +
                                   "next_offset bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (consumer_group, topic, partition))", cancellation).ConfigureAwait(false);
            await ExecuteAsync(pg, $"CREATE TABLE IF NOT EXISTS {States} (consumer_group text NOT NULL, topic text NOT NULL, shard text NOT NULL, " +
                                   "snapshot bytea NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (consumer_group, topic, shard))", cancellation).ConfigureAwait(false);
            await ExecuteAsync(pg, $"CREATE TABLE IF NOT EXISTS {QuarantineTable} (consumer_group text NOT NULL, source text NOT NULL, topic text NOT NULL, " +
                                   "partition integer NOT NULL, event_offset bigint NOT NULL, view text, rule text NOT NULL, reason text NOT NULL, event text NOT NULL, " +
                                   "recorded_at timestamptz NOT NULL DEFAULT now())", cancellation).ConfigureAwait(false);
            foreach (var sink in sinks) await EnsureTableAsync(pg, sink, cancellation).ConfigureAwait(false);
            await transaction.CommitAsync(cancellation).ConfigureAwait(false);
        }, "prepare its tables").ConfigureAwait(false);
    }

    private static async Task EnsureTableAsync(NpgsqlConnection pg, SinkIr sink, CancellationToken cancellation)
    {
        var table = sink.Table ?? throw new PulseRunException(RunError.At(sink.Origin, RuntimeCodes.PostgresFailed, $"sink {sink.Name} has no table", "add table = \"schema.table\""));
        var definition = sink.Schema.Columns.Select(c => SqlText.Identifier(c.Name) + " " + PostgresTypes.Name(c.Type)).ToList();
        if (!sink.Key.IsDefaultOrEmpty) definition.Add($"PRIMARY KEY ({SqlText.Join(sink.Key.Select(SqlText.Identifier))})");
        await ExecuteAsync(pg, $"CREATE SCHEMA IF NOT EXISTS {SqlText.Identifier(table.Schema)}", cancellation).ConfigureAwait(false);
        await ExecuteAsync(pg, $"CREATE TABLE IF NOT EXISTS {SqlText.Qualified(table.Schema, table.Name)} ({SqlText.Join(definition)})", cancellation).ConfigureAwait(false);
    }

    public async Task<StoredCheckpoint?> LoadAsync(string group, string topic, string shard, CancellationToken cancellation) =>
        await Guard(async () =>
        {
            await using var pg = await OpenAsync(cancellation).ConfigureAwait(false);
            var offsets = new Dictionary<int, long>();
            await using (var command = new NpgsqlCommand($"SELECT partition, next_offset FROM {Offsets} WHERE consumer_group = @g AND topic = @t", pg))
            {
                command.Parameters.AddWithValue("g", group);
                command.Parameters.AddWithValue("t", topic);
                await using var reader = await command.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellation).ConfigureAwait(false)) offsets[reader.GetInt32(0)] = reader.GetInt64(1);
            }
            byte[]? snapshot = null;
            await using (var command = new NpgsqlCommand($"SELECT snapshot FROM {States} WHERE consumer_group = @g AND topic = @t AND shard = @s", pg))
            {
                command.Parameters.AddWithValue("g", group);
                command.Parameters.AddWithValue("t", topic);
                command.Parameters.AddWithValue("s", shard);
                snapshot = await command.ExecuteScalarAsync(cancellation).ConfigureAwait(false) as byte[];
            }
            lock (gate)
                foreach (var (partition, next) in offsets) expected[(topic, partition)] = next;
            return new StoredCheckpoint(offsets, snapshot);
        }, "read its stored offsets").ConfigureAwait(false);

    /// <summary>Forgets what this consumer expects for a partition it no longer owns, so a later owner's progress is not mistaken for a conflict.</summary>
    public void Release(string topic, int partition)
    {
        lock (gate) expected.Remove((topic, partition));
    }

    public async Task WriteAsync(SpeedCheckpoint checkpoint, CancellationToken cancellation)
    {
        await Guard(async () =>
        {
            await using var pg = await OpenAsync(cancellation).ConfigureAwait(false);
            await using var transaction = await pg.BeginTransactionAsync(cancellation).ConfigureAwait(false);
            foreach (var sink in sinks)
                if (checkpoint.Output.Rows.TryGetValue(sink.From, out var rows) && rows.Count > 0)
                    await WriteRowsAsync(pg, sink, rows, cancellation).ConfigureAwait(false);
            var moved = new Dictionary<(string, int), long>();
            foreach (var (partition, next) in checkpoint.Offsets)
            {
                long before;
                lock (gate) before = expected.GetValueOrDefault((checkpoint.Topic, partition), -1);
                if (before == next) continue;
                await using var command = new NpgsqlCommand(
                    $"INSERT INTO {Offsets} AS o (consumer_group, topic, partition, next_offset) VALUES (@g, @t, @p, @n) " +
                    "ON CONFLICT (consumer_group, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now() " +
                    "WHERE o.next_offset = @expected", pg);
                command.Parameters.AddWithValue("g", checkpoint.Group);
                command.Parameters.AddWithValue("t", checkpoint.Topic);
                command.Parameters.AddWithValue("p", partition);
                command.Parameters.AddWithValue("n", next);
                command.Parameters.AddWithValue("expected", before);
                if (await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false) != 1)
                    throw new PulseRunException(RunError.At(connection.Origin, SpeedCodes.OffsetsFenced,
                        $"consumer group {checkpoint.Group}: partition {partition} of {checkpoint.Topic} was moved past offset {before} by another consumer; this one stops without writing",
                        "another speed-layer instance owns the partition now; this is expected after a rebalance or a restart elsewhere"));
                moved[(checkpoint.Topic, partition)] = next;
            }
            await using (var command = new NpgsqlCommand(
                $"INSERT INTO {States} (consumer_group, topic, shard, snapshot) VALUES (@g, @t, @s, @snapshot) " +
                "ON CONFLICT (consumer_group, topic, shard) DO UPDATE SET snapshot = EXCLUDED.snapshot, updated_at = now()", pg))
            {
                command.Parameters.AddWithValue("g", checkpoint.Group);
                command.Parameters.AddWithValue("t", checkpoint.Topic);
                command.Parameters.AddWithValue("s", checkpoint.Shard);
                command.Parameters.AddWithValue("snapshot", NpgsqlDbType.Bytea, checkpoint.Snapshot);
                await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
            }
            if (checkpoint.Output.Quarantined.Count > 0) await WriteQuarantineAsync(pg, checkpoint, cancellation).ConfigureAwait(false);
            await transaction.CommitAsync(cancellation).ConfigureAwait(false);
            lock (gate)
                foreach (var (key, next) in moved) expected[key] = next;
            return true;
        }, "write a checkpoint").ConfigureAwait(false);
    }

    /// <summary>Rows go through a binary COPY into a staging table, then append or upsert (last row of a key wins within a checkpoint).</summary>
    private static async Task WriteRowsAsync(NpgsqlConnection pg, SinkIr sink, List<object?[]> rows, CancellationToken cancellation)
    {
        var columns = sink.Schema.Columns;
        var target = SqlText.Qualified(sink.Table!.Schema, sink.Table.Name);
        var names = SqlText.Join(columns.Select(c => SqlText.Identifier(c.Name)));
        const string staging = "pulse_speed_stage";
        await ExecuteAsync(pg, $"CREATE TEMP TABLE IF NOT EXISTS {staging} (LIKE {target} INCLUDING DEFAULTS, __pulse_seq bigint) ON COMMIT DROP", cancellation).ConfigureAwait(false);
        await using (var writer = await pg.BeginBinaryImportAsync($"COPY {staging} ({names}, __pulse_seq) FROM STDIN (FORMAT BINARY)", cancellation).ConfigureAwait(false))
        {
            long sequence = 0;
            foreach (var row in rows)
            {
                await writer.StartRowAsync(cancellation).ConfigureAwait(false);
                for (var i = 0; i < columns.Length; i++)
                {
                    if (row[i] is not { } value) await writer.WriteNullAsync(cancellation).ConfigureAwait(false);
                    else await writer.WriteAsync(value, PostgresTypes.Copy(columns[i].Type), cancellation).ConfigureAwait(false);
                }
                await writer.WriteAsync(sequence++, NpgsqlDbType.Bigint, cancellation).ConfigureAwait(false);
            }
            await writer.CompleteAsync(cancellation).ConfigureAwait(false);
        }
        if (sink.Key.IsDefaultOrEmpty || sink.Mode == WriteMode.Append)
        {
            await ExecuteAsync(pg, $"INSERT INTO {target} ({names}) SELECT {names} FROM {staging} ORDER BY __pulse_seq", cancellation).ConfigureAwait(false);
        }
        else
        {
            var key = SqlText.Join(sink.Key.Select(SqlText.Identifier));
            var updates = columns.Where(c => !sink.Key.Contains(c.Name)).Select(c => $"{SqlText.Identifier(c.Name)} = EXCLUDED.{SqlText.Identifier(c.Name)}").ToList();
            var action = updates.Count == 0 ? "DO NOTHING" : "DO UPDATE SET " + SqlText.Join(updates);
            await ExecuteAsync(pg, $"INSERT INTO {target} ({names}) SELECT DISTINCT ON ({key}) {names} FROM {staging} ORDER BY {key}, __pulse_seq DESC " +
                                   $"ON CONFLICT ({key}) {action}", cancellation).ConfigureAwait(false);
        }
        await ExecuteAsync(pg, $"DROP TABLE {staging}", cancellation).ConfigureAwait(false);
    }

    private async Task WriteQuarantineAsync(NpgsqlConnection pg, SpeedCheckpoint checkpoint, CancellationToken cancellation)
    {
        await using var writer = await pg.BeginBinaryImportAsync(
            $"COPY {QuarantineTable} (consumer_group, source, topic, partition, event_offset, view, rule, reason, event) FROM STDIN (FORMAT BINARY)", cancellation).ConfigureAwait(false);
        foreach (var q in checkpoint.Output.Quarantined)
        {
            await writer.StartRowAsync(cancellation).ConfigureAwait(false);
            await writer.WriteAsync(checkpoint.Group, NpgsqlDbType.Text, cancellation).ConfigureAwait(false);
            await writer.WriteAsync(q.Source, NpgsqlDbType.Text, cancellation).ConfigureAwait(false);
            await writer.WriteAsync(q.Topic, NpgsqlDbType.Text, cancellation).ConfigureAwait(false);
            await writer.WriteAsync(q.Partition, NpgsqlDbType.Integer, cancellation).ConfigureAwait(false);
            await writer.WriteAsync(q.Offset, NpgsqlDbType.Bigint, cancellation).ConfigureAwait(false);
            if (q.View is null) await writer.WriteNullAsync(cancellation).ConfigureAwait(false);
            else await writer.WriteAsync(q.View, NpgsqlDbType.Text, cancellation).ConfigureAwait(false);
            await writer.WriteAsync(q.Rule, NpgsqlDbType.Text, cancellation).ConfigureAwait(false);
            await writer.WriteAsync(q.Reason, NpgsqlDbType.Text, cancellation).ConfigureAwait(false);
            await writer.WriteAsync(q.Event.Replace("\0", "\uFFFD", StringComparison.Ordinal), NpgsqlDbType.Text, cancellation).ConfigureAwait(false);
        }
        await writer.CompleteAsync(cancellation).ConfigureAwait(false);
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellation)
    {
        var pg = new NpgsqlConnection(connectionString);
        await pg.OpenAsync(cancellation).ConfigureAwait(false);
        return pg;
    }

    private static async Task ExecuteAsync(NpgsqlConnection pg, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, pg);
        await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
    }

    private async Task<T> Guard<T>(Func<Task<T>> work, string what)
    {
        try { return await work().ConfigureAwait(false); }
        catch (Exception e) when (e is NpgsqlException or PostgresException or TimeoutException)
        {
            throw PostgresConnections.Failure(connection, $"the speed layer cannot {what} in {connection.Name}", e);
        }
    }

    private Task Guard(Func<Task> work, string what) => Guard(async () => { await work().ConfigureAwait(false); return true; }, what);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
