using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Tests.Fixtures;
using static Pulse.Runtime.Tests.Fixtures.E;

namespace Pulse.Runtime.Tests.Batch;

/// <summary>
/// Cleaning runs every step in one statement, with removed rows still flowing through the later steps
/// (marked with the first rule that removed them). These tests pin down what that must not change: the
/// first failing rule in spec order is the one recorded, each later rule counts only the rows that reached
/// it, removed rows never influence later steps, and the quarantine holds each row once with its original text.
/// </summary>
public sealed class FusedCleaningTests : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    private async Task<SourceReport> Clean(SourceBuilder source)
    {
        var report = await Runs.Succeed(new PipelineBuilder("p", temp.Path).Source(source.Build()).Build(), temp);
        var cleaned = report.Sources.Single();
        Runs.AssertBooksBalance(cleaned);
        return cleaned;
    }

    private static string Counts(RuleReport r) => $"{r.Rule}:{r.Checked}/{r.Violations}/{r.Dropped}/{r.Quarantined}/{r.Failed}";

    [Fact]
    public async Task A_row_failing_several_rules_is_quarantined_once_under_the_first_in_spec_order()
    {
        // id 2 fails a and b; id 3 fails only b; id 4 only a; id 5 is malformed (x) and would fail b too.
        temp.Write("t.csv", "id,x,y\n1,5,5\n2,-1,-1\n3,5,-2\n4,-3,5\n5,abc,-9\n");
        var source = SourceBuilder.Csv("t", "t.csv").Field("id", Int).Field("x", Int).Field("y", Int);
        source.ExpectRow("a", Gt(source.Col("x"), Int32(0)), ViolationAction.Quarantine)
              .ExpectRow("b", Gt(source.Col("y"), Int32(0)), ViolationAction.Quarantine);
        var report = await Clean(source);

        Assert.Equal((5L, 1L, 4L), (report.Read, report.Kept, report.Quarantined));
        Assert.Equal(["_malformed:5/1/0/1/0", "a:4/2/0/2/0", "b:2/1/0/1/0"], report.Rules.Select(Counts));
        Assert.Equal([
            "3|a|expectation a failed: x > 0 (x = -1)",
            "4|b|expectation b failed: y > 0 (y = -2)",
            "5|a|expectation a failed: x > 0 (x = -3)",
            "6|_malformed|column x: 'abc' is not a valid int"],
            StateQuery.Rows(temp.State, "SELECT position, rule, reason FROM quarantine.t ORDER BY position"));
        Assert.Equal(["1|5|5"], StateQuery.Rows(temp.State, "SELECT * FROM sources.t"));
    }

    [Fact]
    public async Task A_cast_after_a_trim_sees_the_trimmed_value_and_the_quarantine_keeps_the_original_row()
    {
        temp.Write("t.csv", "id,day\n1, 02/03/2024 \n2,  nope  \n3,31/02/2024\n");
        var report = await Clean(SourceBuilder.Csv("t", "t.csv").Field("id", Int).Field("day", Text).Trim("day").Cast("day", Date, "dd/MM/yyyy"));

        Assert.Equal(["1|2024-03-02"], StateQuery.Rows(temp.State, "SELECT * FROM sources.t"));
        Assert.Equal("cast day:3/2/0/2/0", Counts(report.Rules.Single(r => r.Kind == "cast")));
        Assert.Equal([
            "3|_malformed|column day: 'nope' is not a date in the format dd/MM/yyyy|{\"id\":\"2\",\"day\":\"  nope  \"}",
            "4|_malformed|column day: '31/02/2024' is not a date in the format dd/MM/yyyy|{\"id\":\"3\",\"day\":\"31/02/2024\"}"],
            StateQuery.Rows(temp.State, "SELECT position, rule, reason, \"row\" FROM quarantine.t ORDER BY position"));
    }

    [Theory]
    [InlineData(ViolationAction.Drop)]
    [InlineData(ViolationAction.Quarantine)]
    public async Task Rows_an_earlier_rule_removed_never_reach_a_later_expression(ViolationAction action)
    {
        // v * 10^10 overflows a long for the second row: computing it at all would stop the run.
        temp.Write("t.csv", "id,v\n1,10\n2,3000000000\n3,20\n");
        var source = SourceBuilder.Csv("t", "t.csv").Field("id", Int).Field("v", Long);
        source.ExpectRow("small", Lt(source.Col("v"), Int64(1_000_000)), action);
        source.Derive("w", Mul(source.Col("v"), Int64(10_000_000_000)));
        source.ExpectRow("w_positive", Gt(source.Col("w"), Int64(0)), ViolationAction.Fail);
        var report = await Clean(source);

        Assert.Equal(["1|10|100000000000", "3|20|200000000000"], StateQuery.Rows(temp.State, "SELECT * FROM sources.t"));
        Assert.Equal("w_positive:2/0/0/0/0", Counts(report.Rules.Single(r => r.Rule == "w_positive")));
    }

    [Fact]
    public async Task Warn_rules_count_every_violation_that_reached_them_and_failed_counts_only_kept_rows()
    {
        // id 2 violates w and is kept; id 3 violates w and is then quarantined by q.
        temp.Write("t.csv", "id,x\n1,5\n2,-1\n3,-2\n4,7\n");
        var source = SourceBuilder.Csv("t", "t.csv").Field("id", Int).Field("x", Int);
        source.ExpectRow("w", Gt(source.Col("x"), Int32(0)), ViolationAction.Warn)
              .ExpectRow("q", Ne(source.Col("id"), Int32(3)), ViolationAction.Quarantine);
        var report = await Runs.Succeed(new PipelineBuilder("p", temp.Path).Source(source.Build()).Build(), temp);

        var t = report.Source("t")!;
        Assert.Equal((4L, 3L, 1L, 1L), (t.Read, t.Kept, t.Quarantined, t.Failed));
        Assert.Equal(["w:4/2/0/0/2", "q:4/1/0/1/0"], t.Rules.Where(r => r.Kind == "expect").Select(Counts));
        Assert.Equal(RuleOutcome.Warned, t.Rules.Single(r => r.Rule == "w").Outcome);
        Assert.Contains("expectation w: 2 of 4 rows (50%) violate x > 0; first at position 3: {\"id\":\"2\",\"x\":\"-1\"}",
            report.Warnings.Single(w => w.Code == RuntimeCodes.ExpectationWarning).Message);
    }

    [Fact]
    public async Task A_removed_row_is_never_the_first_of_a_key_for_dedupe()
    {
        // The first id 1 is quarantined, so the second one is the first that counts and stays.
        temp.Write("t.csv", "id,ok,n\n1,no,1\n1,yes,2\n2,yes,3\n2,yes,4\n3,yes,5\n");
        var source = SourceBuilder.Csv("t", "t.csv").Field("id", Int).Field("ok", Text).Field("n", Int);
        source.ExpectRow("ok", Eq(source.Col("ok"), Str("yes")), ViolationAction.Quarantine).Dedupe(["id"], DedupeKeep.Latest);
        var report = await Clean(source);

        Assert.Equal(["1|yes|2", "2|yes|4", "3|yes|5"], StateQuery.Rows(temp.State, "SELECT * FROM sources.t"));
        Assert.Equal("dedupe by id:4/1/1/0/0", Counts(report.Rules.Single(r => r.Kind == "dedupe")));
    }

    [Fact]
    public async Task A_removed_row_is_never_the_first_of_a_key_for_unique_and_the_output_keeps_input_order()
    {
        temp.Write("t.csv", "id,ok\n2,yes\n1,no\n1,yes\n2,yes\n3,yes\n");
        var source = SourceBuilder.Csv("t", "t.csv").Field("id", Int).Field("ok", Text);
        source.ExpectRow("ok", Eq(source.Col("ok"), Str("yes")), ViolationAction.Quarantine)
              .Expect("one_per_id", new UniqueRule(["id"]), ViolationAction.Quarantine);
        var report = await Clean(source);

        Assert.Equal(["2|yes", "1|yes", "3|yes"], StateQuery.Rows(temp.State, "SELECT * FROM sources.t"));
        Assert.Equal([
            "3|ok|expectation ok failed: ok == \"yes\" (ok = \"no\")",
            "5|one_per_id|expectation one_per_id failed: duplicate of the row at position 2 for (id) = (2)"],
            StateQuery.Rows(temp.State, "SELECT position, rule, reason FROM quarantine.t ORDER BY position"));
        Assert.Equal("one_per_id:4/1/0/1/0", Counts(report.Rules.Single(r => r.Rule == "one_per_id")));
    }

    [Fact]
    public async Task A_fail_rule_after_removals_judges_only_the_rows_that_reached_it_and_reports_the_rules_before_it()
    {
        temp.Write("t.csv", "id,x\n1,5\n2,-1\n3,-2\n4,0\n");
        var source = SourceBuilder.Csv("t", "t.csv").Field("id", Int).Field("x", Int);
        source.DropWhere(Lt(source.Col("x"), Int32(0)))
              .ExpectRow("positive", Gt(source.Col("x"), Int32(0)), ViolationAction.Fail)
              .ExpectRow("never_reached", Gt(source.Col("id"), Int32(100)), ViolationAction.Fail);
        var report = await Runs.Batch(new PipelineBuilder("p", temp.Path).Source(source.Build()).Build(), temp);

        Assert.Equal(RunStatus.Failed, report.Status);
        Assert.Contains("expectation positive failed: 1 of 2 rows (50%) violate x > 0; first at position 5: {\"id\":\"4\",\"x\":\"0\"}", report.Error!.Message);
        Assert.Equal(["_malformed:4/0/0/0/0", "drop where x < 0:4/2/2/0/0", "positive:2/1/0/0/1"], report.Source("t")!.Rules.Select(Counts));
    }

    [Fact]
    public async Task Records_the_csv_reader_rejects_keep_their_text_and_later_records_keep_their_positions()
    {
        temp.Write("t.csv", "id,x\n1,5\n2,6,extra\n3,-1\n4,8\n");
        var source = SourceBuilder.Csv("t", "t.csv").Field("id", Int).Field("x", Int);
        source.ExpectRow("positive", Gt(source.Col("x"), Int32(0)), ViolationAction.Quarantine);
        var report = await Clean(source);

        Assert.Equal((4L, 2L, 2L), (report.Read, report.Kept, report.Quarantined));
        Assert.Equal(["1|5", "4|8"], StateQuery.Rows(temp.State, "SELECT * FROM sources.t"));
        var quarantine = StateQuery.Rows(temp.State, "SELECT position, rule, \"row\" FROM quarantine.t ORDER BY position");
        Assert.Equal("3|_malformed|{\"_line\":\"2,6,extra\"}", quarantine[0]);
        Assert.Equal("4|positive|{\"id\":\"3\",\"x\":\"-1\"}", quarantine[1]);
    }

    [Theory]
    [InlineData("id,x\n1,5\n2,6\n3,0\n4,9\n", 4)]            // read in place: the example is found by its offset in the file
    [InlineData("id,x\n1,5\n2,6,extra\n3,0\n4,9\n", 4)]      // a rejected record: read again with positions, the example by position
    public async Task The_example_in_a_failure_is_the_first_violating_row_at_its_record_number(string csv, int position)
    {
        temp.Write("t.csv", csv);
        var source = SourceBuilder.Csv("t", "t.csv").Field("id", Int).Field("x", Int);
        source.ExpectRow("positive", Gt(source.Col("x"), Int32(0)), ViolationAction.Fail);
        var report = await Runs.Batch(new PipelineBuilder("p", temp.Path).Source(source.Build()).Build(), temp);

        Assert.Equal(RunStatus.Failed, report.Status);
        Assert.EndsWith($"first at position {position}: {{\"id\":\"3\",\"x\":\"0\"}}", report.Error!.Message);
    }
}
