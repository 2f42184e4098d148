using Pulse.Runtime.Execution;

namespace Pulse.Runtime.Expressions.Cleaning;

/// <summary>
/// The running counts of one cleaning step or expectation, in the batch layer's terms
/// (<see cref="RuleReport"/>): rows that reached it, violations, and what became of them.
/// </summary>
public sealed class RuleCounter(string rule, string kind)
{
    public string Rule { get; } = rule;
    public string Kind { get; } = kind;
    public long Checked;
    public long Violations;
    public long Dropped;
    public long Quarantined;
    public long Failed;
    public RuleOutcome Outcome = RuleOutcome.Passed;
    public string? Detail;

    public RuleReport ToReport() => new(Rule, Kind, Checked, Violations, Dropped, Quarantined, Failed, Outcome, Detail);

    public double Fraction => Checked == 0 ? 0 : (double)Violations / Checked;
}
