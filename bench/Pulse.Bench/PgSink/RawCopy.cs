using DuckDB.NET.Data;
using Npgsql;
using NpgsqlTypes;

namespace Pulse.Bench.PgSink;

/// <summary>
/// The baseline: the same rows read from DuckDB and written with Npgsql's binary COPY straight into the
/// target table in one transaction, each value through its typed getter and writer. Two variants show what
/// the sink's former design cost: <see cref="ViaStagingAsync"/> adds a staging table and INSERT ... SELECT (the
/// sink's upsert path still does this), <see cref="BoxedAsync"/> writes values boxed (GetValue, then WriteAsync(object, type)).
/// </summary>
public static class RawCopy
{
    private const string Columns = "id, customer, amount, ratio, quantity, active, day, updated_at";

    public const string Definition = "id bigint, customer text, amount numeric(12, 2), ratio double precision, quantity integer, active boolean, day date, updated_at timestamptz";

    public static async Task<long> DirectAsync(DuckDBConnection duck, string connectionString, string target)
    {
        await using var pg = await OpenAsync(connectionString).ConfigureAwait(false);
        await using var transaction = await pg.BeginTransactionAsync().ConfigureAwait(false);
        await ExecuteAsync(pg, $"CREATE TABLE {target} ({Definition})").ConfigureAwait(false);
        var rows = await CopyTypedAsync(duck, pg, target).ConfigureAwait(false);
        await transaction.CommitAsync().ConfigureAwait(false);
        return rows;
    }

    public static async Task<long> ViaStagingAsync(DuckDBConnection duck, string connectionString, string target)
    {
        await using var pg = await OpenAsync(connectionString).ConfigureAwait(false);
        await using var transaction = await pg.BeginTransactionAsync().ConfigureAwait(false);
        await ExecuteAsync(pg, $"CREATE TABLE {target} ({Definition})").ConfigureAwait(false);
        await ExecuteAsync(pg, $"CREATE TEMP TABLE bench_stage ({Definition}) ON COMMIT DROP").ConfigureAwait(false);
        var rows = await CopyTypedAsync(duck, pg, "bench_stage").ConfigureAwait(false);
        await ExecuteAsync(pg, $"INSERT INTO {target} ({Columns}) SELECT {Columns} FROM bench_stage").ConfigureAwait(false);
        await transaction.CommitAsync().ConfigureAwait(false);
        return rows;
    }

    public static async Task<long> BoxedAsync(DuckDBConnection duck, string connectionString, string target)
    {
        NpgsqlDbType[] types = [NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.Numeric, NpgsqlDbType.Double, NpgsqlDbType.Integer,
            NpgsqlDbType.Boolean, NpgsqlDbType.Date, NpgsqlDbType.TimestampTz];
        await using var pg = await OpenAsync(connectionString).ConfigureAwait(false);
        await using var transaction = await pg.BeginTransactionAsync().ConfigureAwait(false);
        await ExecuteAsync(pg, $"CREATE TABLE {target} ({Definition})").ConfigureAwait(false);
        long rows = 0;
        await using (var writer = await pg.BeginBinaryImportAsync($"COPY {target} ({Columns}) FROM STDIN (FORMAT BINARY)").ConfigureAwait(false))
        {
            using var command = duck.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM {SinkRows.Table}";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                await writer.StartRowAsync().ConfigureAwait(false);
                for (var i = 0; i < types.Length; i++)
                {
                    if (reader.IsDBNull(i)) { await writer.WriteNullAsync().ConfigureAwait(false); continue; }
                    var value = reader.GetValue(i);
                    if (value is DateTime time) value = DateTime.SpecifyKind(time, DateTimeKind.Utc);
                    await writer.WriteAsync(value, types[i]).ConfigureAwait(false);
                }
                rows++;
            }
            await writer.CompleteAsync().ConfigureAwait(false);
        }
        await transaction.CommitAsync().ConfigureAwait(false);
        return rows;
    }

    /// <summary>Typed reads and synchronous writes: Npgsql buffers the COPY stream, so per-value awaits buy nothing here.</summary>
    private static async Task<long> CopyTypedAsync(DuckDBConnection duck, NpgsqlConnection pg, string table)
    {
        long rows = 0;
        await using var writer = await pg.BeginBinaryImportAsync($"COPY {table} ({Columns}) FROM STDIN (FORMAT BINARY)").ConfigureAwait(false);
        using (var command = duck.CreateCommand())
        {
            command.CommandText = $"SELECT {Columns} FROM {SinkRows.Table}";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                writer.StartRow();
                writer.Write(reader.GetInt64(0), NpgsqlDbType.Bigint);
                writer.Write(reader.GetString(1), NpgsqlDbType.Text);
                writer.Write(reader.GetDecimal(2), NpgsqlDbType.Numeric);
                writer.Write(reader.GetDouble(3), NpgsqlDbType.Double);
                if (reader.IsDBNull(4)) writer.WriteNull();
                else writer.Write(reader.GetInt32(4), NpgsqlDbType.Integer);
                writer.Write(reader.GetBoolean(5), NpgsqlDbType.Boolean);
                writer.Write(reader.GetFieldValue<DateOnly>(6), NpgsqlDbType.Date);
                writer.Write(DateTime.SpecifyKind(reader.GetDateTime(7), DateTimeKind.Utc), NpgsqlDbType.TimestampTz);
                rows++;
            }
        }
        await writer.CompleteAsync().ConfigureAwait(false);
        return rows;
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var pg = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Timezone = "UTC" }.ConnectionString);
        await pg.OpenAsync().ConfigureAwait(false);
        return pg;
    }

    public static async Task ExecuteAsync(NpgsqlConnection pg, string sql)
    {
        await using var command = new NpgsqlCommand(sql, pg);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
