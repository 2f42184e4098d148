using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Sources;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Cleaning;

/// <summary>
/// Applies a source's cleaning steps, in spec order, to its typed table, keeping the books: every row
/// read ends up kept, dropped (drop where, dedupe, expectations with <c>drop</c>) or quarantined
/// (malformed, expectations with <c>quarantine</c>), each counted under the rule that removed it.
/// Each step reads the previous step's table and writes a new one, so a step's counts are exact.
/// An expectation over its fail threshold throws <see cref="PulseRunException"/>; the rules checked so
/// far stay in <see cref="Rules"/> for the report.
/// </summary>
public sealed class SourceCleaner
{
    private const string Violation = "__pulse_v";
    private const string Reason = "__pulse_reason";
    private const string Alias = "s";

    private readonly CleaningContext context;
    private readonly List<RuleReport> rules = [];
    private readonly List<RunWarning> warnings = [];
    private readonly CleaningSql sql;
    private string current = "";
    private RelSchema schema = RelSchema.Empty;
    private string flagged = "";

    public SourceCleaner(CleaningContext context)
    {
        this.context = context;
        sql = new CleaningSql(context.Connection);
    }

    public IReadOnlyList<RuleReport> Rules => rules;
    public IReadOnlyList<RunWarning> Warnings => warnings;
    public long Read { get; private set; }

    private SourceIr Source => context.Source;
    private static string Pos => SqlText.Identifier(RawInput.Position);
    private static string Row => SqlText.Identifier(RawInput.Row);

    /// <summary>
    /// Cleans <paramref name="typedTable"/> (see <see cref="SourceConversion"/>) into <paramref name="outputTable"/>;
    /// with <paramref name="keepPosition"/> the output starts with the input position column.
    /// <paramref name="skipWholeInputRules"/> leaves out row_count and freshness (they judge a full input, not a replayed subset).
    /// </summary>
    public SourceReport Clean(string typedTable, string outputTable, double seconds = 0, bool keepPosition = false, bool skipWholeInputRules = false)
    {
        Read = sql.Count(typedTable);
        flagged = context.ScratchTable(Source.Name + "_flagged");
        sql.Execute($"CREATE TABLE {flagged} ({Pos} BIGINT)");
        SplitMalformed(typedTable);

        foreach (var step in Source.Steps)
        {
            switch (step)
            {
                case RenameStep rename: Transform(step, new() { [rename.To] = Col(rename.From) }); break;
                case TextTransformStep text: Transform(step, text.Columns.ToDictionary(c => c, c => TextSql(text.Transform, Col(c)))); break;
                case FillStep fill: Transform(step, fill.Columns.ToDictionary(c => c, c => CastAfter(step, c, $"COALESCE({Col(c)}, {Expr(fill.Value)})"))); break;
                case DeriveStep derive: Transform(step, new() { [derive.Column] = CastAfter(step, derive.Column, Expr(derive.Value)) }); break;
                case CastStep cast: Cast(cast); break;
                case DropWhereStep drop: DropWhere(drop); break;
                case DedupeStep dedupe: Dedupe(dedupe); break;
                case ExpectStep { Expectation.Rule: RowCountRule or FreshnessRule } when skipWholeInputRules: break;
                case ExpectStep expect: new ExpectationCheck(this, expect).Run(); break;
                default: throw new NotSupportedException($"clean step {step.GetType().Name}");
            }
        }

        var columns = Source.Schema.Columns.Select(c => DuckDbExpressionWriter.CastTo(c.Type, Col(c.Name)) + " AS " + SqlText.Identifier(c.Name));
        if (keepPosition) columns = columns.Prepend(Col(RawInput.Position));
        sql.Execute($"CREATE TABLE {outputTable} AS SELECT {SqlText.Join(columns)} FROM {current} AS {SqlText.Identifier(Alias)} ORDER BY {Pos}");
        var kept = sql.Count(outputTable);
        var failed = sql.Long($"SELECT count(*) FROM {current} WHERE {Pos} IN (SELECT {Pos} FROM {flagged})");
        var dropped = rules.Sum(r => r.Dropped);
        var quarantined = rules.Sum(r => r.Quarantined);
        if (Read != kept + dropped + quarantined)
            throw new InvalidOperationException($"accounting of {Source.Name} does not add up: read {Read} != kept {kept} + dropped {dropped} + quarantined {quarantined}");
        sql.Execute($"DROP TABLE IF EXISTS {current}");
        sql.Execute($"DROP TABLE IF EXISTS {flagged}");
        return new SourceReport(Source.Name, Source.Format.ToString().ToLowerInvariant(), Read, kept, dropped, quarantined, failed, [.. rules], seconds);
    }

    private void SplitMalformed(string typedTable)
    {
        var error = SqlText.Identifier(RawInput.Error);
        sql.Execute(QuarantineTable.InsertSql(context.Quarantine,
            $"SELECT {Pos}, {SqlText.String(QuarantineTable.Malformed)}, {error}, {Row} FROM {typedTable} WHERE {error} IS NOT NULL ORDER BY {Pos}", context.RunId));
        var malformed = sql.Long($"SELECT count(*) FROM {typedTable} WHERE {error} IS NOT NULL");
        schema = new RelSchema(Source.InputFields.Select(f => new Column(f.Name, f.Type)).ToImmutableArray());
        var next = context.ScratchTable(Source.Name + "_step");
        sql.Execute($"CREATE TABLE {next} AS SELECT {Pos}, {Row}, {SqlText.Join(schema.Columns.Select(c => SqlText.Identifier(c.Name)))} FROM {typedTable} WHERE {error} IS NULL ORDER BY {Pos}");
        current = next;
        rules.Add(new RuleReport(QuarantineTable.Malformed, "malformed", Read, malformed, 0, malformed, 0, RuleOutcome.Passed, null));
    }

    // ---- row transforms -------------------------------------------------------------------------

    /// <summary>Writes the step's output: every column of its schema, from <paramref name="changed"/> or passed through.</summary>
    private void Transform(CleanStep step, Dictionary<string, string> changed, string? filter = null)
    {
        var columns = new List<string> { Col(RawInput.Position), Col(RawInput.Row) };
        foreach (var column in step.SchemaAfter.Columns)
        {
            if (changed.TryGetValue(column.Name, out var expression)) columns.Add(expression + " AS " + SqlText.Identifier(column.Name));
            else if (schema.Find(column.Name) is not null) columns.Add(Col(column.Name));
            else throw new InvalidOperationException($"clean step at {step.Origin} produces column {column.Name} the runtime cannot derive");
        }
        Replace(step.SchemaAfter, $"SELECT {SqlText.Join(columns)} FROM {current} AS {SqlText.Identifier(Alias)}" + (filter is null ? "" : " WHERE " + filter));
    }

    private void Replace(RelSchema after, string select)
    {
        var next = context.ScratchTable(Source.Name + "_step");
        sql.Execute($"CREATE TABLE {next} AS {select}");
        sql.Execute($"DROP TABLE {current}");
        current = next;
        schema = after;
    }

    private static string TextSql(TextTransform transform, string column) => transform switch
    {
        TextTransform.Trim => FunctionSql.Trim(column),
        TextTransform.Lower => $"lower({column})",
        TextTransform.Upper => $"upper({column})",
        _ => throw new NotSupportedException(transform.ToString()),
    };

    private static string CastAfter(CleanStep step, string column, string sqlExpr) =>
        DuckDbExpressionWriter.CastTo(step.SchemaAfter[column].Type, sqlExpr);

    /// <summary><c>cast x as T [format f]</c>: a non-null value that does not convert makes the row malformed (quarantined).</summary>
    private void Cast(CastStep cast)
    {
        var before = Col(cast.Column);
        var converted = cast.Format is not null && cast.From.Kind == TypeKind.String && cast.To.IsTemporal
            ? DuckDbExpressionWriter.ParseWithFormat(before, cast.Format, cast.To)
            : cast.From.Kind == TypeKind.String
                ? FieldConversion.Value(RawFamily.Text, before, cast.To)
                : DuckDbExpressionWriter.TryCast(before, cast.From, cast.To);
        var expectation = cast.Format is null ? $"a valid {cast.To.AsNonNullable()}" : $"a {cast.To.AsNonNullable()} in the format {cast.Format}";
        var reason = $"concat({SqlText.String($"column {cast.Column}: '")}, left(CAST({before} AS VARCHAR), 100), {SqlText.String($"' is not {expectation}")})";
        var problem = $"({before} IS NOT NULL AND {converted} IS NULL)";
        var check = context.ScratchTable(Source.Name + "_cast");
        sql.Execute($"CREATE TABLE {check} AS SELECT {SqlText.Identifier(Alias)}.*, {problem} AS {Violation}, {reason} AS {SqlText.Identifier(Reason)} FROM {current} AS {SqlText.Identifier(Alias)}");
        var (checkedRows, violations) = CountViolations(check);
        sql.Execute(QuarantineTable.InsertSql(context.Quarantine,
            $"SELECT {Pos}, {SqlText.String(QuarantineTable.Malformed)}, {SqlText.Identifier(Reason)}, {Row} FROM {check} WHERE {Violation} ORDER BY {Pos}", context.RunId));
        sql.Execute($"DROP TABLE {current}");
        current = check;
        Transform(cast, new() { [cast.Column] = converted }, filter: $"NOT {Col(Violation)}");
        rules.Add(new RuleReport($"cast {cast.Column}", "cast", checkedRows, violations, 0, violations, 0, RuleOutcome.Passed, null));
    }

    // ---- filters ---------------------------------------------------------------------------------

    private void DropWhere(DropWhereStep drop)
    {
        var name = "drop where " + ExprPrinter.Print(drop.Predicate);
        var check = Flag($"COALESCE({Expr(drop.Predicate)}, FALSE)");
        var (checkedRows, violations) = CountViolations(check);
        KeepUnflagged(check, drop.SchemaAfter);
        rules.Add(new RuleReport(name, "drop", checkedRows, violations, violations, 0, 0, RuleOutcome.Passed, null));
    }

    private void Dedupe(DedupeStep dedupe)
    {
        var name = "dedupe by " + string.Join(", ", dedupe.Keys.Select(ExprPrinter.Name));
        var order = (dedupe.Keep, dedupe.OrderBy) switch
        {
            (DedupeKeep.Latest, null) => $"{Col(RawInput.Position)} DESC",
            (DedupeKeep.Latest, { } by) => $"{Col(by)} DESC NULLS LAST, {Col(RawInput.Position)} DESC",
            (DedupeKeep.First, { } by) => $"{Col(by)} ASC NULLS LAST, {Col(RawInput.Position)} ASC",
            _ => $"{Col(RawInput.Position)} ASC",
        };
        var check = Flag($"row_number() OVER (PARTITION BY {SqlText.Join(dedupe.Keys.Select(Col))} ORDER BY {order}) > 1");
        var (checkedRows, violations) = CountViolations(check);
        KeepUnflagged(check, dedupe.SchemaAfter);
        rules.Add(new RuleReport(name, "dedupe", checkedRows, violations, violations, 0, 0, RuleOutcome.Passed, null));
    }

    // ---- shared helpers (also used by ExpectationCheck) -----------------------------------------

    internal CleaningContext Context => context;
    internal CleaningSql Sql => sql;
    internal string Current => current;
    internal string FlaggedTable => flagged;
    internal void AddRule(RuleReport rule) => rules.Add(rule);
    internal void AddWarning(RunWarning warning) => warnings.Add(warning);

    internal static string Col(string name) => SqlText.Identifier(Alias) + "." + SqlText.Identifier(name);

    internal string Expr(Expr expr) => DuckDbExpressionWriter.ForAlias(Alias, context.Now).Write(expr);

    /// <summary>A scratch copy of the current rows with a violation flag (and optional reason, and extra FROM clauses).</summary>
    internal string Flag(string violation, string? reason = null, string? from = null)
    {
        var check = context.ScratchTable(Source.Name + "_check");
        var reasonColumn = reason is null ? "" : $", {reason} AS {SqlText.Identifier(Reason)}";
        sql.Execute($"CREATE TABLE {check} AS SELECT {SqlText.Identifier(Alias)}.*, ({violation}) AS {Violation}{reasonColumn} " +
                    $"FROM {from ?? current + " AS " + SqlText.Identifier(Alias)}");
        return check;
    }

    internal (long Checked, long Violations) CountViolations(string check) =>
        (sql.Count(check), sql.Long($"SELECT count(*) FROM {check} WHERE {Violation}"));

    /// <summary>Continues with the unflagged rows of <paramref name="check"/>.</summary>
    internal void KeepUnflagged(string check, RelSchema after)
    {
        var columns = new[] { Pos, Row }.Concat(schema.Columns.Select(c => SqlText.Identifier(c.Name)));
        Replace(after, $"SELECT {SqlText.Join(columns)} FROM {check} WHERE NOT {Violation} ORDER BY {Pos}");
        sql.Execute($"DROP TABLE {check}");
    }

    /// <summary>Keeps every row of the step; flagged rows are remembered as "failed" (kept but violating).</summary>
    internal void KeepAll(string check, RelSchema after)
    {
        sql.Execute($"INSERT INTO {flagged} SELECT {Pos} FROM {check} WHERE {Violation}");
        sql.Execute($"DROP TABLE {check}");
        schema = after;
    }

    internal void QuarantineFlagged(string check, string rule)
    {
        sql.Execute(QuarantineTable.InsertSql(context.Quarantine,
            $"SELECT {Pos}, {SqlText.String(rule)}, {SqlText.Identifier(Reason)}, {Row} FROM {check} WHERE {Violation} ORDER BY {Pos}", context.RunId));
    }

    /// <summary>The first violating row (by position) as "position N: {json}", for fail messages.</summary>
    internal string? FirstViolation(string check) =>
        sql.String($"SELECT concat('position ', {Pos}, ': ', left(CAST({Row} AS VARCHAR), 300)) FROM {check} WHERE {Violation} ORDER BY {Pos} LIMIT 1");

    internal RelSchema Schema => schema;
    internal static string ViolationColumn => Violation;
    internal static string ReasonColumn => Reason;
    internal static string AliasName => Alias;
}
