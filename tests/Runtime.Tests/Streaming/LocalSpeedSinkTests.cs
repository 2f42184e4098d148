using System.Text.Json;
using DuckDB.NET.Data;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Streaming;
using Pulse.Runtime.Streaming.Processing;
using Pulse.Runtime.Streaming.Sinks;
using Pulse.Runtime.Tests.Fixtures;
using Pulse.Runtime.Tests.StreamingFixtures;

namespace Pulse.Runtime.Tests.Streaming;

/// <summary>
/// Sinks of speed views written locally by the batch layer's writers: parquet and delta folders, the
/// local elasticsearch index file, the embedded warehouse table, and (document by document) a cluster.
/// Each holds exactly the rows the speed view emitted, and running again gives the same rows.
/// </summary>
public sealed class LocalSpeedSinkTests : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    private const string LiveSinks = """

        sink live_lake: delta {
          from = live_food_prices
          path = "lake/live_prices"
          partition_by = [commodity]
        }

        sink live_search: elasticsearch {
          from = live_food_prices
          connection = search
          index = "live-prices"
          id = [market, commodity, window_start]
        }

        sink live_table: postgres {
          from = live_food_prices
          connection = warehouse
          table = "hunger.live_prices"
          key = [market, commodity, window_start]
          mode = append
        }
        """;

    private string State => Path.Combine(temp.Path, "state");

    private async Task<(SpeedRunResult Result, CapturingSink Capture)> RunAsync(PipelineIr pipeline, SpeedRunOptions? options = null)
    {
        var capture = new CapturingSink();
        options ??= new SpeedRunOptions();
        var result = await SpeedLayerRunner.RunAsync(pipeline, options with { ExtraSinks = [.. options.ExtraSinks, capture], Now = Runs.Now, StateDirectory = State });
        Assert.True(result.Error is null, result.Error?.ToString());
        return (result, capture);
    }

    /// <summary>Rows of a query over files, as <see cref="RowText"/> strings (one value per column of the speed view's row text).</summary>
    private static List<string> Query(string sql)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using (var zone = connection.CreateCommand())
        {
            zone.CommandText = "SET TimeZone = 'UTC'";
            zone.ExecuteNonQuery();
        }
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(RowText.Of([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i))]));
        return rows;
    }

    private static List<string> Sorted(IEnumerable<string> rows) => [.. rows.Order(StringComparer.Ordinal)];

    [Fact]
    public async Task The_clickstream_parquet_sink_holds_the_speed_views_rows_and_a_second_run_rewrites_the_same_rows()
    {
        var pipeline = Examples.Lower("clickstream.pulse");
        var (result, capture) = await RunAsync(pipeline);
        Assert.DoesNotContain(result.Warnings, w => w.Code == SpeedCodes.SinkSkipped);

        var folder = Path.Combine(State, "out", "trending");
        var sql = $"SELECT window_start, window_end, page, views, visitors FROM read_parquet('{folder}/**/*.parquet', hive_partitioning = true)";
        var speed = capture.Rows("trending_pages");
        Assert.True(speed.Count > 100, $"{speed.Count} rows");
        Assert.Equal(Sorted(speed), Sorted(Query(sql)));
        Assert.Contains(Directory.GetDirectories(folder), d => Path.GetFileName(d) == "page=%2F");
        var report = Assert.Single(result.Sinks, s => s.Kind == "parquet");
        Assert.Equal(("trending_files", "parquet", "out/trending", (long)speed.Count), (report.Name, report.Kind, report.Target, report.RowsWritten));

        // The local replay reads the stream from its start again: the folder holds this run's rows, not twice as many.
        var (again, _) = await RunAsync(pipeline);
        Assert.Equal(Sorted(speed), Sorted(Query(sql)));
        Assert.Equal(speed.Count, again.Sinks.Single(s => s.Kind == "parquet").RowsWritten);
        Assert.DoesNotContain(Directory.GetDirectories(Path.Combine(State, "out")), d => d.Contains(".pulse-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delta_local_elasticsearch_and_embedded_postgres_sinks_of_a_speed_view_hold_its_rows_and_survive_the_batch_run()
    {
        var pipeline = SpeedOverSpeedSpecTests.WorldHungerWith(temp, LiveSinks);
        var (result, capture) = await RunAsync(pipeline);
        var speed = capture.Rows("live_food_prices");
        Assert.True(speed.Count > 100, $"{speed.Count} rows");
        Assert.Equal(["live_lake", "live_search", "live_table"], result.Sinks.Select(s => s.Name));
        Assert.All(result.Sinks, s => Assert.Equal(speed.Count, s.RowsWritten));

        // Delta: parquet files plus a log whose commits (version 0, then one per checkpoint's append) list every one of them.
        var lake = Path.Combine(State, "lake", "live_prices");
        Assert.Equal(Sorted(speed), Sorted(Query($"SELECT window_start, window_end, market, commodity, avg_price, max_price, observations FROM read_parquet('{lake}/**/*.parquet', hive_partitioning = true)")));
        var files = Directory.GetFiles(lake, "*.parquet", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(lake, f).Replace('\\', '/')).Order(StringComparer.Ordinal);
        Assert.Equal(files, SpeedFileAppendTests.LiveFiles(lake));

        // The local elasticsearch index: one document per row, its id the sink's id columns.
        var documents = File.ReadAllLines(Path.Combine(State, "elasticsearch", "live-prices.ndjson")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(speed.Count, documents.Count);
        var ids = capture.Rows("live_food_prices").Select(r => r.Split('|')).Select(r => $"{r[2]}|{r[3]}|{r[0][..16]}:00.000000Z");
        Assert.Equal(Sorted(ids), Sorted(documents.Select(d => d.GetProperty("_id").GetString()!)));

        // The embedded warehouse table; a batch run afterwards opens the same state database and keeps it.
        var report = await PipelineRunner.RunBatchAsync(pipeline, new RunOptions { StateDirectory = State, Now = Runs.Now, SpeedResults = result.Results, SpeedSinkReports = result.Sinks });
        Assert.True(report.Error is null, report.Error?.ToString());
        Assert.Equal(speed.Count, report.Sink("live_table")!.RowsWritten);
        Assert.False(report.Sink("live_lake")!.Skipped);
        Assert.Equal(Sorted(speed), Sorted(StateQuery.Rows(State,
            "SELECT strftime(window_start, '%Y-%m-%dT%H:%MZ'), strftime(window_end, '%Y-%m-%dT%H:%MZ'), market, commodity, avg_price, max_price, observations FROM hunger.live_prices")));
    }

    [Fact]
    public async Task A_resumed_stream_adds_to_the_stored_rows_and_a_window_written_twice_is_there_once()
    {
        // One partition, so the watermark moves while the first run reads (windows are emitted before it stops);
        // the clean run reads the same partitioning (late events depend on each partition's order).
        var pipeline = Examples.Lower("clickstream.pulse");
        var (_, clean) = await RunAsync(pipeline, new SpeedRunOptions { LocalPartitions = 1 });
        var expected = Sorted(clean.Rows("trending_pages"));
        Directory.Delete(State, recursive: true);

        // An offset store that, like a crash between the sinks and the store, keeps only its first checkpoint:
        // the second run re-reads from there and emits again windows the parquet sink already has.
        var store = new FirstCheckpointStore();
        var options = new SpeedRunOptions { CheckpointEvents = 100, MaxEvents = 500, LocalPartitions = 1 };
        var (first, firstRows) = await RunAsync(pipeline, options with { ExtraSinks = [store] });
        Assert.True(firstRows.Rows("trending_pages").Count > 0, $"the first run emitted no rows: {first.ToJson()}");
        Assert.True(store.Saved is { Offsets.Count: > 0 }, "the store kept a checkpoint");
        var folder = Path.Combine(State, "out", "trending");
        var sql = $"SELECT window_start, window_end, page, views, visitors FROM read_parquet('{folder}/**/*.parquet', hive_partitioning = true)";
        var afterFirst = Query(sql);
        Assert.NotEmpty(afterFirst);
        Assert.True(afterFirst.Count < expected.Count);

        var capture = new CapturingSink();
        var second = await SpeedLayerRunner.RunAsync(pipeline, new SpeedRunOptions { ExtraSinks = [store, capture], Now = Runs.Now, StateDirectory = State, LocalPartitions = 1 });
        Assert.True(second.Error is null, second.Error?.ToString());
        var rewritten = capture.Rows("trending_pages").Intersect(afterFirst).ToList();
        Assert.NotEmpty(rewritten); // windows both runs emitted
        Assert.Equal(expected, Sorted(Query(sql)));
    }

    [Fact]
    public async Task A_cluster_sink_of_a_speed_view_gets_each_window_once_by_id_and_rejected_documents_are_counted()
    {
        var pipeline = SpeedOverSpeedSpecTests.WorldHungerWith(temp, LiveSinks);
        var rejectedId = "";
        using var cluster = new FakeElasticsearch((method, _, body) =>
        {
            if (method == "HEAD") return (404, "");
            if (method == "PUT") return (200, "{\"acknowledged\": true}");
            var ids = body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where((_, i) => i % 2 == 0)
                .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("index").GetProperty("_id").GetString()!).ToList();
            if (rejectedId == "") rejectedId = ids[0];
            var items = ids.Select(id => id == rejectedId
                ? $"{{\"index\": {{\"_id\": \"{id}\", \"status\": 400, \"error\": {{\"type\": \"mapper_parsing_exception\", \"reason\": \"bad\"}}}}}}"
                : $"{{\"index\": {{\"_id\": \"{id}\", \"status\": 201, \"result\": \"created\"}}}}");
            return (200, $"{{\"took\": 1, \"errors\": true, \"items\": [{string.Join(",", items)}]}}");
        });
        var options = new SpeedRunOptions
        {
            ConnectionOverrides = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["search"] = new Dictionary<string, string> { ["url"] = "http://fake-es:9200" } },
            ElasticsearchClientFactory = _ => cluster.Client(),
        };
        var (result, capture) = await RunAsync(pipeline, options);

        var bulk = cluster.Requests.Where(r => r.Method == "POST").ToList();
        var sent = bulk.SelectMany(r => r.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where((_, i) => i % 2 == 0)).ToList();
        var rows = capture.Rows("live_food_prices");
        Assert.Equal(rows.Count, sent.Count);
        Assert.Equal(sent.Count, sent.Distinct().Count());
        var report = result.Sinks.Single(s => s.Name == "live_search");
        Assert.Equal((rows.Count - 1L, 1L), (report.RowsWritten, report.RowsRejected));
        Assert.Contains(result.Warnings, w => w.Code == RuntimeCodes.DocumentsRejected);
    }

    /// <summary>An offset store (like PostgreSQL's) that keeps only the first checkpoint with offsets it is given.</summary>
    private sealed class FirstCheckpointStore : ISpeedSink
    {
        public StoredCheckpoint? Saved { get; private set; }
        public string Name => "first checkpoint";
        public IReadOnlyCollection<string> Views => [];
        public bool StoresOffsets => true;
        public Task PrepareAsync(CancellationToken cancellation) => Task.CompletedTask;
        public Task<StoredCheckpoint?> LoadAsync(string group, string topic, string shard, CancellationToken cancellation) => Task.FromResult(Saved);

        public Task WriteAsync(SpeedCheckpoint checkpoint, CancellationToken cancellation)
        {
            if (Saved is null && checkpoint.Offsets.Count > 0) Saved = new StoredCheckpoint(checkpoint.Offsets, checkpoint.Snapshot);
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
