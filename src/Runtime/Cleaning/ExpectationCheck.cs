using System.Globalization;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Sources;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Cleaning;

/// <summary>
/// The SQL of one <c>expect</c> step in the cleaning chain. Row, unique and reference rules flag violating
/// rows, which the action then drops, quarantines or keeps (warn/fail: kept and counted as failed);
/// <see cref="RuleJudge"/> applies the thresholds once the counts are known.
/// <c>unique</c>: rows after the first (by input position) with the same key violate it; a key with a null
/// part is never a duplicate (SQL semantics). <c>references</c>: a non-null value absent from the target
/// column violates it. <c>row_count</c> and <c>freshness</c> judge the rows that reach them as a whole and
/// never remove rows.
/// </summary>
internal static class ExpectationCheck
{
    public static void AddTo(CleaningChain chain, ExpectationIr expectation, CleaningContext context)
    {
        var removal = expectation.Action switch
        {
            ViolationAction.Drop => Removal.Drop,
            ViolationAction.Quarantine => Removal.Quarantine,
            _ => Removal.None,
        };
        switch (expectation.Rule)
        {
            case RowRule row:
                chain.Check(expectation.Name, "expect", $"NOT COALESCE({chain.Expr(row.Predicate)}, FALSE)", removal,
                    RowRuleReason(expectation.Name, row), expectation);
                break;
            case UniqueRule unique: Unique(chain, expectation, unique, removal); break;
            case ReferenceRule reference: Reference(chain, expectation, reference, removal, context); break;
            case RowCountRule: chain.WholeInput(expectation); break;
            case FreshnessRule freshness: chain.Snapshot(expectation, freshness.Column); break;
            default: throw new NotSupportedException($"expectation rule {expectation.Rule.GetType().Name}");
        }
    }

    public static string Describe(ExpectationRule rule) => rule switch
    {
        RowRule row => ExprPrinter.Print(row.Predicate),
        UniqueRule unique => $"unique({string.Join(", ", unique.Columns.Select(ExprPrinter.Name))})",
        ReferenceRule reference => $"{ExprPrinter.Name(reference.Column)} references {ExprPrinter.Name(reference.TargetRelation)}.{ExprPrinter.Name(reference.TargetColumn)}",
        RowCountRule count => $"row_count between {count.Min} and {count.Max}",
        FreshnessRule fresh => $"freshness {ExprPrinter.Name(fresh.Column)} within {PrintDuration(fresh.MaxAge)}",
        _ => rule.GetType().Name,
    };

    public static string PrintDuration(TimeSpan age) =>
        ExprPrinter.Print(new LiteralExpr(Compiler.Types.PulseType.Duration, ((long)age.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)));

    /// <summary>"expectation N failed: predicate (column = value, ...)" with the row's values of the predicate's columns.</summary>
    private static string RowRuleReason(string name, RowRule row)
    {
        var values = ExprPrinter.Columns(row.Predicate)
            .Select(c => $"{SqlText.String(ExprPrinter.Name(c.Name) + " = ")}, {Shown(CleaningChain.Col(c.Name))}").ToList();
        return $"concat({SqlText.String($"expectation {name} failed: {ExprPrinter.Print(row.Predicate)} (")}, " +
               $"{string.Join(", ', ', ", values)}{(values.Count > 0 ? ", " : "")}')')";
    }

    private static void Unique(CleaningChain chain, ExpectationIr expectation, UniqueRule unique, Removal removal)
    {
        var keys = unique.Columns.Select(CleaningChain.Col).ToList();
        var pos = CleaningChain.Col(RawInput.Position);
        var window = $"OVER (PARTITION BY {SourceCleaner.KeptPartition}, {SqlText.Join(keys)} ORDER BY {pos})";
        var noNulls = string.Join(" AND ", keys.Select(k => $"{k} IS NOT NULL"));
        var keyText = string.Join(", ', ', ", keys.Select(Shown));
        // The first row of the key, by position: the same window as the flag, so one sort serves both.
        var reason = $"concat({SqlText.String($"expectation {expectation.Name} failed: duplicate of the row at position ")}, " +
                     $"first_value({pos}) {window}, {SqlText.String($" for ({string.Join(", ", unique.Columns.Select(ExprPrinter.Name))}) = (")}, {keyText}, ')')";
        chain.Check(expectation.Name, "expect", $"{noNulls} AND row_number() {window} > 1", removal, reason, expectation, window: true);
    }

    private static void Reference(CleaningChain chain, ExpectationIr expectation, ReferenceRule reference, Removal removal, CleaningContext context)
    {
        var target = context.RelationTable(reference.TargetRelation);
        var column = CleaningChain.Col(reference.Column);
        var keys = SqlText.Identifier("__pulse_ref");
        var from = $"{chain.Previous} AS {SqlText.Identifier(CleaningChain.Alias)} LEFT JOIN " +
                   $"(SELECT DISTINCT {SqlText.Identifier(reference.TargetColumn)} AS k FROM {target}) AS {keys} ON {column} = {keys}.k";
        var reason = $"concat({SqlText.String($"expectation {expectation.Name} failed: {ExprPrinter.Name(reference.Column)} = ")}, {Shown(column)}, " +
                     $"{SqlText.String($" is not in {reference.TargetRelation}.{reference.TargetColumn}")})";
        chain.Check(expectation.Name, "expect", $"{column} IS NOT NULL AND {keys}.k IS NULL", removal, reason, expectation, from);
    }

    /// <summary>A value as JSON text for messages: strings quoted, null as null.</summary>
    private static string Shown(string sqlValue) => $"COALESCE(CAST(to_json({sqlValue}) AS VARCHAR), 'null')";
}
