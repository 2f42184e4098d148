using System.Globalization;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;

namespace Pulse.Runtime.Cleaning;

/// <summary>
/// Turns a rule's counts into its report, in spec order, and applies the thresholds. Thresholds compare
/// the violating fraction of the rows that reached the rule:
/// <list type="bullet">
/// <item>fail: the run stops when the fraction exceeds <c>FailAbove</c> (<c>mostly 99%</c> = 0.01); for
/// action <c>fail</c> with no threshold, any violation stops it. Tolerated violations of a <c>fail</c>
/// rule are kept and warned about.</item>
/// <item>warn: a warning when the fraction exceeds <c>WarnAbove</c>; action <c>warn</c> with no threshold
/// warns on any violation.</item>
/// </list>
/// A failing rule throws after its report is added, so the report shows every rule up to it.
/// </summary>
internal sealed class RuleJudge(SourceCleaner cleaner, RuleCounts counts, Func<long?, string?> example)
{
    private string SourceName => cleaner.Context.Source.Name;

    public void Judge(ChainRule rule)
    {
        var checkedRows = counts.Checked(rule);
        var violations = counts.Violations(rule);
        switch (rule.Kind)
        {
            case "malformed":
            case "cast":
                cleaner.AddRule(new RuleReport(rule.Name, rule.Kind, checkedRows, violations, 0, violations, 0, RuleOutcome.Passed, null));
                break;
            case "drop":
            case "dedupe":
                cleaner.AddRule(new RuleReport(rule.Name, rule.Kind, checkedRows, violations, violations, 0, 0, RuleOutcome.Passed, null));
                break;
            default:
                var expectation = rule.Expectation ?? throw new InvalidOperationException($"rule {rule.Name} has no expectation");
                switch (expectation.Rule)
                {
                    case RowCountRule count:
                        WholeInput(expectation, checkedRows, checkedRows >= count.Min && checkedRows <= count.Max,
                            $"row count {checkedRows} is not between {count.Min} and {count.Max}");
                        break;
                    case FreshnessRule fresh:
                        var (newest, ok) = counts.Freshness(rule);
                        var shown = newest is DateTime time ? time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "no value";
                        WholeInput(expectation, checkedRows, newest is not null && ok,
                            $"newest {fresh.Column} ({shown}) is older than {ExpectationCheck.PrintDuration(fresh.MaxAge)}");
                        break;
                    default:
                        RowLevel(expectation, rule, checkedRows, violations);
                        break;
                }
                break;
        }
    }

    private void RowLevel(ExpectationIr expectation, ChainRule rule, long checkedRows, long violations)
    {
        var fraction = checkedRows == 0 ? 0 : (double)violations / checkedRows;
        var fails = Fails(expectation, violations, fraction);
        var warns = !fails && Warns(expectation, violations, fraction);
        var (dropped, quarantined, failed) = rule.Removal switch
        {
            Removal.Drop => (violations, 0L, 0L),
            Removal.Quarantine => (0L, violations, 0L),
            _ => (0L, 0L, violations),
        };
        cleaner.AddRule(new RuleReport(expectation.Name, "expect", checkedRows, violations, dropped, quarantined, failed,
            fails ? RuleOutcome.Failed : warns ? RuleOutcome.Warned : RuleOutcome.Passed, null));
        if (!fails && !warns) return;
        var summary = $"{violations} of {checkedRows} rows ({Percent(fraction)}) violate {ExpectationCheck.Describe(expectation.Rule)}";
        var first = example(counts.FirstViolation(rule));
        if (fails)
            throw new PulseRunException(RunError.At(expectation.Origin, RuntimeCodes.ExpectationFailed,
                $"source {SourceName}: expectation {expectation.Name} failed: {summary}{Allowed(expectation)}; first at {first}",
                "fix the input, or relax the rule (else quarantine, else warn, mostly NN%)"));
        cleaner.AddWarning(RunWarning.At(expectation.Origin, RuntimeCodes.ExpectationWarning,
            $"source {SourceName}: expectation {expectation.Name}: {summary}{WarnAllowed(expectation)}; first at {first}"));
    }

    private static bool Fails(ExpectationIr expectation, long violations, double fraction) => violations > 0 && (expectation.Action == ViolationAction.Fail
        ? fraction > (expectation.FailAbove ?? 0)
        : expectation.FailAbove is { } limit && fraction > limit);

    private static bool Warns(ExpectationIr expectation, long violations, double fraction) => violations > 0 && (
        expectation.WarnAbove is { } limit ? fraction > limit : expectation.Action is ViolationAction.Warn or ViolationAction.Fail);

    private static string Allowed(ExpectationIr expectation) => expectation.FailAbove is { } limit ? $", above the {Percent(limit)} allowed" : "";
    private static string WarnAllowed(ExpectationIr expectation) => expectation.WarnAbove is { } limit ? $", above the {Percent(limit)} tolerated" : "";

    private static string Percent(double fraction) => (fraction * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private void WholeInput(ExpectationIr expectation, long rows, bool ok, string problem)
    {
        var fails = !ok && expectation.Action != ViolationAction.Warn;
        cleaner.AddRule(new RuleReport(expectation.Name, "expect", rows, ok ? 0 : 1, 0, 0, 0,
            ok ? RuleOutcome.Passed : fails ? RuleOutcome.Failed : RuleOutcome.Warned, ok ? null : problem));
        if (ok) return;
        if (fails)
            throw new PulseRunException(RunError.At(expectation.Origin, RuntimeCodes.ExpectationFailed,
                $"source {SourceName}: expectation {expectation.Name} failed: {problem}", "fix the input, or make the rule else warn"));
        cleaner.AddWarning(RunWarning.At(expectation.Origin, RuntimeCodes.ExpectationWarning,
            $"source {SourceName}: expectation {expectation.Name}: {problem}"));
    }
}
