using Confluent.Kafka;
using Npgsql;
using NpgsqlTypes;

namespace Pulse.Bench.Speed;

/// <summary>
/// The baseline the speed layer is held to: the same work written plainly in C#. System.Text.Json
/// deserializes each event, the cleaning is inline (lower, fill, the duration rule; unparsable or
/// incomplete events are quarantined), a Dictionary holds one accumulator per (page, minute), and at
/// the end Npgsql binary COPY writes the windows and the quarantined events, then the offsets are
/// committed to the group. It writes once at the end and ignores lateness (the input has none); the
/// speed layer also checkpoints every second with offsets and state in PostgreSQL (exactly-once), which
/// is part of what it is measured against.
/// </summary>
public static class HandConsumer
{
    public sealed record Result(long Read, long Kept, long Quarantined, int Windows);

    public static async Task<Result> RunAsync(string bootstrapServers, string topic, int partitions, string group, string connectionString, string schema, string table)
    {
        var work = new HandWork();
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(TopicReader.Config(bootstrapServers, group)).Build();
        var offsets = TopicReader.ReadAll(consumer, topic, partitions, message => work.Handle(message.Partition.Value, message.Offset.Value, message.Message.Value));
        var (windows, quarantined) = (work.Windows, work.Quarantined);

        await using (var pg = new NpgsqlConnection(connectionString))
        {
            await pg.OpenAsync().ConfigureAwait(false);
            await using var transaction = await pg.BeginTransactionAsync().ConfigureAwait(false);
            var target = $"\"{schema}\".\"{table}\"";
            await ExecuteAsync(pg, $"CREATE TABLE {target} (page text, window_start timestamptz, window_end timestamptz, views bigint, total_ms bigint, longest integer, " +
                                   "PRIMARY KEY (page, window_start))").ConfigureAwait(false);
            await ExecuteAsync(pg, $"CREATE TABLE \"{schema}\".\"{table}_quarantine\" (partition integer, event_offset bigint, reason text, event text)").ConfigureAwait(false);
            await using (var writer = await pg.BeginBinaryImportAsync($"COPY {target} FROM STDIN (FORMAT BINARY)").ConfigureAwait(false))
            {
                foreach (var ((page, start), window) in windows)
                {
                    await writer.StartRowAsync().ConfigureAwait(false);
                    await writer.WriteAsync(page, NpgsqlDbType.Text).ConfigureAwait(false);
                    await writer.WriteAsync(new DateTime(start, DateTimeKind.Utc), NpgsqlDbType.TimestampTz).ConfigureAwait(false);
                    await writer.WriteAsync(new DateTime(start + TimeSpan.TicksPerMinute, DateTimeKind.Utc), NpgsqlDbType.TimestampTz).ConfigureAwait(false);
                    await writer.WriteAsync(window.Views, NpgsqlDbType.Bigint).ConfigureAwait(false);
                    await writer.WriteAsync(window.TotalMs, NpgsqlDbType.Bigint).ConfigureAwait(false);
                    await writer.WriteAsync(window.Longest, NpgsqlDbType.Integer).ConfigureAwait(false);
                }
                await writer.CompleteAsync().ConfigureAwait(false);
            }
            await using (var writer = await pg.BeginBinaryImportAsync($"COPY \"{schema}\".\"{table}_quarantine\" FROM STDIN (FORMAT BINARY)").ConfigureAwait(false))
            {
                foreach (var (partition, offset, reason, body) in quarantined)
                {
                    await writer.StartRowAsync().ConfigureAwait(false);
                    await writer.WriteAsync(partition, NpgsqlDbType.Integer).ConfigureAwait(false);
                    await writer.WriteAsync(offset, NpgsqlDbType.Bigint).ConfigureAwait(false);
                    await writer.WriteAsync(reason, NpgsqlDbType.Text).ConfigureAwait(false);
                    await writer.WriteAsync(System.Text.Encoding.UTF8.GetString(body), NpgsqlDbType.Text).ConfigureAwait(false);
                }
                await writer.CompleteAsync().ConfigureAwait(false);
            }
            await transaction.CommitAsync().ConfigureAwait(false);
        }
        consumer.Commit(offsets);
        consumer.Close();
        return new Result(work.Read, work.Kept, quarantined.Count, windows.Count);
    }

    private static async Task ExecuteAsync(NpgsqlConnection pg, string sql)
    {
        await using var command = new NpgsqlCommand(sql, pg);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
