using System.Text;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Tests.Fixtures;
using static Pulse.Runtime.Tests.Fixtures.E;

namespace Pulse.Runtime.Tests.Batch;

public sealed class ExpectationTests : IDisposable
{
    private readonly TempDir temp = new();

    public ExpectationTests()
    {
        // 100 rows: value 1..100, grp = value % 7, ref = "k" + value % 10 (k0..k9), stamp one day per value before the run.
        var csv = new StringBuilder("value,grp,ref,stamp\n");
        for (var v = 1; v <= 100; v++)
            csv.Append($"{v},{v % 7},k{v % 10},{Runs.Now.AddDays(-v):yyyy-MM-ddTHH:mm:ssZ}\n");
        temp.Write("numbers.csv", csv.ToString());
        temp.Write("keys.csv", "key\nk0\nk1\nk2\nk3\nk4\nk5\nk6\nk7\n");
    }

    public void Dispose() => temp.Dispose();

    private static SourceBuilder Numbers() => SourceBuilder.Csv("numbers", "numbers.csv")
        .Field("value", Int).Field("grp", Int).Field("ref", N(Text)).Field("stamp", Timestamp);

    /// <summary>value &lt;= 95: exactly 5 of 100 rows (96..100) violate it.</summary>
    private static Expr AtMost95 => Le(Col("value", Int), Int32(95));

    private Task<RunReport> Run(params SourceIr[] sources)
    {
        var pipeline = new PipelineBuilder("p", temp.Path);
        foreach (var source in sources) pipeline.Source(source);
        return Runs.Batch(pipeline.Build(), temp);
    }

    [Theory]
    [InlineData(ViolationAction.Drop, 95, 5, 0, 0)]
    [InlineData(ViolationAction.Quarantine, 95, 0, 5, 0)]
    [InlineData(ViolationAction.Warn, 100, 0, 0, 5)]
    public async Task A_row_rule_drops_quarantines_or_keeps_its_violations(ViolationAction action, long kept, long dropped, long quarantined, long failed)
    {
        var report = await Run(Numbers().ExpectRow("small", AtMost95, action).Build());

        Assert.Equal(RunStatus.Succeeded, report.Status);
        var numbers = report.Source("numbers")!;
        Assert.Equal((100L, kept, dropped, quarantined, failed), (numbers.Read, numbers.Kept, numbers.Dropped, numbers.Quarantined, numbers.Failed));
        Runs.AssertBooksBalance(numbers);
        var rule = numbers.Rules.Single(r => r.Rule == "small");
        Assert.Equal((100L, 5L), (rule.Checked, rule.Violations));
        Assert.Equal(action == ViolationAction.Warn ? RuleOutcome.Warned : RuleOutcome.Passed, rule.Outcome);
        Assert.Equal(action == ViolationAction.Warn ? 1 : 0, report.Warnings.Count(w => w.Code == RuntimeCodes.ExpectationWarning));
        if (action == ViolationAction.Quarantine)
            Assert.Equal("96|small|expectation small failed: value <= 95 (value = 96)",
                StateQuery.Rows(temp.State, "SELECT position - 1, rule, reason FROM quarantine.numbers ORDER BY position")[0]);
    }

    [Fact]
    public async Task Fail_stops_the_run_naming_the_rule_the_count_and_an_example_row()
    {
        var report = await Run(Numbers().ExpectRow("small", AtMost95, ViolationAction.Fail).Build());

        Assert.Equal(RunStatus.Failed, report.Status);
        Assert.Equal(RuntimeCodes.ExpectationFailed, report.Error!.Code);
        Assert.Contains("expectation small failed: 5 of 100 rows (5%) violate value <= 95; first at position 97: {\"value\":\"96\"", report.Error.Message);
        Assert.Equal(RuleOutcome.Failed, report.Source("numbers")!.Rules.Single(r => r.Rule == "small").Outcome);
        Assert.Empty(report.Views);
    }

    [Theory]
    [InlineData(0.01, RunStatus.Failed)]   // mostly 99%: 5% violating is too many
    [InlineData(0.10, RunStatus.Succeeded)] // mostly 90%
    public async Task Mostly_fails_only_above_its_tolerance(double failAbove, RunStatus status)
    {
        var report = await Run(Numbers().ExpectRow("small", AtMost95, ViolationAction.Quarantine, failAbove: failAbove).Build());
        Assert.Equal(status, report.Status);
        if (status == RunStatus.Failed) Assert.Contains("above the 1% allowed", report.Error!.Message);
        else Assert.Equal(5, report.Source("numbers")!.Quarantined);
    }

    [Theory]
    [InlineData(0.01, 1)]
    [InlineData(0.05, 0)] // exactly 5% is not above 5%
    public async Task Warn_above_warns_only_past_its_threshold(double warnAbove, int warnings)
    {
        var report = await Run(Numbers().ExpectRow("small", AtMost95, ViolationAction.Quarantine, warnAbove: warnAbove).Build());
        Assert.Equal(RunStatus.Succeeded, report.Status);
        Assert.Equal(warnings, report.Warnings.Count(w => w.Code == RuntimeCodes.ExpectationWarning));
        Assert.Equal(5, report.Source("numbers")!.Quarantined);
    }

    [Fact]
    public async Task Fail_with_a_tolerance_keeps_and_warns_when_within_it()
    {
        var report = await Run(Numbers().ExpectRow("small", AtMost95, ViolationAction.Fail, failAbove: 0.06).Build());
        Assert.Equal(RunStatus.Succeeded, report.Status);
        Assert.Equal((100L, 5L), (report.Source("numbers")!.Kept, report.Source("numbers")!.Failed));
        Assert.Single(report.Warnings);
    }

    [Fact]
    public async Task Failed_counts_each_kept_row_once_even_when_it_breaks_several_warn_rules()
    {
        var report = await Run(Numbers()
            .ExpectRow("small", AtMost95, ViolationAction.Warn)
            .ExpectRow("smaller", Le(Col("value", Int), Int32(90)), ViolationAction.Warn).Build());
        Assert.Equal(10, report.Source("numbers")!.Failed);
        Assert.Equal([5L, 10L], report.Source("numbers")!.Rules.Where(r => r.Kind == "expect").Select(r => r.Failed));
    }

    [Fact]
    public async Task Unique_flags_every_row_after_the_first_per_key_and_ignores_keys_with_nulls()
    {
        temp.Write("dups.csv", "a,b\n1,x\n1,x\n1,y\n1,x\n2,\n2,\n");
        var source = SourceBuilder.Csv("dups", "dups.csv").Field("a", Int).Field("b", N(Text))
            .Expect("one_per_key", new UniqueRule(["a", "b"]), ViolationAction.Quarantine).Build();
        var report = await Run(source);

        Assert.Equal((6L, 4L, 2L), (report.Source("dups")!.Read, report.Source("dups")!.Kept, report.Source("dups")!.Quarantined));
        Assert.Equal([
            "3|expectation one_per_key failed: duplicate of the row at position 2 for (a, b) = (1, \"x\")",
            "5|expectation one_per_key failed: duplicate of the row at position 2 for (a, b) = (1, \"x\")"],
            StateQuery.Rows(temp.State, "SELECT position, reason FROM quarantine.dups ORDER BY position"));
    }

    [Fact]
    public async Task References_check_against_another_sources_clean_rows_and_let_nulls_pass()
    {
        // keys k0..k7 exist; numbers with ref k8/k9 (20 rows) violate. The keys source is declared after numbers: the runner orders it first.
        var numbers = Numbers().Expect("known_ref", new ReferenceRule("ref", "keys", "key"), ViolationAction.Quarantine).Build();
        var keys = SourceBuilder.Csv("keys", "keys.csv").Field("key", Text).ExpectRow("not_k7", Ne(Col("key", Text), Str("k7")), ViolationAction.Drop).Build();
        var report = await Run(numbers, keys);

        Assert.Equal(["keys", "numbers"], report.Sources.Select(s => s.Name));
        // k7 was dropped from keys by its own rule, so k7 references fail too: 30 rows.
        Assert.Equal(30, report.Source("numbers")!.Quarantined);
        Assert.Equal("expectation known_ref failed: ref = \"k8\" is not in keys.key",
            StateQuery.Scalar(temp.State, "SELECT reason FROM quarantine.numbers WHERE position = 9"));
    }

    [Theory]
    [InlineData(1, 100, ViolationAction.Fail, RunStatus.Succeeded, 0)]
    [InlineData(101, 200, ViolationAction.Warn, RunStatus.Succeeded, 1)]
    [InlineData(101, 200, ViolationAction.Fail, RunStatus.Failed, 0)]
    public async Task Row_count_judges_the_rows_that_reach_it(long min, long max, ViolationAction action, RunStatus status, int warnings)
    {
        var report = await Run(Numbers().Expect("enough", new RowCountRule(min, max), action).Build());
        Assert.Equal(status, report.Status);
        Assert.Equal(warnings, report.Warnings.Length);
        if (status == RunStatus.Failed) Assert.Contains("row count 100 is not between 101 and 200", report.Error!.Message);
        else Assert.Equal(100, report.Source("numbers")!.Kept);
    }

    [Theory]
    [InlineData(2, RunStatus.Succeeded)]  // newest stamp is 1 day before the run
    [InlineData(0.5, RunStatus.Failed)]
    public async Task Freshness_compares_the_newest_value_with_the_run_start(double days, RunStatus status)
    {
        var report = await Run(Numbers().Expect("fresh", new FreshnessRule("stamp", TimeSpan.FromDays(days)), ViolationAction.Fail).Build());
        Assert.Equal(status, report.Status);
        if (status == RunStatus.Failed)
            Assert.Contains("newest stamp (2024-05-31T12:00:00Z) is older than 12h", report.Error!.Message);
    }
}
