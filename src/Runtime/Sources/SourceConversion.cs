using Pulse.Compiler.Ir;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Sources;

/// <summary>
/// Turns a <see cref="RawInput"/> into a typed table: the bookkeeping columns, then one column per
/// input field in schema order, with <see cref="RawInput.Error"/> set to every reason the row is
/// malformed (the reader's, or one per field that does not convert), joined by "; ".
/// </summary>
public static class SourceConversion
{
    public static string CreateTypedTableSql(RawInput raw, SourceIr source, string typedTable)
    {
        const string alias = "r";
        var values = new List<string>();
        var problems = new List<string>();
        foreach (var field in source.InputFields)
        {
            var rawValue = FieldConversion.RawValue(raw, field, alias);
            var value = FieldConversion.Value(raw.Family, rawValue, field.Type);
            values.Add(value + " AS " + SqlText.Identifier(field.Name));
            problems.Add(FieldConversion.Problem(field, FieldConversion.RawText(raw.Family, rawValue), value));
        }
        var readerError = SqlText.Identifier(alias) + "." + SqlText.Identifier(RawInput.Error);
        var fieldErrors = problems.Count == 0 ? "NULL" : $"NULLIF(concat_ws('; ', {SqlText.Join(problems)}), '')";
        var columns = new List<string>
        {
            SqlText.Identifier(alias) + "." + SqlText.Identifier(RawInput.Position),
            SqlText.Identifier(alias) + "." + SqlText.Identifier(RawInput.Row),
            $"(CASE WHEN {readerError} IS NOT NULL THEN {readerError} ELSE {fieldErrors} END) AS {SqlText.Identifier(RawInput.Error)}",
        };
        columns.AddRange(values);
        return $"CREATE TABLE {typedTable} AS SELECT {SqlText.Join(columns)} FROM {raw.Table} AS {SqlText.Identifier(alias)}";
    }
}
