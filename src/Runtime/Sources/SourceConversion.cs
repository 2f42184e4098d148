using Pulse.Compiler.Ir;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Sources;

/// <summary>
/// Turns a <see cref="RawInput"/> into typed rows: the bookkeeping columns, then one column per input
/// field in schema order, with <see cref="RawInput.Error"/> set to every reason the row is malformed
/// (the reader's, or one per field that does not convert), joined by "; ".
/// <see cref="Relation"/> is a query the cleaner scans once (nothing is materialized; the raw columns
/// the original row is rebuilt from ride along); <see cref="CreateTypedTableSql"/> materializes it with
/// the row as JSON, for callers that work on a table (quarantine replay).
/// </summary>
public static class SourceConversion
{
    private const string Alias = "r";
    private const string RawPrefix = "__pulse_raw_";
    private const string InputPrefix = "__pulse_in_";

    public static TypedInput Relation(RawInput raw, SourceIr source)
    {
        var rowColumns = raw.RowJson.Columns.Select((_, i) => RawPrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var fields = source.InputFields;

        // 1. The raw value of every field (for JSON, extracted once) and the row's raw columns.
        var read = new List<string> { Column(Alias, RawInput.Position), Column(Alias, RawInput.Error) };
        read.AddRange(raw.RowJson.Columns.Select((c, i) => $"{Column(Alias, c)} AS {SqlText.Identifier(rowColumns[i])}"));
        read.AddRange(fields.Select((f, i) => $"{FieldConversion.RawValue(raw, f, Alias)} AS {SqlText.Identifier(Input(i))}"));

        // 2. Converted values, each computed once.
        var convert = new List<string> { "*" };
        convert.AddRange(fields.Select((f, i) => $"{FieldConversion.Value(raw.Family, Column(Alias, Input(i)), f.Type)} AS {SqlText.Identifier(f.Name)}"));

        // 3. The error: the reader's, else the fields' problems (spelled out only for rows that have one).
        var problems = fields.Select((f, i) => (
            Test: FieldConversion.IsProblem(f, FieldConversion.RawText(raw.Family, Column(Alias, Input(i))), Column(Alias, f.Name)),
            Text: FieldConversion.Problem(f, FieldConversion.RawText(raw.Family, Column(Alias, Input(i))), Column(Alias, f.Name)))).ToList();
        var readerError = Column(Alias, RawInput.Error);
        var error = problems.Count == 0
            ? readerError
            : $"(CASE WHEN {readerError} IS NOT NULL THEN {readerError} WHEN {string.Join(" OR ", problems.Select(p => p.Test))} " +
              $"THEN NULLIF(concat_ws('; ', {SqlText.Join(problems.Select(p => p.Text))}), '') END)";
        var typed = new List<string> { Column(Alias, RawInput.Position), $"{error} AS {SqlText.Identifier(RawInput.Error)}" };
        typed.AddRange(fields.Select(f => Column(Alias, f.Name)));
        typed.AddRange(rowColumns.Select(c => Column(Alias, c)));

        var relation = $"(SELECT {SqlText.Join(typed)} FROM (SELECT {SqlText.Join(convert)} FROM " +
                       $"(SELECT {SqlText.Join(read)} FROM {raw.Table} AS {SqlText.Identifier(Alias)}) AS {SqlText.Identifier(Alias)}) AS {SqlText.Identifier(Alias)})";
        return new TypedInput(relation, new RowJson([.. rowColumns], raw.RowJson.Build))
        {
            Order = raw.Order is not { } order ? null : new InputOrder<TypedInput>(order.Offset,
                Relation(raw with { Table = order.Lookup, Order = null }, source).Relation,
                written => order.Confirm(written) is { } positioned ? Relation(positioned, source) : null,
                () => Relation(order.Positioned(), source)),
        };
    }

    /// <summary>A typed table: position, the original row as JSON, the error, then the fields.</summary>
    public static string CreateTypedTableSql(RawInput raw, SourceIr source, string typedTable)
    {
        // A table keeps its positions: a reader's in-place relation is materialized with them first.
        if (raw.Order is { } order) raw = order.Positioned();
        var input = Relation(raw, source);
        var columns = new List<string>
        {
            Column(Alias, RawInput.Position),
            $"{input.RowJson.Sql(Alias)} AS {SqlText.Identifier(RawInput.Row)}",
            Column(Alias, RawInput.Error),
        };
        columns.AddRange(source.InputFields.Select(f => Column(Alias, f.Name)));
        return $"{ScratchTables.Create(typedTable)} AS SELECT {SqlText.Join(columns)} FROM {input.Relation} AS {SqlText.Identifier(Alias)}";
    }

    private static string Input(int field) => InputPrefix + field.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Column(string alias, string name) => SqlText.Identifier(alias) + "." + SqlText.Identifier(name);
}
