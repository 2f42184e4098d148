namespace Pulse.Runtime.Expressions.Cleaning;

/// <summary>
/// One compiled cleaning step, applied in place to a working row. Returns false when the row leaves
/// the stream here (dropped or quarantined), with the verdict saying which and why.
/// </summary>
internal abstract class CleanOperation
{
    public abstract bool Apply(object?[] row, long eventMicros, ref CleanVerdict verdict);

    /// <summary>The counters this step reports, if it reports any.</summary>
    public virtual RuleCounter? Counter => null;

    /// <summary>Keys this step remembers (dedupe, unique), for retention and snapshots.</summary>
    public virtual KeyMemory? Memory => null;
}

/// <summary>Sets slots from compiled values (text transforms, fill, derive): never removes a row.</summary>
internal sealed class AssignOperation(IReadOnlyList<(int Slot, Func<object?[], object?> Value)> assignments) : CleanOperation
{
    private readonly (int Slot, Func<object?[], object?> Value)[] steps = [.. assignments];
    private readonly object?[] values = new object?[assignments.Count];

    public override bool Apply(object?[] row, long eventMicros, ref CleanVerdict verdict)
    {
        if (steps.Length == 1)
        {
            row[steps[0].Slot] = steps[0].Value(row);
            return true;
        }
        // Evaluate every value before writing any, so `trim a, b` style steps see the row as it was (one buffer, reused).
        for (var i = 0; i < steps.Length; i++) values[i] = steps[i].Value(row);
        for (var i = 0; i < steps.Length; i++) row[steps[i].Slot] = values[i];
        Array.Clear(values);
        return true;
    }
}

/// <summary><c>cast x as T [format f]</c>: a value that does not convert makes the row malformed.</summary>
internal sealed class CastOperation(int slot, string column, Compiler.Types.PulseType from, Compiler.Types.PulseType to, string? format, RuleCounter counter)
    : CleanOperation
{
    private readonly DateTimePattern? pattern = format is not null && from.Kind == Compiler.Types.TypeKind.String && to.IsTemporal ? new DateTimePattern(format) : null;
    private readonly string expectation = format is null ? $"a valid {to.AsNonNullable()}" : $"a {to.AsNonNullable()} in the format {format}";

    public override RuleCounter Counter => counter;

    public override bool Apply(object?[] row, long eventMicros, ref CleanVerdict verdict)
    {
        counter.Checked++;
        var value = row[slot];
        if (value is null) return true;
        var converted = pattern is not null ? ValueCasts.TryCast(value, from, to, pattern)
            : value is string text ? ValueCasts.FromText(text, to)
            : ValueCasts.TryCast(value, from, to);
        if (converted is not null)
        {
            row[slot] = converted;
            return true;
        }
        counter.Violations++;
        counter.Quarantined++;
        var shown = ValueCasts.ToText(value, from);
        if (shown.Length > 100) shown = shown[..100];
        verdict = new CleanVerdict(CleanAction.Quarantine, StreamCleaner.Malformed, $"column {column}: '{shown}' is not {expectation}");
        return false;
    }
}

/// <summary><c>drop where p</c>: rows where p is true are dropped.</summary>
internal sealed class DropWhereOperation(Func<object?[], bool> predicate, RuleCounter counter) : CleanOperation
{
    public override RuleCounter Counter => counter;

    public override bool Apply(object?[] row, long eventMicros, ref CleanVerdict verdict)
    {
        counter.Checked++;
        if (!predicate(row)) return true;
        counter.Violations++;
        counter.Dropped++;
        verdict = new CleanVerdict(CleanAction.Drop, counter.Rule, null);
        return false;
    }
}

/// <summary><c>dedupe by k</c>: the first row of each key (in arrival order) stays, later ones are dropped.</summary>
internal sealed class DedupeOperation(int[] keySlots, RuleCounter counter) : CleanOperation
{
    private readonly KeyMemory memory = new();
    private readonly object?[] parts = new object?[keySlots.Length];

    public override RuleCounter Counter => counter;
    public override KeyMemory Memory => memory;

    public override bool Apply(object?[] row, long eventMicros, ref CleanVerdict verdict)
    {
        counter.Checked++;
        // A reused buffer: the memory copies the parts only for a new key.
        for (var i = 0; i < parts.Length; i++) parts[i] = row[keySlots[i]];
        // Like ROW_NUMBER() OVER (PARTITION BY keys): null keys group together.
        if (memory.Remember(parts, eventMicros)) return true;
        counter.Violations++;
        counter.Dropped++;
        verdict = new CleanVerdict(CleanAction.Drop, counter.Rule, null);
        return false;
    }
}
