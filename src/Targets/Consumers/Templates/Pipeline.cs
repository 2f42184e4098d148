using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Runtime.Expressions;
using Pulse.Runtime.Expressions.Cleaning;

namespace Pulse.Consumer;

/// <summary>What cleaning decided for one event.</summary>
public enum CleanAction { Keep, Drop, Quarantine }

public readonly record struct CleanVerdict(CleanAction Action, string? Rule, string? Reason)
{
    public static readonly CleanVerdict Kept = new(CleanAction.Keep, null, null);
}

/// <summary>Counts of one cleaning rule (the speed layer's rule report): checked, violated, and what became of violators.</summary>
public sealed class RuleCounter(string rule, string kind, double? warnAbove = null, double? failAbove = null, bool failsOnFirst = false)
{
    public string Rule { get; } = rule;
    public string Kind { get; } = kind;
    public double? WarnAbove { get; } = warnAbove;
    public double? FailAbove { get; } = failAbove;
    /// <summary>A <c>fail</c> expectation without a threshold stops the stream at its first violation.</summary>
    public bool FailsOnFirst { get; } = failsOnFirst;
    public long Checked;
    public long Violations;
    public long Dropped;
    public long Quarantined;
    public long Failed;
    public double Fraction => Checked == 0 ? 0 : (double)Violations / Checked;
}

/// <summary>An expectation with action <c>fail</c> was violated: the service stops without committing the event.</summary>
public sealed class ExpectationFailedException(string message) : Exception(message);

/// <summary>
/// The spec-specific half of a consumer, generated into Program.cs: how an event is parsed into the typed
/// record, how the source's cleaning rules apply to it, and the speed views fed with the cleaned rows.
/// </summary>
public abstract class SourcePipeline<TEvent> where TEvent : class
{
    public abstract string Source { get; }
    public abstract long WatermarkDelayMicros { get; }
    public abstract long LatenessMicros { get; }
    /// <summary>How long dedupe/unique keys are remembered behind the watermark: max(lateness, retain) + the watermark delay.</summary>
    public abstract long RetentionMicros { get; }
    public abstract IReadOnlyList<ViewPlan> Views { get; }
    public abstract IReadOnlyList<RuleCounter> Rules { get; }
    public abstract IReadOnlyList<KeyMemory> Memories { get; }

    /// <summary>Null when <paramref name="json"/> is a well-formed event (then <paramref name="parsed"/> holds it), else why it is malformed.</summary>
    public abstract string? Parse(ReadOnlySpan<byte> json, out TEvent parsed);

    /// <summary>The event-time field as read, before cleaning (the time dedupe/unique keys are remembered with).</summary>
    public abstract DateTime? InputTime(TEvent parsed);

    /// <summary>Applies the cleaning steps in order, in place.</summary>
    public abstract CleanVerdict Clean(TEvent parsed, long eventMicros);

    /// <summary>The cleaned event as a row in the source schema's column order (what views scan).</summary>
    public abstract object?[] Row(TEvent cleaned);

    /// <summary>The event time of a cleaned event, when it has one.</summary>
    public abstract DateTime? EventTime(TEvent cleaned);
}

/// <summary>
/// One speed view, generated: row steps before the window (<see cref="Before"/>), the group keys and
/// aggregate arguments, and row steps after it (<see cref="After"/>). A view without a window passes
/// rows through <see cref="Before"/> then <see cref="After"/>. A view over another speed view names it
/// (<see cref="Upstream"/>) and is fed with the rows that view passes on; its input row is then that
/// view's output row.
/// </summary>
public abstract class ViewPlan
{
    public abstract string Name { get; }
    /// <summary>The speed view this one reads; null when it reads the source's cleaned events.</summary>
    public virtual string? Upstream => null;
    /// <summary>
    /// Set when this view windows the final windows of its upstream: how far behind the service's watermark the
    /// values of its window column stay in every later upstream row (its windows close on the watermark minus this).
    /// </summary>
    public virtual long? WindowShiftMicros => null;
    public abstract LatePolicy Late { get; }
    /// <summary>The output columns, in order, with their types (the sink table's columns).</summary>
    public abstract IReadOnlyList<Column> Columns { get; }
    public abstract WindowSpec? Window { get; }
    public abstract IReadOnlyList<AggregateExpr> Aggregates { get; }
    /// <summary>The slot of the window's time column in the row <see cref="Before"/> returns.</summary>
    public abstract int TimeSlot { get; }
    public abstract object?[]? Before(object?[] cleaned);
    public abstract object?[] Keys(object?[] shaped);
    public abstract object?[] Arguments(object?[] shaped);
    public abstract object?[]? After(object?[] grouped);
}

/// <summary>
/// Helpers the generated expressions call where C# has no expression form for SQL's rules:
/// short-circuit three-valued <c>and</c>/<c>or</c>, <c>between</c> with its operand read once, and
/// checked narrowing casts. The operators themselves are the runtime's (<see cref="Operators"/>).
/// </summary>
public static class Sql
{
    public static bool? And(bool? left, Func<bool?> right) => left == false ? false : Operators.AndRest(left, right());
    public static bool? Or(bool? left, Func<bool?> right) => left == true ? true : Operators.OrRest(left, right());
    public static bool IsTrue(bool? condition) => condition == true;

    /// <summary><c>value between low and high</c>: false as soon as the lower bound fails (the runtime's order).</summary>
    public static bool? Between<T>(T value, Func<T, int?> compareLow, Func<T, int?> compareHigh)
    {
        var low = Operators.GreaterOrEqual(compareLow(value));
        return low == false ? false : Operators.AndRest(low, Operators.LessOrEqual(compareHigh(value)));
    }

    /// <summary>A narrowing conversion, as the batch SQL's CAST to a column type: null stays null, a value that does not fit throws.</summary>
    public static object? CastOrThrow(object? value, PulseType from, PulseType to) =>
        value is null ? null : ValueCasts.TryCast(value, from, to) ?? throw new OverflowException($"{ValueCasts.ToText(value, from)} does not convert to {to.AsNonNullable()}");
}

/// <summary>Quarantine reasons of generated cleaning steps, in the runtime's words.</summary>
public static class Reasons
{
    public static string CastFailed(string column, object value, PulseType from, string expectation)
    {
        var shown = ValueCasts.ToText(value, from);
        if (shown.Length > 100) shown = shown[..100];
        return $"column {column}: '{shown}' is not {expectation}";
    }

    /// <summary><c>expectation x failed: predicate (a = 1, b = "t")</c>.</summary>
    public static string Expectation(string prefix, string[] names, object?[] values) =>
        prefix + " (" + string.Join(", ", names.Select((n, i) => n + " = " + ValueText.Json(values[i]))) + ")";

    public static string Duplicate(string expectation, string[] names, RowKey key) =>
        $"expectation {expectation} failed: duplicate of an earlier event for ({string.Join(", ", names)}) = {key}";
}
