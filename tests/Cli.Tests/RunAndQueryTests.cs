using System.Text.Json;

namespace Pulse.Cli.Tests;

public class RunAndQueryTests
{
    private static JsonElement RunJson(string spec, string state, out int exit)
    {
        var result = CliHarness.InRepo("run", spec, "--state", state, "--format", "json");
        exit = result.Exit;
        return JsonDocument.Parse(result.Out).RootElement;
    }

    [Fact]
    public void Orders_run_accounts_for_every_row()
    {
        var report = RunJson("pipelines/orders.pulse", CliHarness.TempFolder(), out var exit);

        Assert.Equal(0, exit);
        Assert.Equal("succeeded", report.GetProperty("status").GetString());
        foreach (var source in report.GetProperty("sources").EnumerateArray())
            Assert.Equal(source.GetProperty("read").GetInt64(),
                source.GetProperty("kept").GetInt64() + source.GetProperty("dropped").GetInt64() + source.GetProperty("quarantined").GetInt64());
        var orders = report.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "orders");
        // Read by hand from data/orders.csv: 12 rows; 1006 twice (dedupe drops one); quarantined: 1004 USD,
        // 1005 zero amount, 1007 unknown customer c009, 1008 date not dd/MM/yyyy, 1009 amount not a number,
        // 1011 no date (n/a is a null token, the field is not nullable).
        Assert.Equal(12, orders.GetProperty("read").GetInt64());
        Assert.Equal(1, orders.GetProperty("dropped").GetInt64());
        Assert.Equal(6, orders.GetProperty("quarantined").GetInt64());
        Assert.Equal(5, orders.GetProperty("kept").GetInt64());
    }

    [Fact]
    public void The_clickstream_sinks_of_speed_views_are_written_into_the_state_folder_and_reported()
    {
        var state = CliHarness.TempFolder();
        try
        {
            for (var run = 0; run < 2; run++)
            {
                var report = RunJson("pipelines/clickstream.pulse", state, out var exit);
                Assert.Equal(0, exit);
                var emitted = report.GetProperty("speed").GetProperty("views").EnumerateArray()
                    .Single(v => v.GetProperty("name").GetString() == "trending_pages").GetProperty("rowsEmitted").GetInt64();
                var sink = report.GetProperty("sinks").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "trending_files");
                Assert.False(sink.GetProperty("skipped").GetBoolean());
                Assert.Equal(("out/trending", emitted), (sink.GetProperty("target").GetString(), sink.GetProperty("rowsWritten").GetInt64()));
                Assert.DoesNotContain(report.GetProperty("speed").GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == "PULSE9651");
                // The kafka sink of visits produced to the in-process topic, which is kept in the state folder when the run ends.
                var visits = report.GetProperty("speed").GetProperty("views").EnumerateArray()
                    .Single(v => v.GetProperty("name").GetString() == "visits").GetProperty("rowsEmitted").GetInt64();
                var topic = report.GetProperty("sinks").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "visits_topic");
                Assert.False(topic.GetProperty("skipped").GetBoolean());
                Assert.Equal(("kafka/visits.ndjson (topic visits, in-process Kafka)", visits), (topic.GetProperty("target").GetString(), topic.GetProperty("rowsWritten").GetInt64()));
                Assert.Equal(visits, File.ReadLines(Path.Combine(state, "kafka", "visits.ndjson")).Count());
            }
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(state, "out", "trending"), "*.parquet", SearchOption.AllDirectories));
            Assert.False(Directory.Exists(Path.Combine(CliHarness.RepoRoot, "pipelines", ".pulse", "out")), "nothing is written next to the spec when --state is given");
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Fact]
    public void Query_filters_with_a_checked_expression()
    {
        var state = CliHarness.TempFolder();
        RunJson("pipelines/world-hunger.pulse", state, out var exit);
        Assert.Equal(0, exit);

        var result = CliHarness.InRepo("query", "disaster_decades", "pipelines/world-hunger.pulse", "--state", state,
            "--where", "entity == \"Drought\" and decade between 1920 and 1929", "--format", "json");

        Assert.Equal(0, result.Exit);
        var row = Assert.Single(JsonDocument.Parse(result.Out).RootElement.EnumerateArray());
        // Independently from data/disasters.csv: the Drought rows of the 1920s.
        var expected = File.ReadLines(Path.Combine(CliHarness.RepoRoot, "pipelines/data/disasters.csv")).Skip(1)
            .Select(l => l.Split(',')).Where(f => f[0] == "Drought" && int.Parse(f[1]) is >= 1920 and < 1930).ToList();
        Assert.Equal(expected.Sum(f => long.Parse(f[2])), row.GetProperty("deaths").GetInt64());
        Assert.Equal(expected.Count, row.GetProperty("years_with_deaths").GetInt64());
    }

    [Fact]
    public void Query_reports_a_bad_where_like_the_checker()
    {
        var state = CliHarness.TempFolder();
        RunJson("pipelines/orders.pulse", state, out _);

        var result = CliHarness.InRepo("query", "customer_revenue", "pipelines/orders.pulse", "--state", state, "--where", "net_revenu > 0");

        Assert.Equal(1, result.Exit);
        Assert.Contains("--where: `net_revenu` is not a column of `customer_revenue` (hint: did you mean `net_revenue`?)", result.Error);
    }

    [Fact]
    public void A_failing_expectation_fails_the_run_and_keeps_the_previous_outputs()
    {
        var folder = CliHarness.TempFolder();
        var data = Path.Combine(folder, "data.csv");
        var spec = Path.Combine(folder, "p.pulse");
        File.WriteAllText(spec, """
            source numbers: csv {
              path = "data.csv"
              schema { n: int }
              clean { expect positive: n > 0 else fail }
            }
            batch view kept { from numbers }
            sink out: parquet { from = kept  path = "out" }
            """);
        File.WriteAllText(data, "n\n1\n2\n");
        var first = CliHarness.Run(folder, "run", "p.pulse", "--quiet");
        File.WriteAllText(data, "n\n1\n-5\n");
        var second = CliHarness.Run(folder, "run", "p.pulse", "--quiet");
        var query = CliHarness.Run(folder, "query", "kept", "p.pulse", "--format", "csv");

        Assert.Equal(0, first.Exit);
        Assert.Equal(1, second.Exit);
        Assert.Contains("positive", second.Error);
        Assert.Equal("n\n1\n2\n", query.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void The_summary_says_how_an_incremental_view_ran()
    {
        var folder = CliHarness.TempFolder();
        var data = Path.Combine(folder, "sales.csv");
        File.WriteAllText(Path.Combine(folder, "p.pulse"), """
            source sales: csv {
              path = "sales.csv"
              schema { day: int  amount: int }
            }
            batch view daily {
              from sales
              group by day { total = sum(amount) }
              incremental on day
            }
            sink out: parquet { from = daily  path = "out" }
            """);
        File.WriteAllText(data, "day,amount\n1,10\n2,20\n2,5\n");
        var first = CliHarness.Run(folder, "run", "p.pulse");
        File.AppendAllText(data, "2,1\n3,7\n");
        var second = CliHarness.Run(folder, "run", "p.pulse");
        var query = CliHarness.Run(folder, "query", "daily", "p.pulse", "--format", "csv");

        Assert.True(first.Exit == 0, first.Out + first.Error);
        Assert.Contains("on day: computed in full; mark now 2", first.Out);
        Assert.True(second.Exit == 0, second.Out + second.Error);
        // From the mark (day 2) on: the three rows of day 2 and the one of day 3 are read; the published row of day 2
        // is replaced by the rows of days 2 and 3.
        Assert.Contains("on day from 2: 4 input rows read, 1 rows from the mark on replaced by 2; mark now 3", second.Out);
        Assert.Equal(["1,10", "2,26", "3,7", "day,total"], query.Out.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }
}
