using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Streaming;
using Pulse.Runtime.Streaming.Processing;
using Pulse.Runtime.Streaming.Sinks;
using Pulse.Runtime.Tests.Fixtures;
using Pulse.Runtime.Tests.StreamingFixtures;

namespace Pulse.Runtime.Tests.Streaming;

/// <summary>The PostgreSQL offset store: one transaction per checkpoint, and fencing of consumers that lost a partition.</summary>
public sealed class PostgresOffsetStoreTests
{
    private static readonly ViewIr View = StreamSpecs.Windowed(StreamSpecs.Events(TimeSpan.Zero, TimeSpan.Zero), R.Tumbling("ts", TimeSpan.FromMinutes(10)));

    private static PostgresSpeedSink Sink(PgDatabase database, string table = "totals")
    {
        var connection = new ConnectionIr("warehouse", ConnectionKind.Postgres,
            System.Collections.Immutable.ImmutableSortedDictionary<string, SettingValue>.Empty.Add("url", new LiteralSetting(database.ConnectionString)), false, null, Origin.None);
        var sink = PipelineBuilder.Sink("t", SinkKind.Postgres, View.Schema, View.Name, connection: "warehouse", table: new TableName("speed", table),
            mode: WriteMode.Upsert, key: ["window_start", "key"]);
        return new PostgresSpeedSink(new ResolvedConnection(connection, null, new EnvironmentSecretProvider()), [sink], "pulse_speed");
    }

    private static SpeedCheckpoint Checkpoint(long next, params object?[][] rows) =>
        new("g", "events", "all", new ProcessorOutput("events", "events", new Dictionary<string, List<object?[]>> { [View.Name] = [.. rows] },
            [new QuarantinedEvent("events", "events", 0, next - 1, "_malformed", "the event is not valid JSON", "{")], new Dictionary<int, long> { [0] = next }),
            [1, 2, 3], long.MinValue);

    private static object?[] Row(int minute, long n) =>
        [new DateTime(2024, 6, 1, 10, minute, 0, DateTimeKind.Utc), new DateTime(2024, 6, 1, 10, minute + 10, 0, DateTimeKind.Utc), "k", n, n, 1L, 1L];

    [PostgresFact]
    public async Task A_checkpoint_writes_rows_offsets_snapshot_and_quarantine_together_and_upserts_by_key()
    {
        await using var database = await PgDatabase.CreateAsync();
        await using var sink = Sink(database);
        await sink.PrepareAsync(default);
        Assert.Empty((await sink.LoadAsync("g", "events", "all", default))!.Offsets);

        await sink.WriteAsync(Checkpoint(5, Row(0, 1), Row(0, 2), Row(10, 3)), default);
        await sink.WriteAsync(Checkpoint(9, Row(10, 4)), default);

        Assert.Equal(["2024-06-01T10:00Z|2024-06-01T10:10Z|k|2|2|1|1", "2024-06-01T10:10Z|2024-06-01T10:20Z|k|4|4|1|1"],
            await database.RowsAsync("SELECT * FROM speed.totals ORDER BY window_start"));
        var stored = (await sink.LoadAsync("g", "events", "all", default))!;
        Assert.Equal(9, stored.Offsets[0]);
        Assert.Equal([1, 2, 3], stored.Snapshot);
        Assert.Equal(2, await database.ScalarAsync("SELECT count(*) FROM pulse_speed.pulse_quarantine WHERE rule = '_malformed'"));
    }

    [PostgresFact]
    public async Task A_consumer_whose_partition_moved_on_is_fenced_and_writes_nothing()
    {
        await using var database = await PgDatabase.CreateAsync();
        await using var old = Sink(database);
        await using var successor = Sink(database);
        await old.PrepareAsync(default);
        await old.WriteAsync(Checkpoint(5), default);
        await successor.LoadAsync("g", "events", "all", default);
        await successor.WriteAsync(Checkpoint(8, Row(0, 1)), default);

        var error = await Assert.ThrowsAsync<PulseRunException>(() => old.WriteAsync(Checkpoint(7, Row(0, 99)), default));

        Assert.Equal(SpeedCodes.OffsetsFenced, error.Error.Code);
        Assert.Equal(["2024-06-01T10:00Z|2024-06-01T10:10Z|k|1|1|1|1"], await database.RowsAsync("SELECT * FROM speed.totals"));
        Assert.Equal(8, (await successor.LoadAsync("g", "events", "all", default))!.Offsets[0]);
    }
}
