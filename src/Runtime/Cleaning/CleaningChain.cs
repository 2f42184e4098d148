using Pulse.Compiler.Ir;
using Pulse.Runtime.Sources;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Cleaning;

/// <summary>
/// Builds the one statement that applies all of a source's cleaning steps: a chain of CTEs, one or two
/// per step, each reading the previous one (DuckDB inlines them, so nothing is materialized between
/// steps). Removed rows are not filtered out; they stay in the chain with <see cref="RuleColumn"/> set to
/// the index of the first rule that removed them (spec order, malformed input first, index 0), so one
/// pass gives every rule's counts. Every later step sees only the rows still kept:
/// <list type="bullet">
/// <item>a check is true only for kept rows, so a removed row is never counted again;</item>
/// <item>expressions that could fail (fill, derive, predicates) are evaluated for kept rows only
/// (<c>CASE WHEN kept THEN ... END</c>), so a value an earlier step rejected cannot stop the run;</item>
/// <item>windows (unique, dedupe) partition kept and removed rows apart, so a removed row is never
/// "the first" of a key.</item>
/// </list>
/// The columns the original row is rebuilt from ride along, and its JSON is built at the end only for
/// quarantined rows.
/// </summary>
internal sealed class CleaningChain
{
    /// <summary>The index (into <see cref="Rules"/>) of the rule that removed the row; null while kept.</summary>
    public const string RuleColumn = "__pulse_rule";
    /// <summary>The quarantine reason of a removed row.</summary>
    public const string ReasonColumn = "__pulse_reason";
    public const string Alias = "s";
    private const string Violation = "__pulse_v";
    private const string Converted = "__pulse_c";

    private readonly List<string> ctes = [];
    /// <summary>Bookkeeping columns carried by every CTE, in order (position, rule, reason, the row's raw columns, flags).</summary>
    private readonly List<string> carried;
    private readonly TypedInput input;
    private readonly string now;

    public CleaningChain(TypedInput input, SourceIr source, string now)
    {
        this.input = input;
        this.now = now;
        Schema = new RelSchema([.. source.InputFields.Select(f => new Column(f.Name, f.Type))]);
        carried = [RawInput.Position, RuleColumn, ReasonColumn, .. input.RowJson.Columns];
        var error = Col(RawInput.Error);
        var start = new List<string>
        {
            $"{Col(RawInput.Position)} AS {Id(RawInput.Position)}",
            $"CAST(CASE WHEN {error} IS NOT NULL THEN 0 END AS INTEGER) AS {Id(RuleColumn)}",
            $"CAST({error} AS VARCHAR) AS {Id(ReasonColumn)}",
        };
        start.AddRange(input.RowJson.Columns.Select(c => $"{Col(c)} AS {Id(c)}"));
        start.AddRange(Schema.Columns.Select(c => $"{Col(c.Name)} AS {Id(c.Name)}"));
        ctes.Add($"SELECT {SqlText.Join(start)} FROM {input.Relation} AS {Id(Alias)}");
        Rules.Add(new ChainRule(0, QuarantineTable.Malformed, "malformed", Removal.Quarantine, QuarantineTable.Malformed));
    }

    public RelSchema Schema { get; private set; }
    public List<ChainRule> Rules { get; } = [];
    /// <summary>A window or a join changed the row order: the output must be sorted by position again.</summary>
    public bool Reordered { get; private set; }

    public static string Col(string name) => Id(Alias) + "." + Id(name);
    private static string Id(string name) => SqlText.Identifier(name);
    private static string Kept => $"{Col(RuleColumn)} IS NULL";

    public string Expr(Expr expr) => DuckDbExpressionWriter.ForAlias(Alias, now).Write(expr);

    /// <summary>An expression evaluated for kept rows only (null for removed ones): removed rows may hold values that would make it fail.</summary>
    public static string ForKept(string sql) => $"(CASE WHEN {Kept} THEN {sql} END)";

    /// <summary>Replaces or adds schema columns; <paramref name="changed"/> maps a column to its new SQL.</summary>
    public void Transform(CleanStep step, IReadOnlyDictionary<string, string> changed) => Next(step.SchemaAfter, changed, step.Origin);

    /// <summary>
    /// A check: <paramref name="violation"/> (null counts as no violation) is evaluated for kept rows;
    /// the rule then removes the violating rows (drop or quarantine, with <paramref name="reason"/>) or
    /// flags them in a column of their own (kept: warn and fail rules).
    /// </summary>
    public ChainRule Check(string name, string kind, string violation, Removal removal, string? reason = null,
        ExpectationIr? expectation = null, string? from = null, bool window = false)
    {
        Reordered |= window || from is not null;
        Next(Schema, NoChange, null, new() { [Violation] = $"(CASE WHEN {Kept} THEN COALESCE({violation}, FALSE) ELSE FALSE END)" }, from: from);
        var rule = NewRule(name, kind, removal, expectation);
        var flagged = Col(Violation);
        if (removal == Removal.None)
        {
            rule = rule with { FlagColumn = "__pulse_f" + rule.Index.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            Next(Schema, NoChange, null, new() { [rule.FlagColumn] = flagged }, drop: Violation);
        }
        else
        {
            var book = new Dictionary<string, string> { [RuleColumn] = $"(CASE WHEN {flagged} THEN {rule.Index} ELSE {Col(RuleColumn)} END)" };
            if (removal == Removal.Quarantine)
                book[ReasonColumn] = $"(CASE WHEN {flagged} THEN {reason ?? "NULL"} ELSE {Col(ReasonColumn)} END)";
            Next(Schema, NoChange, null, book, drop: Violation);
        }
        Rules[rule.Index] = rule;
        return rule;
    }

    /// <summary><c>cast</c>: a non-null value that does not convert quarantines the row as malformed, with <paramref name="reason"/> (over the value before).</summary>
    public void Cast(CastStep cast, string converted, string reason)
    {
        Next(Schema, NoChange, null, new() { [Converted] = converted });
        var rule = NewRule($"cast {cast.Column}", "cast", Removal.Quarantine, null, QuarantineTable.Malformed);
        var failed = $"({Kept} AND {Col(cast.Column)} IS NOT NULL AND {Col(Converted)} IS NULL)";
        Next(cast.SchemaAfter, new Dictionary<string, string> { [cast.Column] = Col(Converted) }, cast.Origin, new()
        {
            [RuleColumn] = $"(CASE WHEN {failed} THEN {rule.Index} ELSE {Col(RuleColumn)} END)",
            [ReasonColumn] = $"(CASE WHEN {failed} THEN {reason} ELSE {Col(ReasonColumn)} END)",
        }, drop: Converted);
    }

    /// <summary>A rule that judges the kept rows as a whole (row_count); counted from the rule indices alone.</summary>
    public ChainRule WholeInput(ExpectationIr expectation) => NewRule(expectation.Name, "expect", Removal.None, expectation);

    /// <summary>freshness: the column's value at this step, as a timestamp, for kept rows.</summary>
    public ChainRule Snapshot(ExpectationIr expectation, string column)
    {
        var rule = NewRule(expectation.Name, "expect", Removal.None, expectation);
        rule = rule with { SnapshotColumn = "__pulse_t" + rule.Index.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        Next(Schema, NoChange, null, new() { [rule.SnapshotColumn] = ForKept($"CAST({Col(column)} AS TIMESTAMP)") });
        Rules[rule.Index] = rule;
        return rule;
    }

    /// <summary>
    /// The whole statement: every row with its position, rule, reason, flags, the cleaned columns and, for
    /// quarantined rows only, the original row as JSON (<see cref="RawInput.Row"/>).
    /// </summary>
    public string Sql()
    {
        var quarantined = Rules.Where(r => r.Removal == Removal.Quarantine).Select(r => r.Index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var columns = new List<string> { Col(RawInput.Position), Col(RuleColumn), Col(ReasonColumn) };
        columns.AddRange(Rules.Where(r => r.FlagColumn is not null).Select(r => Col(r.FlagColumn!)));
        columns.AddRange(Rules.Where(r => r.SnapshotColumn is not null).Select(r => Col(r.SnapshotColumn!)));
        columns.Add($"(CASE WHEN {Col(RuleColumn)} IN ({string.Join(", ", quarantined)}) THEN {input.RowJson.Sql(Alias)} END) AS {Id(RawInput.Row)}");
        columns.AddRange(Schema.Columns.Select(c => Col(c.Name)));
        var with = string.Join(", ", ctes.Select((body, i) => $"{Id(Step(i))} AS NOT MATERIALIZED ({body})"));
        return $"WITH {with} SELECT {SqlText.Join(columns)} FROM {Id(Step(ctes.Count - 1))} AS {Id(Alias)}";
    }

    private static readonly Dictionary<string, string> NoChange = [];

    private static string Step(int index) => "__pulse_step" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private ChainRule NewRule(string name, string kind, Removal removal, ExpectationIr? expectation, string? quarantineRule = null)
    {
        var rule = new ChainRule(Rules.Count, name, kind, removal, quarantineRule ?? name) { Expectation = expectation };
        Rules.Add(rule);
        return rule;
    }

    /// <summary>
    /// Adds a CTE over the previous one: the carried bookkeeping columns (overridden or extended by
    /// <paramref name="book"/>, without <paramref name="drop"/>), then every column of <paramref name="after"/>
    /// from <paramref name="changed"/> or passed through.
    /// </summary>
    private void Next(RelSchema after, IReadOnlyDictionary<string, string> changed, Origin? origin,
        Dictionary<string, string>? book = null, string? drop = null, string? from = null)
    {
        if (drop is not null) carried.Remove(drop);
        foreach (var added in (book?.Keys ?? Enumerable.Empty<string>()).Where(k => !carried.Contains(k)).ToList()) carried.Add(added);
        var columns = carried.Select(name => (book is not null && book.TryGetValue(name, out var sql) ? sql : Col(name)) + " AS " + Id(name)).ToList();
        foreach (var column in after.Columns)
        {
            if (changed.TryGetValue(column.Name, out var expression)) columns.Add(expression + " AS " + Id(column.Name));
            else if (Schema.Find(column.Name) is not null) columns.Add(Col(column.Name));
            else throw new InvalidOperationException($"clean step at {origin} produces column {column.Name} the runtime cannot derive");
        }
        ctes.Add($"SELECT {SqlText.Join(columns)} FROM {from ?? Id(Step(ctes.Count - 1)) + " AS " + Id(Alias)}");
        Schema = after;
    }

    /// <summary>The previous CTE's name, for a FROM clause that joins it to something (references).</summary>
    public string Previous => Id(Step(ctes.Count - 1));
}

/// <summary>What a rule does with the rows that violate it.</summary>
internal enum Removal { None, Drop, Quarantine }

/// <summary>
/// One rule of the chain, in report order: its <see cref="Index"/> is the value of the rule column for the
/// rows it removed. <see cref="QuarantineRule"/> is the name written to the quarantine (<c>_malformed</c>
/// for casts). Kept-but-violating rows are marked in <see cref="FlagColumn"/>; freshness keeps the
/// judged column in <see cref="SnapshotColumn"/>.
/// </summary>
internal sealed record ChainRule(int Index, string Name, string Kind, Removal Removal, string QuarantineRule)
{
    public ExpectationIr? Expectation { get; init; }
    public string? FlagColumn { get; init; }
    public string? SnapshotColumn { get; init; }
}
