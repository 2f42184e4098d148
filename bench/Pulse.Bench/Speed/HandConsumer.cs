using System.Text.Json;
using System.Text.Json.Serialization;
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
    public sealed class Click
    {
        [JsonPropertyName("visitor_id")] public string? VisitorId { get; set; }
        [JsonPropertyName("page")] public string? Page { get; set; }
        [JsonPropertyName("duration_ms")] public int? DurationMs { get; set; }
        [JsonPropertyName("ts")] public DateTimeOffset? Ts { get; set; }
    }

    private sealed class Window
    {
        public long Views;
        public long TotalMs;
        public int Longest = int.MinValue;
    }

    public sealed record Result(long Read, long Kept, long Quarantined, int Windows);

    public static async Task<Result> RunAsync(string bootstrapServers, string topic, int partitions, string group, string connectionString, string schema, string table)
    {
        var windows = new Dictionary<(string Page, long Start), Window>();
        var quarantined = new List<(int Partition, long Offset, string Reason, byte[] Event)>();
        long read = 0, kept = 0;
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(TopicReader.Config(bootstrapServers, group)).Build();
        var offsets = TopicReader.ReadAll(consumer, topic, partitions, message =>
        {
            read++;
            Click? click;
            try { click = JsonSerializer.Deserialize<Click>(message.Message.Value); }
            catch (JsonException e)
            {
                quarantined.Add((message.Partition.Value, message.Offset.Value, "not JSON: " + e.Message, message.Message.Value));
                return;
            }
            if (click is not { VisitorId: not null, Page: not null, Ts: not null })
            {
                quarantined.Add((message.Partition.Value, message.Offset.Value, "visitor_id, page or ts missing", message.Message.Value));
                return;
            }
            var duration = click.DurationMs ?? 0;
            if (duration is < 0 or > 3_600_000)
            {
                quarantined.Add((message.Partition.Value, message.Offset.Value, "sane_duration: duration_ms between 0 and 3600000", message.Message.Value));
                return;
            }
            kept++;
            var ticks = click.Ts.Value.UtcTicks;
            var key = (click.Page.ToLowerInvariant(), ticks - ticks % TimeSpan.TicksPerMinute);
            if (!windows.TryGetValue(key, out var window)) windows[key] = window = new Window();
            window.Views++;
            window.TotalMs += duration;
            if (duration > window.Longest) window.Longest = duration;
        });

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
        return new Result(read, kept, quarantined.Count, windows.Count);
    }

    private static async Task ExecuteAsync(NpgsqlConnection pg, string sql)
    {
        await using var command = new NpgsqlCommand(sql, pg);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
