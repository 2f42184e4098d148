using DuckDB.NET.Data;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Sources;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Cleaning;

/// <summary>
/// Applies a source's cleaning steps, in spec order, keeping the books: every row read ends up kept,
/// dropped (drop where, dedupe, expectations with <c>drop</c>) or quarantined (malformed, expectations
/// with <c>quarantine</c>), each counted under the first rule that removed it.
/// All steps run as one statement (<see cref="CleaningChain"/>) into one temporary table of every row
/// with its verdict; one aggregate over it gives every rule's counts, then the rules are judged in spec
/// order (<see cref="RuleJudge"/>), the quarantined rows are inserted and the kept rows written. An
/// expectation over its fail threshold throws <see cref="PulseRunException"/>; the rules judged so far
/// stay in <see cref="Rules"/> for the report.
/// </summary>
public sealed class SourceCleaner
{
    private readonly CleaningContext context;
    private readonly List<RuleReport> rules = [];
    private readonly List<RunWarning> warnings = [];
    private readonly CleaningSql sql;

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

    /// <summary>Cleans a typed table made by <see cref="SourceConversion.CreateTypedTableSql"/>.</summary>
    public SourceReport Clean(string typedTable, string outputTable, double seconds = 0, bool keepPosition = false, bool skipWholeInputRules = false) =>
        Clean(TypedInput.Table(typedTable), outputTable, seconds, keepPosition, skipWholeInputRules);

    /// <summary>
    /// Cleans <paramref name="input"/> into <paramref name="outputTable"/>; with <paramref name="keepPosition"/>
    /// the output starts with the input position column. <paramref name="skipWholeInputRules"/> leaves out
    /// row_count and freshness (they judge a full input, not a replayed subset).
    /// </summary>
    public SourceReport Clean(TypedInput input, string outputTable, double seconds = 0, bool keepPosition = false, bool skipWholeInputRules = false)
    {
        var chain = BuildChain(input, skipWholeInputRules);
        if (input.Order is { } needed && chain.Reordered)
        {
            // A window or join needs the positions inside the statement.
            input = needed.Positioned();
            chain = BuildChain(input, skipWholeInputRules);
        }
        var keepVerdicts = context.VerdictTable is not null;
        var table = context.VerdictTable ?? SqlText.Qualified(ScratchTables.TempCatalog, "main", "__pulse_clean_" + Guid.NewGuid().ToString("N"));
        try
        {
            CreateVerdicts(table, input, chain, skipWholeInputRules);
            if (input.Order is { } order && order.Confirm(table) is { } positioned)
            {
                // The reader dropped records, so row order is not position: start again from the positioned input.
                sql.Execute($"DROP TABLE {table}");
                input = positioned;
                chain = BuildChain(input, skipWholeInputRules);
                CreateVerdicts(table, input, chain, skipWholeInputRules);
            }
            // Rows came in input order into the verdicts (one order-preserving pass), so an input without
            // positions gets them from the verdicts' row ids.
            var verdicts = input.Order is { } ordered
                ? $"(SELECT * REPLACE (rowid + {SqlText.Integer(ordered.Offset)} AS {Pos}) FROM {table})"
                : table;
            var counts = RuleCounts.Of(sql, verdicts, chain.Rules, context.Now);
            Read = counts.Read;
            var judge = new RuleJudge(this, counts, position => Example(input, position));
            foreach (var rule in chain.Rules) judge.Judge(rule);

            QuarantineRemoved(verdicts, chain.Rules);
            var columns = Source.Schema.Columns.Select(c => DuckDbExpressionWriter.CastTo(c.Type, SqlText.Identifier(c.Name)) + " AS " + SqlText.Identifier(c.Name));
            if (keepPosition) columns = columns.Prepend(Pos);
            // Without a window or join the verdicts are in input order already (DuckDB preserves insertion order),
            // and the kept rows need not be copied: a view over the verdicts is read once more by the publish.
            var asView = keepVerdicts && !chain.Reordered;
            sql.Execute($"CREATE {(asView ? "VIEW" : "TABLE")} {outputTable} AS SELECT {SqlText.Join(columns)} FROM {verdicts} " +
                        $"WHERE {SqlText.Identifier(CleaningChain.RuleColumn)} IS NULL{(chain.Reordered ? $" ORDER BY {Pos}" : "")}");
            var kept = sql.Count(outputTable);
            var dropped = rules.Sum(r => r.Dropped);
            var quarantined = rules.Sum(r => r.Quarantined);
            if (Read != kept + dropped + quarantined || kept != counts.Kept)
                throw new InvalidOperationException($"accounting of {Source.Name} does not add up: read {Read} != kept {kept} + dropped {dropped} + quarantined {quarantined}");
            return new SourceReport(Source.Name, Source.Format.ToString().ToLowerInvariant(), Read, kept, dropped, quarantined, counts.Failed, [.. rules], seconds);
        }
        finally
        {
            if (!keepVerdicts) sql.Execute($"DROP TABLE IF EXISTS {table}");
        }
    }

    /// <summary>
    /// The one statement of every row's verdict. When DuckDB cannot evaluate it, the failure is explained as
    /// the steps run one by one would: a rule that fails the run before the faulty step wins (see
    /// <see cref="FailedStatementDiagnosis"/>).
    /// </summary>
    private void CreateVerdicts(string table, TypedInput input, CleaningChain chain, bool skipWholeInputRules)
    {
        try
        {
            sql.Execute($"{ScratchTables.Create(table)} AS {chain.Sql()}");
        }
        catch (DuckDBException e)
        {
            throw new FailedStatementDiagnosis(this, (probed, steps) => BuildChain(probed, skipWholeInputRules, steps)).Diagnose(input, e);
        }
    }

    /// <summary>The chain of the first <paramref name="stepCount"/> steps (all by default).</summary>
    private CleaningChain BuildChain(TypedInput input, bool skipWholeInputRules, int? stepCount = null)
    {
        var chain = new CleaningChain(input, Source, context.Now);
        foreach (var step in Source.Steps.Take(stepCount ?? Source.Steps.Length))
        {
            switch (step)
            {
                case RenameStep rename: chain.Transform(step, new Dictionary<string, string> { [rename.To] = Col(rename.From) }); break;
                case TextTransformStep text: chain.Transform(step, text.Columns.ToDictionary(c => c, c => TextSql(text.Transform, Col(c)))); break;
                case FillStep fill:
                    chain.Transform(step, fill.Columns.ToDictionary(c => c, c => CleaningChain.ForKept(CastAfter(step, c, $"COALESCE({Col(c)}, {chain.Expr(fill.Value)})"))));
                    break;
                case DeriveStep derive:
                    chain.Transform(step, new Dictionary<string, string> { [derive.Column] = CleaningChain.ForKept(CastAfter(step, derive.Column, chain.Expr(derive.Value))) });
                    break;
                case CastStep cast: Cast(chain, cast); break;
                case DropWhereStep drop:
                    chain.Check("drop where " + ExprPrinter.Print(drop.Predicate), "drop", chain.Expr(drop.Predicate), Removal.Drop);
                    break;
                case DedupeStep dedupe: Dedupe(chain, dedupe); break;
                case ExpectStep { Expectation.Rule: RowCountRule or FreshnessRule } when skipWholeInputRules: break;
                case ExpectStep expect: ExpectationCheck.AddTo(chain, expect.Expectation, context); break;
                default: throw new NotSupportedException($"clean step {step.GetType().Name}");
            }
        }
        return chain;
    }

    private static string Col(string name) => CleaningChain.Col(name);

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
    private static void Cast(CleaningChain chain, CastStep cast)
    {
        var before = Col(cast.Column);
        var converted = cast.Format is not null && cast.From.Kind == TypeKind.String && cast.To.IsTemporal
            ? DuckDbExpressionWriter.ParseWithFormat(before, cast.Format, cast.To)
            : cast.From.Kind == TypeKind.String
                ? FieldConversion.Value(RawFamily.Text, before, cast.To)
                : DuckDbExpressionWriter.TryCast(before, cast.From, cast.To);
        var expectation = cast.Format is null ? $"a valid {cast.To.AsNonNullable()}" : $"a {cast.To.AsNonNullable()} in the format {cast.Format}";
        var reason = $"concat({SqlText.String($"column {cast.Column}: '")}, left(CAST({before} AS VARCHAR), 100), {SqlText.String($"' is not {expectation}")})";
        chain.Cast(cast, converted, reason);
    }

    /// <summary>Rows after the kept one of each key are dropped; ties in the order fall back to input position.</summary>
    private static void Dedupe(CleaningChain chain, DedupeStep dedupe)
    {
        var name = "dedupe by " + string.Join(", ", dedupe.Keys.Select(ExprPrinter.Name));
        var pos = Col(RawInput.Position);
        var order = (dedupe.Keep, dedupe.OrderBy) switch
        {
            (DedupeKeep.Latest, null) => $"{pos} DESC",
            (DedupeKeep.Latest, { } by) => $"{Col(by)} DESC NULLS LAST, {pos} DESC",
            (DedupeKeep.First, { } by) => $"{Col(by)} ASC NULLS LAST, {pos} ASC",
            _ => $"{pos} ASC",
        };
        var partition = $"PARTITION BY {KeptPartition}, {SqlText.Join(dedupe.Keys.Select(Col))}";
        chain.Check(name, "dedupe", $"row_number() OVER ({partition} ORDER BY {order}) > 1", Removal.Drop, window: true);
    }

    /// <summary>Windows partition kept and removed rows apart, so a removed row never counts as the first of a key.</summary>
    internal static string KeptPartition => $"({Col(CleaningChain.RuleColumn)} IS NULL)";

    /// <summary>Quarantined rows, each once, under the first rule that removed it, in input order.</summary>
    private void QuarantineRemoved(string verdicts, IReadOnlyList<ChainRule> chainRules)
    {
        var quarantining = chainRules.Where(r => r.Removal == Removal.Quarantine).ToList();
        var rule = SqlText.Identifier(CleaningChain.RuleColumn);
        var names = $"CASE {rule} {string.Join(" ", quarantining.Select(r => $"WHEN {r.Index} THEN {SqlText.String(r.QuarantineRule)}"))} END";
        sql.Execute(QuarantineTable.InsertSql(context.Quarantine,
            $"SELECT {Pos}, {names}, {SqlText.Identifier(CleaningChain.ReasonColumn)}, {SqlText.Identifier(RawInput.Row)} FROM {verdicts} " +
            $"WHERE {rule} IN ({string.Join(", ", quarantining.Select(r => r.Index))}) ORDER BY {Pos}", context.RunId));
    }

    /// <summary>"position N: {json}" of one input row, for messages (looked up only when a message needs it).</summary>
    internal string? Example(TypedInput input, long? position)
    {
        if (position is not { } at) return null;
        var shown = $"concat('position ', {SqlText.Integer(at)}, ': ', left(CAST({input.RowJson.Sql(CleaningChain.Alias)} AS VARCHAR), 300))";
        return input.Order is { } order
            ? sql.String($"SELECT {shown} FROM {order.Lookup} AS {SqlText.Identifier(CleaningChain.Alias)} LIMIT 1 OFFSET {SqlText.Integer(at - order.Offset)}")
            : sql.String($"SELECT {shown} FROM {input.Relation} AS {SqlText.Identifier(CleaningChain.Alias)} WHERE {Col(RawInput.Position)} = {SqlText.Integer(at)}");
    }

    internal CleaningContext Context => context;
    internal void AddRule(RuleReport rule) => rules.Add(rule);

    /// <summary>Forgets the rules judged and warnings raised so far (a diagnosis judges several prefixes of the chain).</summary>
    internal void ForgetJudgement()
    {
        rules.Clear();
        warnings.Clear();
    }
    internal void AddWarning(RunWarning warning) => warnings.Add(warning);
}
