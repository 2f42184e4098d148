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
/// Checkpoints are written on one connection kept open for the sink's life, in few round trips (COPYs,
/// then one batch of statements); loading stored state uses connections of its own.
/// </summary>
public sealed class PostgresSpeedSink : ISpeedSink
{
    private readonly string connectionString;
    private readonly IReadOnlyList<SinkIr> sinks;
    private readonly string schema;
    private readonly ResolvedConnection connection;
    private readonly Dictionary<(string Topic, int Partition), long> expected = [];
    private readonly Lock gate = new();
    private readonly IReadOnlyList<SinkStatements> statements;
    private readonly SemaphoreSlim writing = new(1, 1);
    private NpgsqlConnection? checkpointConnection;

    public PostgresSpeedSink(ResolvedConnection connection, IReadOnlyList<SinkIr> sinks, string bookkeepingSchema)
    {
        this.connection = connection;
        this.sinks = sinks;
        schema = bookkeepingSchema;
        connectionString = new NpgsqlConnectionStringBuilder(PostgresConnections.ConnectionString(connection)) { Timezone = "UTC" }.ConnectionString;
        statements = [.. sinks.Select((sink, i) => SinkStatements.For(sink, i))];
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
        await writing.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            await Guard(async () =>
            {
                var pg = await CheckpointConnectionAsync(cancellation).ConfigureAwait(false);
                try
                {
                    await WriteCheckpointAsync(pg, checkpoint, cancellation).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not PulseRunException)
                {
                    // The connection's state is unknown now (a broken socket, a half-read reply): start afresh next time.
                    await ResetCheckpointConnectionAsync().ConfigureAwait(false);
                    throw;
                }
            }, "write a checkpoint").ConfigureAwait(false);
        }
        finally
        {
            writing.Release();
        }
    }

    /// <summary>
    /// One transaction: each view's rows by binary COPY (straight into the table to append, through the
    /// connection's staging table to upsert), the quarantined events by COPY, then one batch of statements
    /// (one round trip): every moved offset in one fenced upsert, the upserts from staging, the snapshot.
    /// </summary>
    private async Task WriteCheckpointAsync(NpgsqlConnection pg, SpeedCheckpoint checkpoint, CancellationToken cancellation)
    {
        await using var transaction = await pg.BeginTransactionAsync(cancellation).ConfigureAwait(false);
        var upserts = new List<string>();
        for (var i = 0; i < sinks.Count; i++)
        {
            if (!checkpoint.Output.Rows.TryGetValue(sinks[i].From, out var rows) || rows.Count == 0) continue;
            if (statements[i].Upsert is { } upsert)
            {
                await CopyRowsAsync(pg, statements[i].StagingCopy, statements[i].Types, rows, sequence: true, cancellation).ConfigureAwait(false);
                upserts.Add(upsert);
            }
            else await CopyRowsAsync(pg, statements[i].TargetCopy, statements[i].Types, rows, sequence: false, cancellation).ConfigureAwait(false);
        }
        if (checkpoint.Output.Quarantined.Count > 0) await WriteQuarantineAsync(pg, checkpoint, cancellation).ConfigureAwait(false);

        var moved = new List<(int Partition, long Next, long Before)>();
        foreach (var (partition, next) in checkpoint.Offsets.OrderBy(o => o.Key))
        {
            long before;
            lock (gate) before = expected.GetValueOrDefault((checkpoint.Topic, partition), -1);
            if (before != next) moved.Add((partition, next, before));
        }
        await using var batch = new NpgsqlBatch(pg, transaction);
        if (moved.Count > 0) batch.BatchCommands.Add(OffsetsCommand(checkpoint, moved));
        foreach (var upsert in upserts) batch.BatchCommands.Add(new NpgsqlBatchCommand(upsert));
        batch.BatchCommands.Add(SnapshotCommand(checkpoint));
        var stored = new HashSet<int>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellation).ConfigureAwait(false))
        {
            if (moved.Count > 0)
                while (await reader.ReadAsync(cancellation).ConfigureAwait(false)) stored.Add(reader.GetInt32(0));
            while (await reader.NextResultAsync(cancellation).ConfigureAwait(false)) { }
        }
        // Fencing: an offset moves only from the value this consumer last saw; a row not returned was moved by someone else.
        foreach (var (partition, _, before) in moved)
            if (!stored.Contains(partition))
                throw new PulseRunException(RunError.At(connection.Origin, SpeedCodes.OffsetsFenced,
                    $"consumer group {checkpoint.Group}: partition {partition} of {checkpoint.Topic} was moved past offset {before} by another consumer; this one stops without writing",
                    "another speed-layer instance owns the partition now; this is expected after a rebalance or a restart elsewhere"));
        await transaction.CommitAsync(cancellation).ConfigureAwait(false);
        lock (gate)
            foreach (var (partition, next, _) in moved) expected[(checkpoint.Topic, partition)] = next;
    }

    /// <summary>All moved offsets of the checkpoint in one statement; it returns the partitions whose stored offset was the expected one.</summary>
    private NpgsqlBatchCommand OffsetsCommand(SpeedCheckpoint checkpoint, List<(int Partition, long Next, long Before)> moved)
    {
        var command = new NpgsqlBatchCommand(
            $"WITH moved AS (SELECT * FROM unnest(@partitions, @nexts, @expected) AS m(partition, next_offset, expected)) " +
            $"INSERT INTO {Offsets} AS o (consumer_group, topic, partition, next_offset) SELECT @g, @t, partition, next_offset FROM moved " +
            "ON CONFLICT (consumer_group, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now() " +
            "WHERE o.next_offset = (SELECT m.expected FROM moved m WHERE m.partition = o.partition) RETURNING partition");
        command.Parameters.AddWithValue("partitions", NpgsqlDbType.Array | NpgsqlDbType.Integer, moved.Select(m => m.Partition).ToArray());
        command.Parameters.AddWithValue("nexts", NpgsqlDbType.Array | NpgsqlDbType.Bigint, moved.Select(m => m.Next).ToArray());
        command.Parameters.AddWithValue("expected", NpgsqlDbType.Array | NpgsqlDbType.Bigint, moved.Select(m => m.Before).ToArray());
        command.Parameters.AddWithValue("g", NpgsqlDbType.Text, checkpoint.Group);
        command.Parameters.AddWithValue("t", NpgsqlDbType.Text, checkpoint.Topic);
        return command;
    }

    private NpgsqlBatchCommand SnapshotCommand(SpeedCheckpoint checkpoint)
    {
        var command = new NpgsqlBatchCommand(
            $"INSERT INTO {States} (consumer_group, topic, shard, snapshot) VALUES (@g, @t, @s, @snapshot) " +
            "ON CONFLICT (consumer_group, topic, shard) DO UPDATE SET snapshot = EXCLUDED.snapshot, updated_at = now()");
        command.Parameters.AddWithValue("g", NpgsqlDbType.Text, checkpoint.Group);
        command.Parameters.AddWithValue("t", NpgsqlDbType.Text, checkpoint.Topic);
        command.Parameters.AddWithValue("s", NpgsqlDbType.Text, checkpoint.Shard);
        command.Parameters.AddWithValue("snapshot", NpgsqlDbType.Bytea, checkpoint.Snapshot);
        return command;
    }

    /// <summary>Rows in emission order; into staging they carry their position, so the upsert keeps the last row of a key.</summary>
    private static async Task CopyRowsAsync(NpgsqlConnection pg, string copy, NpgsqlDbType[] types, List<object?[]> rows, bool sequence, CancellationToken cancellation)
    {
        await using var writer = await pg.BeginBinaryImportAsync(copy, cancellation).ConfigureAwait(false);
        long position = 0;
        foreach (var row in rows)
        {
            CopyValues.WriteRow(writer, row, types);
            if (sequence) writer.Write(position++, NpgsqlDbType.Bigint);
        }
        await writer.CompleteAsync(cancellation).ConfigureAwait(false);
    }

    private async Task WriteQuarantineAsync(NpgsqlConnection pg, SpeedCheckpoint checkpoint, CancellationToken cancellation)
    {
        await using var writer = await pg.BeginBinaryImportAsync(
            $"COPY {QuarantineTable} (consumer_group, source, topic, partition, event_offset, view, rule, reason, event) FROM STDIN (FORMAT BINARY)", cancellation).ConfigureAwait(false);
        foreach (var q in checkpoint.Output.Quarantined)
        {
            writer.StartRow();
            writer.Write(checkpoint.Group, NpgsqlDbType.Text);
            writer.Write(q.Source, NpgsqlDbType.Text);
            writer.Write(q.Topic, NpgsqlDbType.Text);
            writer.Write(q.Partition, NpgsqlDbType.Integer);
            writer.Write(q.Offset, NpgsqlDbType.Bigint);
            if (q.View is null) writer.WriteNull();
            else writer.Write(q.View, NpgsqlDbType.Text);
            writer.Write(q.Rule, NpgsqlDbType.Text);
            writer.Write(q.Reason, NpgsqlDbType.Text);
            writer.Write(q.Event.Replace("\0", "\uFFFD", StringComparison.Ordinal), NpgsqlDbType.Text);
        }
        await writer.CompleteAsync(cancellation).ConfigureAwait(false);
    }

    /// <summary>
    /// The connection checkpoints are written on, kept open for the sink's life so that its staging tables
    /// (<c>TEMP ... ON COMMIT DELETE ROWS</c>, one per upsert sink) are created once, not per checkpoint.
    /// </summary>
    private async Task<NpgsqlConnection> CheckpointConnectionAsync(CancellationToken cancellation)
    {
        if (checkpointConnection is { State: System.Data.ConnectionState.Open } open) return open;
        await ResetCheckpointConnectionAsync().ConfigureAwait(false);
        var pg = await OpenAsync(cancellation).ConfigureAwait(false);
        try
        {
            foreach (var statement in statements)
                if (statement.CreateStaging is { } create) await ExecuteAsync(pg, create, cancellation).ConfigureAwait(false);
        }
        catch
        {
            await pg.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return checkpointConnection = pg;
    }

    private async Task ResetCheckpointConnectionAsync()
    {
        if (checkpointConnection is null) return;
        try { await checkpointConnection.DisposeAsync().ConfigureAwait(false); }
        catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException) { /* already broken */ }
        checkpointConnection = null;
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

    public async ValueTask DisposeAsync()
    {
        await ResetCheckpointConnectionAsync().ConfigureAwait(false);
        writing.Dispose();
    }
}

/// <summary>
/// The SQL a speed view's sink writes with, made once: COPY straight into the table (append), or COPY into a
/// staging table of this connection and one upsert from it (a sink with a key), where the last row of a key
/// in a checkpoint wins.
/// </summary>
internal sealed record SinkStatements(NpgsqlDbType[] Types, string TargetCopy, string StagingCopy, string? CreateStaging, string? Upsert)
{
    public static SinkStatements For(SinkIr sink, int index)
    {
        var table = sink.Table ?? throw new PulseRunException(RunError.At(sink.Origin, RuntimeCodes.PostgresFailed, $"sink {sink.Name} has no table", "add table = \"schema.table\""));
        var columns = sink.Schema.Columns;
        var target = SqlText.Qualified(table.Schema, table.Name);
        var names = SqlText.Join(columns.Select(c => SqlText.Identifier(c.Name)));
        var types = columns.Select(c => PostgresTypes.Copy(c.Type)).ToArray();
        var targetCopy = $"COPY {target} ({names}) FROM STDIN (FORMAT BINARY)";
        if (sink.Key.IsDefaultOrEmpty || sink.Mode == WriteMode.Append) return new SinkStatements(types, targetCopy, targetCopy, null, null);
        var staging = SqlText.Identifier("pulse_speed_stage_" + index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var key = SqlText.Join(sink.Key.Select(SqlText.Identifier));
        var updates = columns.Where(c => !sink.Key.Contains(c.Name)).Select(c => $"{SqlText.Identifier(c.Name)} = EXCLUDED.{SqlText.Identifier(c.Name)}").ToList();
        var action = updates.Count == 0 ? "DO NOTHING" : "DO UPDATE SET " + SqlText.Join(updates);
        return new SinkStatements(types, targetCopy,
            $"COPY {staging} ({names}, __pulse_seq) FROM STDIN (FORMAT BINARY)",
            $"CREATE TEMP TABLE IF NOT EXISTS {staging} (LIKE {target} INCLUDING DEFAULTS, __pulse_seq bigint) ON COMMIT DELETE ROWS",
            $"INSERT INTO {target} ({names}) SELECT DISTINCT ON ({key}) {names} FROM {staging} ORDER BY {key}, __pulse_seq DESC ON CONFLICT ({key}) {action}");
    }
}
