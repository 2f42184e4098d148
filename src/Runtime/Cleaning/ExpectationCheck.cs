using System.Globalization;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Sources;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Cleaning;

/// <summary>
/// One <c>expect</c> step. Row, unique and reference rules flag violating rows, which the action then
/// drops, quarantines or keeps (warn/fail: kept and counted as failed). Thresholds compare the
/// violating fraction of the rows that reached the rule:
/// <list type="bullet">
/// <item>fail: the run stops when the fraction exceeds <c>FailAbove</c> (<c>mostly 99%</c> = 0.01); for
/// action <c>fail</c> with no threshold, any violation stops it. Tolerated violations of a <c>fail</c>
/// rule are kept and warned about.</item>
/// <item>warn: a warning when the fraction exceeds <c>WarnAbove</c>; action <c>warn</c> with no threshold
/// warns on any violation.</item>
/// </list>
/// <c>unique</c>: rows after the first (by input position) with the same key violate it; a key with a null
/// part is never a duplicate (SQL semantics). <c>references</c>: a non-null value absent from the target
/// column violates it. <c>row_count</c> and <c>freshness</c> judge the whole input and never remove rows.
/// </summary>
internal sealed class ExpectationCheck
{
    private readonly SourceCleaner cleaner;
    private readonly ExpectStep step;
    private readonly ExpectationIr expectation;

    public ExpectationCheck(SourceCleaner cleaner, ExpectStep step)
    {
        this.cleaner = cleaner;
        this.step = step;
        expectation = step.Expectation;
    }

    private string Name => expectation.Name;

    public void Run()
    {
        switch (expectation.Rule)
        {
            case RowRule row: RowLevel(RowRuleFlag(row), Describe(expectation.Rule)); break;
            case UniqueRule unique: RowLevel(UniqueFlag(unique), Describe(expectation.Rule)); break;
            case ReferenceRule reference: RowLevel(ReferenceFlag(reference), Describe(expectation.Rule)); break;
            case RowCountRule rowCount: RowCount(rowCount); break;
            case FreshnessRule freshness: Freshness(freshness); break;
            default: throw new NotSupportedException($"expectation rule {expectation.Rule.GetType().Name}");
        }
    }

    public static string Describe(ExpectationRule rule) => rule switch
    {
        RowRule row => ExprPrinter.Print(row.Predicate),
        UniqueRule unique => $"unique({string.Join(", ", unique.Columns.Select(ExprPrinter.Name))})",
        ReferenceRule reference => $"{ExprPrinter.Name(reference.Column)} references {ExprPrinter.Name(reference.TargetRelation)}.{ExprPrinter.Name(reference.TargetColumn)}",
        RowCountRule count => $"row_count between {count.Min} and {count.Max}",
        FreshnessRule fresh => $"freshness {ExprPrinter.Name(fresh.Column)} within {ExprPrinter.Print(new LiteralExpr(Compiler.Types.PulseType.Duration, ((long)fresh.MaxAge.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)))}",
        _ => rule.GetType().Name,
    };

    private string RowRuleFlag(RowRule row)
    {
        var values = ExprPrinter.Columns(row.Predicate)
            .Select(c => $"{SqlText.String(ExprPrinter.Name(c.Name) + " = ")}, {Shown(SourceCleaner.Col(c.Name))}");
        var reason = $"concat({SqlText.String($"expectation {Name} failed: {ExprPrinter.Print(row.Predicate)} (")}, " +
                     $"{string.Join(", ', ', ", values)}{(values.Any() ? ", " : "")}')')";
        return cleaner.Flag($"NOT COALESCE({cleaner.Expr(row.Predicate)}, FALSE)", reason);
    }

    private string UniqueFlag(UniqueRule unique)
    {
        var keys = unique.Columns.Select(SourceCleaner.Col).ToList();
        var pos = SourceCleaner.Col(RawInput.Position);
        var partition = $"PARTITION BY {SqlText.Join(keys)}";
        var noNulls = string.Join(" AND ", keys.Select(k => $"{k} IS NOT NULL"));
        var keyText = string.Join(", ', ', ", keys.Select(Shown));
        var reason = $"concat({SqlText.String($"expectation {Name} failed: duplicate of the row at position ")}, " +
                     $"min({pos}) OVER ({partition}), {SqlText.String($" for ({string.Join(", ", unique.Columns.Select(ExprPrinter.Name))}) = (")}, {keyText}, ')')";
        return cleaner.Flag($"{noNulls} AND row_number() OVER ({partition} ORDER BY {pos}) > 1", reason);
    }

    private string ReferenceFlag(ReferenceRule reference)
    {
        var target = cleaner.Context.RelationTable(reference.TargetRelation);
        var column = SourceCleaner.Col(reference.Column);
        const string keys = "__pulse_ref";
        var from = $"{cleaner.Current} AS {SqlText.Identifier(SourceCleaner.AliasName)} LEFT JOIN " +
                   $"(SELECT DISTINCT {SqlText.Identifier(reference.TargetColumn)} AS k FROM {target}) AS {SqlText.Identifier(keys)} " +
                   $"ON {column} = {SqlText.Identifier(keys)}.k";
        var reason = $"concat({SqlText.String($"expectation {Name} failed: {ExprPrinter.Name(reference.Column)} = ")}, {Shown(column)}, " +
                     $"{SqlText.String($" is not in {reference.TargetRelation}.{reference.TargetColumn}")})";
        return cleaner.Flag($"{column} IS NOT NULL AND {SqlText.Identifier(keys)}.k IS NULL", reason, from);
    }

    /// <summary>A value as JSON text for messages: strings quoted, null as null.</summary>
    private static string Shown(string sqlValue) => $"COALESCE(CAST(to_json({sqlValue}) AS VARCHAR), 'null')";

    private void RowLevel(string check, string description)
    {
        var (checkedRows, violations) = cleaner.CountViolations(check);
        var fraction = checkedRows == 0 ? 0 : (double)violations / checkedRows;
        var example = violations > 0 ? cleaner.FirstViolation(check) : null;
        var fails = Fails(violations, fraction);
        long dropped = 0, quarantined = 0, failed = 0;
        switch (expectation.Action)
        {
            case ViolationAction.Drop:
                dropped = violations;
                cleaner.KeepUnflagged(check, step.SchemaAfter);
                break;
            case ViolationAction.Quarantine:
                quarantined = violations;
                cleaner.QuarantineFlagged(check, Name);
                cleaner.KeepUnflagged(check, step.SchemaAfter);
                break;
            default:
                failed = violations;
                cleaner.KeepAll(check, step.SchemaAfter);
                break;
        }
        var warns = !fails && Warns(violations, fraction);
        cleaner.AddRule(new RuleReport(Name, "expect", checkedRows, violations, dropped, quarantined, failed,
            fails ? RuleOutcome.Failed : warns ? RuleOutcome.Warned : RuleOutcome.Passed, null));
        var summary = $"{violations} of {checkedRows} rows ({Percent(fraction)}) violate {description}";
        if (fails)
            throw new PulseRunException(RunError.At(expectation.Origin, RuntimeCodes.ExpectationFailed,
                $"source {cleaner.Context.Source.Name}: expectation {Name} failed: {summary}{Allowed()}; first at {example}",
                "fix the input, or relax the rule (else quarantine, else warn, mostly NN%)"));
        if (warns)
            cleaner.AddWarning(RunWarning.At(expectation.Origin, RuntimeCodes.ExpectationWarning,
                $"source {cleaner.Context.Source.Name}: expectation {Name}: {summary}{WarnAllowed()}; first at {example}"));
    }

    private bool Fails(long violations, double fraction) => violations > 0 && (expectation.Action == ViolationAction.Fail
        ? fraction > (expectation.FailAbove ?? 0)
        : expectation.FailAbove is { } limit && fraction > limit);

    private bool Warns(long violations, double fraction) => violations > 0 && (
        expectation.WarnAbove is { } limit ? fraction > limit : expectation.Action is ViolationAction.Warn or ViolationAction.Fail);

    private string Allowed() => expectation.FailAbove is { } limit ? $", above the {Percent(limit)} allowed" : "";
    private string WarnAllowed() => expectation.WarnAbove is { } limit ? $", above the {Percent(limit)} tolerated" : "";

    private static string Percent(double fraction) => (fraction * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private void RowCount(RowCountRule rule)
    {
        var count = cleaner.Sql.Count(cleaner.Current);
        var ok = count >= rule.Min && count <= rule.Max;
        WholeInput(count, ok, $"row count {count} is not between {rule.Min} and {rule.Max}");
    }

    private void Freshness(FreshnessRule rule)
    {
        var newest = cleaner.Sql.Value($"SELECT CAST(max({SqlText.Identifier(rule.Column)}) AS TIMESTAMP) FROM {cleaner.Current}");
        var limit = $"{cleaner.Context.Now} - {SqlLiterals.Duration(rule.MaxAge)}";
        var ok = newest is not null && cleaner.Sql.Long(
            $"SELECT CASE WHEN max(CAST({SqlText.Identifier(rule.Column)} AS TIMESTAMP)) >= {limit} THEN 1 ELSE 0 END FROM {cleaner.Current}") == 1;
        var shown = newest is DateTime time ? time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "no value";
        WholeInput(cleaner.Sql.Count(cleaner.Current), ok, $"newest {rule.Column} ({shown}) is older than {ExprPrinter.Print(new LiteralExpr(Compiler.Types.PulseType.Duration, ((long)rule.MaxAge.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)))}");
    }

    private void WholeInput(long rows, bool ok, string problem)
    {
        var fails = !ok && expectation.Action != ViolationAction.Warn;
        cleaner.AddRule(new RuleReport(Name, "expect", rows, ok ? 0 : 1, 0, 0, 0,
            ok ? RuleOutcome.Passed : fails ? RuleOutcome.Failed : RuleOutcome.Warned, ok ? null : problem));
        if (ok) return;
        if (fails)
            throw new PulseRunException(RunError.At(expectation.Origin, RuntimeCodes.ExpectationFailed,
                $"source {cleaner.Context.Source.Name}: expectation {Name} failed: {problem}", "fix the input, or make the rule else warn"));
        cleaner.AddWarning(RunWarning.At(expectation.Origin, RuntimeCodes.ExpectationWarning,
            $"source {cleaner.Context.Source.Name}: expectation {Name}: {problem}"));
    }
}
