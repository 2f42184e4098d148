using Pulse.Compiler.Ir;
using Pulse.Runtime.Cleaning;
using Pulse.Runtime.Execution;

namespace Pulse.Runtime.Expressions.Cleaning;

/// <summary>
/// The shared part of row-level expectations: what a violation does, per the rule's action. Drop and
/// quarantine remove the row; warn and fail keep it and count it as failed. A <c>fail</c> rule without
/// a threshold stops the stream at its first violation (as it fails a batch run); thresholds are
/// judged on the running counts by <see cref="StreamCleaner.CheckThresholds"/>.
/// </summary>
internal abstract class ExpectOperation(ExpectationIr expectation, string source, RuleCounter counter) : CleanOperation
{
    protected ExpectationIr Expectation => expectation;
    public override RuleCounter Counter => counter;

    protected bool Violated(ref CleanVerdict verdict, string reason)
    {
        counter.Violations++;
        switch (expectation.Action)
        {
            case ViolationAction.Drop:
                counter.Dropped++;
                verdict = new CleanVerdict(CleanAction.Drop, expectation.Name, reason);
                return false;
            case ViolationAction.Quarantine:
                counter.Quarantined++;
                verdict = new CleanVerdict(CleanAction.Quarantine, expectation.Name, reason);
                return false;
            default:
                counter.Failed++;
                if (expectation.Action == ViolationAction.Fail && expectation.FailAbove is null)
                {
                    counter.Outcome = RuleOutcome.Failed;
                    throw new PulseRunException(RunError.At(expectation.Origin, RuntimeCodes.ExpectationFailed,
                        $"source {source}: expectation {expectation.Name} failed on a stream event: {reason}",
                        "fix the events, or relax the rule (else quarantine, else warn, mostly NN%)"));
                }
                return true;
        }
    }
}

/// <summary>A row rule: the row passes when the predicate is true (null is a violation).</summary>
internal sealed class RowExpectOperation(ExpectationIr expectation, string source, RuleCounter counter,
    Func<object?[], bool> predicate, IReadOnlyList<(string Name, int Slot)> shown) : ExpectOperation(expectation, source, counter)
{
    private readonly string prefix = $"expectation {expectation.Name} failed: {ExprPrinter.Print(((RowRule)expectation.Rule).Predicate)} (";

    public override bool Apply(object?[] row, long eventMicros, ref CleanVerdict verdict)
    {
        Counter.Checked++;
        if (predicate(row)) return true;
        var values = string.Join(", ", shown.Select(s => $"{ExprPrinter.Name(s.Name)} = {ValueText.Json(row[s.Slot])}"));
        return Violated(ref verdict, prefix + values + ")");
    }
}

/// <summary><c>unique(a, b)</c>: a row whose key was seen before violates it; a key with a null part never does.</summary>
internal sealed class UniqueExpectOperation(ExpectationIr expectation, string source, RuleCounter counter, int[] keySlots, string[] keyNames)
    : ExpectOperation(expectation, source, counter)
{
    private readonly KeyMemory memory = new();
    private readonly object?[] parts = new object?[keySlots.Length];

    public override KeyMemory Memory => memory;

    public override bool Apply(object?[] row, long eventMicros, ref CleanVerdict verdict)
    {
        Counter.Checked++;
        // A reused buffer: the memory copies the parts only for a new key.
        for (var i = 0; i < parts.Length; i++) parts[i] = row[keySlots[i]];
        if (Array.IndexOf(parts, null) >= 0 || memory.Remember(parts, eventMicros)) return true;
        var key = new RowKey([.. parts]);
        return Violated(ref verdict, $"expectation {Expectation.Name} failed: duplicate of an earlier event for ({string.Join(", ", keyNames.Select(ExprPrinter.Name))}) = {key}");
    }
}
