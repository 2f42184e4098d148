using System.Globalization;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Runtime.Cleaning;
using Pulse.Runtime.Execution;

namespace Pulse.Runtime.Expressions.Cleaning;

/// <summary>
/// A source's cleaning steps compiled for one row at a time (the speed layer's counterpart of the batch
/// layer's <c>SourceCleaner</c>, with the same rules, names and counts). Rows are worked on in place:
/// a working row has one slot per column any step ever holds (input fields first, then derived
/// columns), so steps never copy rows; <see cref="OutputLayout"/> says where the cleaned columns are.
/// Set rules that need the whole input (<c>references</c>, <c>row_count</c>, <c>freshness</c>) cannot be
/// judged on a stream; they are listed in <see cref="Unchecked"/> and reported as not checked.
/// </summary>
public sealed class StreamCleaner
{
    public const string Malformed = "_malformed";

    private readonly SourceIr source;
    private readonly List<CleanOperation> operations = [];
    private readonly List<RuleCounter> counters = [];
    private readonly HashSet<string> warned = [];
    private readonly List<string> notes = [];
    private readonly HashSet<int> readSlots = [];
    private bool readsAll;

    public StreamCleaner(SourceIr source, DateTime now)
    {
        this.source = source;
        MalformedCounter = new RuleCounter(Malformed, "malformed");
        counters.Add(MalformedCounter);
        var slots = new Dictionary<string, (int Slot, PulseType Type)>(StringComparer.Ordinal);
        for (var i = 0; i < source.InputFields.Length; i++) slots[source.InputFields[i].Name] = (i, source.InputFields[i].Type);
        InputLayout = Layout(slots);
        var width = slots.Count;

        foreach (var step in source.Steps)
        {
            NoteReads(step, slots);
            var compiler = new ExpressionCompiler(Layout(slots), now);
            switch (step)
            {
                case RenameStep rename:
                    slots[rename.To] = slots[rename.From];
                    slots.Remove(rename.From);
                    break;
                case TextTransformStep text:
                    operations.Add(new AssignOperation(text.Columns.Select(c => (slots[c].Slot, TextFunction(text.Transform, slots[c].Slot))).ToList()));
                    break;
                case FillStep fill:
                    operations.Add(new AssignOperation(fill.Columns.Select(c =>
                    {
                        var slot = slots[c].Slot;
                        var value = compiler.Value(fill.Value, step.SchemaAfter[c].Type);
                        return (slot, (Func<object?[], object?>)(row => row[slot] ?? value(row)));
                    }).ToList()));
                    break;
                case DeriveStep derive:
                    var target = slots.TryGetValue(derive.Column, out var existing) ? existing.Slot : width++;
                    operations.Add(new AssignOperation([(target, compiler.Value(derive.Value, step.SchemaAfter[derive.Column].Type))]));
                    slots[derive.Column] = (target, step.SchemaAfter[derive.Column].Type);
                    break;
                case CastStep cast:
                    operations.Add(new CastOperation(slots[cast.Column].Slot, cast.Column, cast.From, cast.To, cast.Format, Count($"cast {cast.Column}", "cast")));
                    break;
                case DropWhereStep drop:
                    operations.Add(new DropWhereOperation(compiler.Predicate(drop.Predicate), Count("drop where " + ExprPrinter.Print(drop.Predicate), "drop")));
                    break;
                case DedupeStep dedupe:
                    if (dedupe.Keep == DedupeKeep.Latest)
                        notes.Add($"dedupe by {string.Join(", ", dedupe.Keys)} keep latest: a stream cannot take back a row it passed on, so the speed layer keeps the first of each key");
                    operations.Add(new DedupeOperation([.. dedupe.Keys.Select(k => slots[k].Slot)],
                        Count("dedupe by " + string.Join(", ", dedupe.Keys.Select(ExprPrinter.Name)), "dedupe")));
                    break;
                case ExpectStep expect:
                    AddExpectation(expect.Expectation, compiler, slots);
                    break;
                default:
                    throw new NotSupportedException($"clean step {step.GetType().Name}");
            }
            foreach (var column in step.SchemaAfter.Columns)
                if (slots.TryGetValue(column.Name, out var held)) slots[column.Name] = (held.Slot, column.Type);
        }

        Width = width;
        OutputLayout = new RowLayout(source.Schema.Columns.Select(c => slots.TryGetValue(c.Name, out var s)
            ? (c.Name, s.Slot, c.Type)
            : throw new InvalidOperationException($"source {source.Name}: cleaning does not produce column {c.Name}")));
    }

    /// <summary>Records the slots a step reads (before it changes any), so unread event fields can be left unparsed.</summary>
    private void NoteReads(CleanStep step, Dictionary<string, (int Slot, PulseType Type)> slots)
    {
        var columns = new HashSet<string>(StringComparer.Ordinal);
        var known = step switch
        {
            RenameStep => true,
            TextTransformStep text => Add(columns, text.Columns),
            FillStep fill => Add(columns, fill.Columns) && ColumnReads.TryCollect(fill.Value, columns),
            DeriveStep derive => ColumnReads.TryCollect(derive.Value, columns),
            CastStep cast => Add(columns, [cast.Column]),
            DropWhereStep drop => ColumnReads.TryCollect(drop.Predicate, columns),
            DedupeStep dedupe => Add(columns, dedupe.OrderBy is { } order ? [.. dedupe.Keys, order] : dedupe.Keys),
            ExpectStep { Expectation.Rule: RowRule row } => ColumnReads.TryCollect(row.Predicate, columns),
            ExpectStep { Expectation.Rule: UniqueRule unique } => Add(columns, unique.Columns),
            ExpectStep => true, // set rules the stream does not check read nothing here
            _ => false,
        };
        if (!known) readsAll = true;
        foreach (var column in columns)
            if (slots.TryGetValue(column, out var slot)) readSlots.Add(slot.Slot);
            else readsAll = true;
    }

    private static bool Add(HashSet<string> columns, IEnumerable<string> names)
    {
        foreach (var name in names) columns.Add(name);
        return true;
    }

    /// <summary>True when cleaning may read working-row slot <paramref name="slot"/> (always true when that cannot be told).</summary>
    public bool Reads(int slot) => readsAll || readSlots.Contains(slot);

    private static RowLayout Layout(Dictionary<string, (int Slot, PulseType Type)> slots) =>
        new(slots.Select(s => (s.Key, s.Value.Slot, s.Value.Type)));

    /// <summary>Where the parser puts the input fields (slots 0..n-1 of a working row).</summary>
    public RowLayout InputLayout { get; }

    /// <summary>Where the cleaned columns (the source's schema) are in a working row after <see cref="Clean"/>.</summary>
    public RowLayout OutputLayout { get; }

    /// <summary>The length of a working row.</summary>
    public int Width { get; }

    /// <summary>Counts parse failures (the parser reports them here, first in the rule list, as the batch layer does).</summary>
    public RuleCounter MalformedCounter { get; }

    /// <summary>Steps the speed layer does not enforce, with why (for warnings).</summary>
    public IReadOnlyList<string> Unchecked => notes;

    public IReadOnlyList<RuleReport> Rules => [.. counters.Select(c => c.ToReport())];

    /// <summary>The key memories of dedupe and unique steps, in step order (for snapshots and retention).</summary>
    public IReadOnlyList<KeyMemory> Memories => [.. operations.Select(o => o.Memory).OfType<KeyMemory>()];

    public IReadOnlyList<RuleCounter> Counters => counters;

    /// <summary>Applies every step to <paramref name="row"/> (a working row of <see cref="Width"/>) in place.</summary>
    public CleanVerdict Clean(object?[] row, long eventMicros)
    {
        var verdict = CleanVerdict.Keep;
        foreach (var operation in operations)
            if (!operation.Apply(row, eventMicros, ref verdict)) return verdict;
        return verdict;
    }

    /// <summary>Forgets dedupe/unique keys first seen before <paramref name="cutoffMicros"/>.</summary>
    public void Forget(long cutoffMicros)
    {
        foreach (var memory in Memories) memory.Forget(cutoffMicros);
    }

    /// <summary>
    /// Judges thresholds (<c>mostly</c>, <c>warn above</c>, <c>fail above</c>, plain <c>warn</c>) on the counts so
    /// far: throws when a rule fails, returns each new warning once.
    /// </summary>
    public IReadOnlyList<RunWarning> CheckThresholds()
    {
        var warnings = new List<RunWarning>();
        foreach (var step in source.Steps.OfType<ExpectStep>())
        {
            var expectation = step.Expectation;
            var counter = counters.FirstOrDefault(c => c.Rule == expectation.Name);
            if (counter is null || counter.Violations == 0) continue;
            var fraction = counter.Fraction;
            var summary = $"{counter.Violations} of {counter.Checked} events ({Percent(fraction)}) so far violate it";
            var fails = expectation.Action == ViolationAction.Fail ? fraction > (expectation.FailAbove ?? 0) : expectation.FailAbove is { } limit && fraction > limit;
            if (fails)
            {
                counter.Outcome = RuleOutcome.Failed;
                throw new PulseRunException(RunError.At(expectation.Origin, RuntimeCodes.ExpectationFailed,
                    $"source {source.Name}: expectation {expectation.Name} failed: {summary}" +
                    (expectation.FailAbove is { } allowed ? $", above the {Percent(allowed)} allowed" : ""),
                    "fix the events, or relax the rule (else quarantine, else warn, mostly NN%)"));
            }
            var warns = expectation.WarnAbove is { } tolerated ? fraction > tolerated : expectation.Action is ViolationAction.Warn or ViolationAction.Fail;
            if (warns && counter.Outcome == RuleOutcome.Passed) counter.Outcome = RuleOutcome.Warned;
            if (warns && warned.Add(expectation.Name))
                warnings.Add(RunWarning.At(expectation.Origin, RuntimeCodes.ExpectationWarning,
                    $"source {source.Name}: expectation {expectation.Name}: {summary}" +
                    (expectation.WarnAbove is { } w ? $", above the {Percent(w)} tolerated" : "")));
        }
        return warnings;
    }

    private static string Percent(double fraction) => (fraction * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private RuleCounter Count(string rule, string kind)
    {
        var counter = new RuleCounter(rule, kind);
        counters.Add(counter);
        return counter;
    }

    private void AddExpectation(ExpectationIr expectation, ExpressionCompiler compiler, Dictionary<string, (int Slot, PulseType Type)> slots)
    {
        var counter = Count(expectation.Name, "expect");
        switch (expectation.Rule)
        {
            case RowRule row:
                var shown = ExprPrinter.Columns(row.Predicate).Select(c => (c.Name, slots[c.Name].Slot)).ToList();
                operations.Add(new RowExpectOperation(expectation, source.Name, counter, compiler.Predicate(row.Predicate), shown));
                break;
            case UniqueRule unique:
                operations.Add(new UniqueExpectOperation(expectation, source.Name, counter, [.. unique.Columns.Select(c => slots[c].Slot)], [.. unique.Columns]));
                break;
            default:
                counter.Detail = "not checked by the speed layer: the rule needs the whole input, which a stream never has";
                notes.Add($"expectation {expectation.Name} ({ExpectationCheck.Describe(expectation.Rule)}) is not checked on the stream; the batch layer checks it");
                break;
        }
    }

    private static Func<object?[], object?> TextFunction(TextTransform transform, int slot) => transform switch
    {
        TextTransform.Trim => row => (row[slot] as string)?.Trim(),
        TextTransform.Lower => row => (row[slot] as string)?.ToLowerInvariant(),
        TextTransform.Upper => row => (row[slot] as string)?.ToUpperInvariant(),
        _ => throw new NotSupportedException(transform.ToString()),
    };
}
