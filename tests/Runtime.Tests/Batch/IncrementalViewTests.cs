using Pulse.Compiler.Ir;
using Pulse.Runtime.Batch;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Tests.Fixtures;

namespace Pulse.Runtime.Tests.Batch;

/// <summary>
/// <c>incremental on c</c>: a re-run reads the inputs that carry c only from the high-water mark on (the greatest
/// c published), replaces the view's rows from the mark on and keeps the rest. With input appended since, the
/// result must equal a full recompute (compared with a run into a fresh state directory), the counts must show
/// that only the new rows (and those at the mark) were read, and the publish stays all-or-nothing.
/// </summary>
public sealed class IncrementalViewTests : IDisposable
{
    private readonly TempDir temp = new();
    private readonly TempDir fresh = new();

    public void Dispose()
    {
        temp.Dispose();
        fresh.Dispose();
    }

    private const string Spec = """
        pipeline p
        source events: csv {
          path = "events.csv"
          schema { id: int  day: date  amount: long  country: string  at: timestamp }
          clean {
            expect positive: amount > 0 else fail
          }
        }
        source countries: csv {
          path = "countries.csv"
          schema { country: string  name: string }
        }
        /// Totals per day and country, sorted.
        batch view daily {
          from events
          group by day, country { total = sum(amount)  n = count() }
          order by day desc, country
          incremental on day
        }
        /// Big events with their country's name (a join: the far side is read in full).
        batch view big_events {
          from events as e
          join countries as c using (country)
          where amount > 10
          select id, day, amount, name = c.name
          incremental on day
        }
        /// Hourly windows: incremental on the window start.
        batch view hourly {
          from events
          window tumbling 1h on at
          group by country { total = sum(amount) }
          incremental on window_start
        }
        """;

    private const string Header = "id,day,amount,country,at\n";
    private const string FirstRows =
        "1,2024-01-01,5,fr,2024-01-01T10:15:00Z\n" +
        "2,2024-01-01,20,de,2024-01-01T10:45:00Z\n" +
        "3,2024-01-02,30,fr,2024-01-02T11:05:00Z\n" +
        "4,2024-01-02,7,de,2024-01-02T11:30:00Z\n";
    // One row at the mark day (and in the last hour), three after it.
    private const string NewRows =
        "5,2024-01-02,40,fr,2024-01-02T11:50:00Z\n" +
        "6,2024-01-03,50,de,2024-01-03T09:00:00Z\n" +
        "7,2024-01-03,2,fr,2024-01-03T09:10:00Z\n" +
        "8,2024-01-04,60,fr,2024-01-04T00:00:00Z\n";

    private PipelineIr Pipeline(string? spec = null)
    {
        temp.Write("countries.csv", "country,name\nfr,France\nde,Germany\n");
        return Specs.Compile(temp, spec ?? Spec);
    }

    private static readonly string[] Queries =
    [
        "SELECT * FROM views.daily",
        "SELECT * FROM views.big_events ORDER BY id",
        "SELECT * FROM views.hourly ORDER BY ALL",
    ];

    private static List<string> Views(string state) => [.. Queries.SelectMany(q => StateQuery.Rows(state, q).Append("--"))];

    /// <summary>The same spec and inputs, computed in full into a state directory of its own.</summary>
    private async Task<List<string>> FullRecompute(PipelineIr pipeline)
    {
        var report = await Runs.Succeed(pipeline, temp, new RunOptions { StateDirectory = fresh.State });
        Assert.All(report.Views, v => Assert.Equal(IncrementalRun.Full, v.Incremental!.Mode));
        return Views(fresh.State);
    }

    private static string Counts(ViewReport view) =>
        $"{view.Incremental!.Mode} from {view.Incremental.From ?? "-"} read {view.Incremental.InputRows} replaced {view.Incremental.ReplacedRows} added {view.Incremental.AddedRows} mark {view.Incremental.HighWater}";

    [Fact]
    public async Task A_rerun_after_appending_rows_reads_only_the_new_rows_and_the_rows_at_the_mark_and_equals_a_full_recompute()
    {
        temp.Write("events.csv", Header + FirstRows);
        var first = await Runs.Succeed(Pipeline(), temp);
        Assert.Equal("full from - read 4 replaced 0 added 4 mark 2024-01-02", Counts(first.View("daily")!));
        Assert.Equal("full from - read 4 replaced 0 added 2 mark 2024-01-02", Counts(first.View("big_events")!));
        Assert.Equal("full from - read 4 replaced 0 added 4 mark 2024-01-02 11:00:00", Counts(first.View("hourly")!));

        File.AppendAllText(Path.Combine(temp.Path, "events.csv"), NewRows);
        var second = await Runs.Succeed(Pipeline(), temp);

        // daily: the input rows of 2024-01-02 and later (ids 3-8: two old ones at the mark, four new); the two groups of the mark day are replaced.
        Assert.Equal("incremental from 2024-01-02 read 6 replaced 2 added 5 mark 2024-01-04", Counts(second.View("daily")!));
        // big_events: the same six input rows; the countries side is read in full; one old row (id 3) at the mark is replaced.
        Assert.Equal("incremental from 2024-01-02 read 6 replaced 1 added 4 mark 2024-01-04", Counts(second.View("big_events")!));
        // hourly: the events from 2024-01-02 11:00 on (ids 3-8); the two windows of that hour are replaced.
        Assert.Equal("incremental from 2024-01-02 11:00:00 read 6 replaced 2 added 5 mark 2024-01-04 00:00:00", Counts(second.View("hourly")!));
        Assert.Equal((7L, 5L, 7L), (second.View("daily")!.Rows, second.View("big_events")!.Rows, second.View("hourly")!.Rows));

        Assert.Equal(await FullRecompute(Pipeline()), Views(temp.State));
        Assert.Equal([
            "2024-01-04|fr|60|1", "2024-01-03|de|50|1", "2024-01-03|fr|2|1", "2024-01-02|de|7|1", "2024-01-02|fr|70|2",
            "2024-01-01|de|20|1", "2024-01-01|fr|5|1"], StateQuery.Rows(temp.State, "SELECT * FROM views.daily"));
        Assert.Equal(["daily|2024-01-04|incremental", "big_events|2024-01-04|incremental", "hourly|2024-01-04 00:00:00|incremental"],
            StateQuery.Rows(temp.State, "SELECT \"view\", high_water, mode FROM pulse.incremental ORDER BY rowid"));
    }

    [Fact]
    public async Task A_rerun_that_fails_an_expectation_leaves_the_views_and_their_marks_as_they_were()
    {
        temp.Write("events.csv", Header + FirstRows);
        await Runs.Succeed(Pipeline(), temp);
        var views = Views(temp.State);
        var marks = StateQuery.Rows(temp.State, "SELECT * FROM pulse.incremental ORDER BY \"view\"");

        File.AppendAllText(Path.Combine(temp.Path, "events.csv"), NewRows + "9,2024-01-05,-1,fr,2024-01-05T00:00:00Z\n");
        var failed = await Runs.Batch(Pipeline(), temp);

        Assert.Equal(RuntimeCodes.ExpectationFailed, failed.Error!.Code);
        Assert.Equal(views, Views(temp.State));
        Assert.Equal(marks, StateQuery.Rows(temp.State, "SELECT * FROM pulse.incremental ORDER BY \"view\""));

        // Once the input is fixed, the next run continues from the published mark.
        File.WriteAllText(Path.Combine(temp.Path, "events.csv"), Header + FirstRows + NewRows);
        var fixedRun = await Runs.Succeed(Pipeline(), temp);
        Assert.Equal("incremental from 2024-01-02 read 6 replaced 2 added 5 mark 2024-01-04", Counts(fixedRun.View("daily")!));
        Assert.Equal(await FullRecompute(Pipeline()), Views(temp.State));
    }

    [Fact]
    public async Task Full_refresh_or_a_changed_definition_recomputes_in_full()
    {
        temp.Write("events.csv", Header + FirstRows);
        await Runs.Succeed(Pipeline(), temp);
        File.AppendAllText(Path.Combine(temp.Path, "events.csv"), NewRows);

        var refreshed = await Runs.Succeed(Pipeline(), temp, new RunOptions { FullRefresh = true });
        Assert.Equal("full from - read 8 replaced 4 added 7 mark 2024-01-04", Counts(refreshed.View("daily")!));

        // A changed threshold in big_events: its old rows were computed by another definition.
        var changed = await Runs.Succeed(Pipeline(Spec.Replace("where amount > 10", "where amount > 25")), temp);
        Assert.Equal(IncrementalRun.Full, changed.View("big_events")!.Incremental!.Mode);
        Assert.Equal(IncrementalRun.Incremental, changed.View("daily")!.Incremental!.Mode);
        Assert.Equal(["3|30", "5|40", "6|50", "8|60"], StateQuery.Rows(temp.State, "SELECT id, amount FROM views.big_events ORDER BY id"));
    }

    [Fact]
    public async Task Rows_with_a_null_column_are_reprocessed_every_run_and_never_lost()
    {
        var spec = """
            pipeline p
            source events: csv {
              path = "events.csv"
              schema { id: int  day: date? }
            }
            batch view tagged {
              from events
              derive tag = id * 10
              incremental on day
            }
            """;
        temp.Write("events.csv", "id,day\n1,2024-01-01\n2,\n3,2024-01-02\n");
        await Runs.Succeed(Specs.Compile(temp, spec), temp);
        File.AppendAllText(Path.Combine(temp.Path, "events.csv"), "4,\n5,2024-01-03\n6,2024-01-01\n");
        var second = await Runs.Succeed(Specs.Compile(temp, spec), temp);

        // Read: id 3 (at the mark), 5 (after it), 2 and 4 (null); id 6 is below the mark: a late row the contract excludes.
        Assert.Equal("incremental from 2024-01-02 read 4 replaced 2 added 4 mark 2024-01-03", Counts(second.View("tagged")!));
        Assert.Equal(["1|2024-01-01|10", "2|∅|20", "3|2024-01-02|30", "4|∅|40", "5|2024-01-03|50"],
            StateQuery.Rows(temp.State, "SELECT * FROM views.tagged ORDER BY id"));
    }

    [Theory]
    [InlineData("group by country { n = count() }\n  incremental on n", "n is not a group key")]
    [InlineData("select id, later = id + 1\n  incremental on later", "later is computed")]
    [InlineData("limit 3\n  incremental on day", "a view with limit keeps the first rows")]
    [InlineData("left join countries as c using (country)\n  select id, d = c.since\n  incremental on d", "since comes from the optional side of a left join")]
    [InlineData("window hopping 2h every 1h on at\n  group by country { n = count() }\n  incremental on window_start", "a hopping window mixes events")]
    public void Pulse_check_refuses_a_column_that_is_not_carried_from_an_input_with_the_reason(string steps, string reason)
    {
        var spec = $$"""
            pipeline p
            source events: csv {
              path = "events.csv"
              schema { id: int  day: date  country: string  at: timestamp }
            }
            source countries: csv {
              path = "countries.csv"
              schema { country: string  since: date }
            }
            batch view v {
              from events
              {{steps}}
            }
            """;
        var compilation = Pulse.Compiler.Semantics.Compilation.FromFile(temp.Write("spec.pulse", spec));
        var error = compilation.GetDiagnostics().Single(d => d.Severity == Language.Diagnostics.DiagnosticSeverity.Error);

        Assert.Equal("PULSE3040", error.Code);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public async Task The_runtime_refuses_such_a_view_too_when_its_ir_did_not_come_through_the_checker()
    {
        temp.Write("events.csv", Header + FirstRows);
        var events = SourceBuilder.Csv("events", "events.csv").Field("id", E.Int).Field("day", E.Date).Build();
        var counted = R.Batch("counted", R.GroupBy(R.Scan(events), [("day", new ColumnRef(E.Date, "day"))], [R.Count("n")]), incremental: "n");
        var report = await Runs.Batch(new PipelineBuilder("p", temp.Path).Source(events).View(counted).Build(), temp);

        Assert.Equal(RuntimeCodes.NotSupportedLocally, report.Error!.Code);
        Assert.StartsWith("view counted cannot be incremental on n: n is not a group key", report.Error.Message);
    }
}
