using DuckDB.NET.Data;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Semantics;
using Pulse.Runtime.Batch;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Streaming;
using Pulse.Runtime.Tests.Fixtures;
using Pulse.Runtime.Tests.StreamingFixtures;

namespace Pulse.Runtime.Tests.Streaming;

/// <summary>
/// A speed view over a speed view written in Pulse, compiled by the front end and run by the speed layer
/// over the flagship's replayed stream (in-process Kafka): its rows equal the same rollup computed by the
/// batch layer over the events the speed layer did not treat as late.
/// </summary>
public sealed class SpeedOverSpeedSpecTests : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>The flagship plus a daily rollup of its hourly live prices (a speed view over a speed view).</summary>
    internal const string DailyRollup = """

        /// Daily market prices rolled up from the hourly live windows.
        speed view daily_food_prices {
          from live_food_prices
          where observations > 0
          window tumbling 1d on window_start
          group by market, commodity {
            hours = count()
            max_price = max(max_price)
            observations = sum(observations)
          }
        }
        """;

    internal static PipelineIr WorldHungerWith(TempDir folder, string extra)
    {
        var text = File.ReadAllText(Path.Combine(Repo.PipelinesDirectory, "world-hunger.pulse")) + extra;
        var compilation = Compilation.FromFile(folder.Write("world-hunger.pulse", text));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == Language.Diagnostics.DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        // The data files stay where the examples are.
        return compilation.Lower("local") with { BaseDirectory = Repo.PipelinesDirectory };
    }

    [Fact]
    public async Task A_daily_rollup_of_the_live_hourly_prices_equals_the_batch_rollup_over_the_events_that_were_not_late()
    {
        var pipeline = WorldHungerWith(temp, DailyRollup);
        var daily = pipeline.FindView("daily_food_prices")!;
        Assert.Equal(("food_prices", ViewLayer.Speed), (daily.Streaming!.Source, daily.Layer));

        var capture = new CapturingSink();
        var result = await SpeedLayerRunner.RunAsync(pipeline, new SpeedRunOptions { ExtraSinks = [capture], Now = Runs.Now });
        Assert.True(result.Error is null, result.Error?.ToString());
        var speed = capture.Rows("daily_food_prices");
        Assert.True(speed.Count > 20, $"only {speed.Count} daily rows");
        Assert.Equal(result.View("daily_food_prices")!.RowsEmitted, speed.Count);
        Assert.Equal(speed.Count, result.Results.Rows("daily_food_prices")!.Count);

        // The batch layer computes both levels over the events the speed layer kept on time.
        var late = capture.Quarantined.Where(q => q.Rule == "_late").Select(q => q.Event).ToList();
        Assert.NotEmpty(late);
        var lines = File.ReadAllLines(Path.Combine(Repo.PipelinesDirectory, "data", "food_prices.ndjson")).Where(l => l.Trim().Length > 0);
        var batch = await BatchRowsAsync(pipeline, ["live_food_prices", "daily_food_prices"], BatchOracle.Without(lines, late));
        Assert.Equal(batch.Order(StringComparer.Ordinal), speed.Order(StringComparer.Ordinal));
    }

    [PostgresFact]
    public async Task A_rollup_written_to_postgres_is_exactly_once_across_an_interrupted_run()
    {
        var pipeline = WorldHungerWith(temp, DailyRollup + """

            sink daily_table: postgres {
              from = daily_food_prices
              connection = warehouse
              table = "live.daily_prices"
              key = [market, commodity, window_start]
              mode = upsert
            }
            """);
        await using var clean = await PgDatabase.CreateAsync();
        await using var interrupted = await PgDatabase.CreateAsync();
        SpeedRunOptions On(PgDatabase database)
        {
            // Every setting of the spec's warehouse connection, pointed at this test's own database.
            var pg = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString);
            var settings = new Dictionary<string, string>
            {
                ["host"] = pg.Host!, ["port"] = pg.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), ["database"] = pg.Database!,
                ["user"] = pg.Username!, ["password"] = pg.Password ?? "",
            };
            return new SpeedRunOptions
            {
                Now = Runs.Now,
                CheckpointEvents = 500,
                // One partition: the watermark moves while the interrupted run reads, so windows flow to the rollup before the stop.
                LocalPartitions = 1,
                ConnectionOverrides = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["warehouse"] = settings },
            };
        }

        var full = await SpeedLayerRunner.RunAsync(pipeline, On(clean));
        Assert.True(full.Error is null, full.Error?.ToString());
        var first = await SpeedLayerRunner.RunAsync(pipeline, On(interrupted) with { MaxEvents = 4500 });
        Assert.True(first.Error is null, first.Error?.ToString());
        Assert.Equal(4500, first.Source("food_prices")!.Read);
        // The stop (mid June 2) has emitted June 1 and leaves June 2 open: the resumed run continues it from the stored snapshot.
        Assert.True(first.View("daily_food_prices")!.OpenWindows > 0, "no daily window was open at the stop");
        var rest = await SpeedLayerRunner.RunAsync(pipeline, On(interrupted));
        Assert.True(rest.Error is null, rest.Error?.ToString());
        Assert.Equal(full.Source("food_prices")!.Read, first.Source("food_prices")!.Read + rest.Source("food_prices")!.Read);
        Assert.Equal(full.View("daily_food_prices")!.RowsEmitted, first.View("daily_food_prices")!.RowsEmitted + rest.View("daily_food_prices")!.RowsEmitted);
        Assert.True(first.View("daily_food_prices")!.RowsEmitted > 0 && rest.View("daily_food_prices")!.RowsEmitted > 0);

        const string Rows = "SELECT * FROM live.daily_prices ORDER BY window_start, market, commodity";
        var expected = await clean.RowsAsync(Rows);
        Assert.Equal(full.View("daily_food_prices")!.RowsEmitted, expected.Count);
        Assert.True(expected.Count > 20);
        Assert.Equal(expected, await interrupted.RowsAsync(Rows));
    }

    /// <summary>Runs the given speed views as batch views over <paramref name="events"/> and returns the last one's rows.</summary>
    private async Task<List<string>> BatchRowsAsync(PipelineIr pipeline, string[] views, IEnumerable<string> events)
    {
        var replay = temp.Write("events.ndjson", string.Join("\n", events) + "\n");
        var source = pipeline.FindSource("food_prices")!;
        var builder = new PipelineBuilder("oracle", temp.Path).Source(source with { Options = source.Options with { Replay = replay, Connection = null } });
        foreach (var name in views) builder.View(pipeline.FindView(name)! with { Layer = ViewLayer.Batch, Streaming = null });
        var state = Path.Combine(temp.Path, "oracle-state");
        var report = await PipelineRunner.RunBatchAsync(builder.Build(), new RunOptions { StateDirectory = state, Now = Runs.Now });
        Assert.True(report.Error is null, report.Error?.ToString());
        using var connection = new DuckDBConnection("DataSource=" + Path.Combine(state, StateLayout.DatabaseFile));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM views.\"{views[^1]}\"";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(RowText.Of([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i))]));
        return rows;
    }
}
