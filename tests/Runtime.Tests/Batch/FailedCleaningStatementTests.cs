using Pulse.Runtime.Execution;
using Pulse.Runtime.Tests.Fixtures;

namespace Pulse.Runtime.Tests.Batch;

/// <summary>
/// Cleaning runs as one fused statement, in which rows flagged by a warn/fail rule still reach later
/// steps. When a later expression cannot be evaluated on such a row, the run must still say what running
/// the steps one by one would: the failing expectation (its message, code and place), and it must leave
/// the published tables as they were. A real expression error with no failing rule before it names the
/// step at fault, never a raw DuckDB error or a stack trace.
/// </summary>
public sealed class FailedCleaningStatementTests : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    // Line 6 is the expectation, line 7 the derive that overflows a long for v = 3000000000.
    private const string Spec = """
        pipeline p
        source t: csv {
          path = "t.csv"
          schema { id: int  v: long }
          clean {
            expect small: v < 1000000 else fail
            derive w = v * 10000000000
            expect w_positive: w > 0 else fail
          }
        }
        """;

    private Pulse.Compiler.Ir.PipelineIr Compile(string spec) => Specs.Compile(temp, spec);

    [Fact]
    public async Task A_failing_fail_rule_wins_over_an_overflow_later_in_the_same_statement_and_the_previous_outputs_stay()
    {
        temp.Write("t.csv", "id,v\n1,10\n2,20\n");
        await Runs.Succeed(Compile(Spec), temp);
        Assert.Equal(["1|10|100000000000", "2|20|200000000000"], StateQuery.Rows(temp.State, "SELECT * FROM sources.t"));

        temp.Write("t.csv", "id,v\n1,10\n2,3000000000\n3,20\n");
        var report = await Runs.Batch(Compile(Spec), temp);

        Assert.Equal(RunStatus.Failed, report.Status);
        var error = report.Error!;
        Assert.Equal(RuntimeCodes.ExpectationFailed, error.Code);
        Assert.Equal((6, 5), (error.Line, error.Column));
        Assert.EndsWith("spec.pulse", error.File);
        Assert.Equal("source t: expectation small failed: 1 of 3 rows (33.33%) violate v < 1000000, above the 0% allowed; first at position 3: {\"id\":\"2\",\"v\":\"3000000000\"}", error.Message);
        Assert.NotNull(error.Hint);
        // The report shows the rules judged up to the failing one, as the fused path does.
        Assert.Equal(["_malformed:3/0", "small:3/1"], report.Source("t")!.Rules.Select(r => $"{r.Rule}:{r.Checked}/{r.Violations}"));
        Assert.Equal(["1|10|100000000000", "2|20|200000000000"], StateQuery.Rows(temp.State, "SELECT * FROM sources.t"));
        Assert.Equal("1", StateQuery.Scalar(temp.State, "SELECT count(*) FROM pulse.runs"));
    }

    [Fact]
    public async Task The_same_holds_when_the_csv_reader_rejected_a_record_and_positions_come_from_the_positioned_input()
    {
        temp.Write("t.csv", "id,v\n1,10\n2,5,extra\n3,3000000000\n");
        var report = await Runs.Batch(Compile(Spec), temp);

        Assert.Equal(RuntimeCodes.ExpectationFailed, report.Error!.Code);
        Assert.Contains("1 of 2 rows (50%) violate v < 1000000, above the 0% allowed; first at position 4: {\"id\":\"3\",\"v\":\"3000000000\"}", report.Error.Message);
    }

    [Fact]
    public async Task An_overflow_with_no_failing_rule_before_it_names_the_step_at_fault()
    {
        // The expectation is only a warning, so the row reaches the derive, as it would step by step.
        temp.Write("t.csv", "id,v\n1,10\n2,3000000000\n");
        var report = await Runs.Batch(Compile(Spec.Replace("else fail\n    derive", "else warn\n    derive")), temp);

        Assert.Equal(RunStatus.Failed, report.Status);
        var error = report.Error!;
        Assert.Equal(RuntimeCodes.QueryFailed, error.Code);
        Assert.Equal((7, 5), (error.Line, error.Column));
        Assert.StartsWith("source t: clean step `derive w = v * 10000000000` cannot be evaluated: ", error.Message);
        Assert.Contains("Overflow", error.Message);
        Assert.DoesNotContain("\n", error.Message);
        Assert.Contains("guard the expression", error.Hint);
        Assert.Equal("0", StateQuery.Scalar(temp.State, "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'sources'"));
    }

    [Fact]
    public async Task An_expectation_whose_own_predicate_overflows_on_a_row_an_earlier_fail_rule_flagged_reports_the_earlier_rule()
    {
        var spec = """
            pipeline p
            source t: csv {
              path = "t.csv"
              schema { id: int  v: long }
              clean {
                expect small: v < 1000000 else fail
                expect scaled: v * 10000000000 > 0 else quarantine
              }
            }
            """;
        temp.Write("t.csv", "id,v\n1,10\n2,3000000000\n");
        var report = await Runs.Batch(Specs.Compile(temp, spec), temp);

        Assert.Equal(RuntimeCodes.ExpectationFailed, report.Error!.Code);
        Assert.Contains("expectation small failed", report.Error.Message);
    }

    [Fact]
    public async Task Counts_and_quarantine_are_unchanged_when_nothing_fails()
    {
        temp.Write("t.csv", "id,v\n1,10\n2,3000000000\n3,20\n");
        var report = await Runs.Succeed(Compile(Spec.Replace("else fail\n    derive", "else quarantine\n    derive")), temp);

        var t = report.Source("t")!;
        Assert.Equal((3L, 2L, 1L), (t.Read, t.Kept, t.Quarantined));
        Assert.Equal(["3|small|expectation small failed: v < 1000000 (v = 3000000000)"],
            StateQuery.Rows(temp.State, "SELECT position, rule, reason FROM quarantine.t"));
    }
}
