using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Sources;

/// <summary>
/// Converts one raw value to its field type in SQL, and says when the value is malformed: a non-null
/// raw value that does not convert, or null where the type is not nullable. Rules per family:
/// <list type="bullet">
/// <item>Text: integers must be digits with an optional sign (no "1.5", "1e3" or hex); decimals are rounded
/// to their scale (half away from zero); bools are true/false/1/0 in any case; dates are ISO yyyy-MM-dd;
/// timestamps ISO-8601, converted to UTC when they carry an offset and taken as UTC when not.</item>
/// <item>JSON: the JSON type must match (a number for numeric fields, a string for string, date and
/// timestamp fields, true/false for bool, an array for lists, an object for records); a JSON string
/// holding a number is malformed for a numeric field. Nested values that do not convert become null.</item>
/// <item>Typed: a plain cast.</item>
/// </list>
/// </summary>
public static class FieldConversion
{
    private const int ShownCharacters = 100;

    /// <summary>The raw SQL value of a field: its column, or its JSON value inside <c>_row</c>.</summary>
    public static string RawValue(RawInput input, InputField field, string alias) =>
        input.Family == RawFamily.Json
            ? $"json_extract({Column(alias, RawInput.Row)}, {SqlText.JsonKeyPath(field.ReadFrom)})"
            : Column(alias, input.ColumnOf[field.Name]);

    /// <summary>The raw value as text for messages; null when the value is absent or JSON null.</summary>
    public static string RawText(RawFamily family, string raw) => family switch
    {
        RawFamily.Json => $"(CASE WHEN {raw} IS NULL OR json_type({raw}) = 'NULL' THEN NULL WHEN json_type({raw}) = 'VARCHAR' THEN {raw} ->> '$' ELSE CAST({raw} AS VARCHAR) END)",
        RawFamily.Typed => $"CAST({raw} AS VARCHAR)",
        _ => raw,
    };

    public static string Value(RawFamily family, string raw, PulseType type) => family switch
    {
        RawFamily.Text => FromText(raw, type),
        RawFamily.Json => FromJson(raw, type),
        _ => type.Kind == TypeKind.Timestamp
            ? $"CAST(TRY_CAST({raw} AS TIMESTAMPTZ) AS TIMESTAMP)"
            : $"TRY_CAST({raw} AS {DuckDbTypes.Name(type)})",
    };

    /// <summary>True when the value is malformed (the condition under which <see cref="Problem"/> is not NULL).</summary>
    public static string IsProblem(InputField field, string rawText, string value) =>
        field.Type.Nullable
            ? $"({rawText} IS NOT NULL AND {value} IS NULL)"
            : $"({value} IS NULL)";

    /// <summary>The reason the value is malformed as a SQL string, or NULL when it is fine.</summary>
    public static string Problem(InputField field, string rawText, string value)
    {
        var column = field.ReadFrom == field.Name ? field.Name : $"{field.Name} (\"{field.ReadFrom}\")";
        var notConverted = $"concat({SqlText.String($"column {column}: '")}, left({rawText}, {ShownCharacters}), " +
                           $"{SqlText.String($"' is not a valid {field.Type.AsNonNullable()}")})";
        var missing = SqlText.String($"column {column} is missing or null but its type {field.Type} is not nullable");
        return $"(CASE WHEN {rawText} IS NOT NULL AND {value} IS NULL THEN {notConverted}" +
               (field.Type.Nullable ? "" : $" WHEN {rawText} IS NULL THEN {missing}") + " END)";
    }

    private static string FromText(string raw, PulseType type)
    {
        // DuckDB's trim() strips spaces only, and its casts skip surrounding white space themselves, so numbers
        // and dates are cast as they are (a trim per value cost as much as the cast) and the integer pattern
        // allows the spaces a trim would have removed.
        var trimmed = $"trim({raw})";
        return type.Kind switch
        {
            TypeKind.String => raw,
            TypeKind.Int or TypeKind.Long =>
                $"(CASE WHEN regexp_full_match({raw}, ' *[+-]?[0-9]+ *') THEN TRY_CAST({raw} AS {DuckDbTypes.Name(type)}) END)",
            TypeKind.Double or TypeKind.Decimal or TypeKind.Date => $"TRY_CAST({raw} AS {DuckDbTypes.Name(type)})",
            TypeKind.Bool => $"(CASE lower({trimmed}) WHEN 'true' THEN TRUE WHEN '1' THEN TRUE WHEN 'false' THEN FALSE WHEN '0' THEN FALSE END)",
            TypeKind.Timestamp => DuckDbExpressionWriter.TryCast(trimmed, PulseType.String, type),
            TypeKind.Json => $"(CASE WHEN json_valid({raw}) THEN CAST({raw} AS JSON) END)",
            TypeKind.List or TypeKind.Record => $"(CASE WHEN json_valid({raw}) THEN TRY_CAST(CAST({raw} AS JSON) AS {DuckDbTypes.Name(type)}) END)",
            _ => throw new NotSupportedException($"a source field cannot have type {type}"),
        };
    }

    private static string FromJson(string raw, PulseType type)
    {
        var kind = $"json_type({raw})";
        var text = $"CAST({raw} AS VARCHAR)";
        var unquoted = $"({raw} ->> '$')";
        return type.Kind switch
        {
            TypeKind.String => $"(CASE WHEN {kind} = 'VARCHAR' THEN {unquoted} END)",
            TypeKind.Int or TypeKind.Long => $"(CASE WHEN {kind} IN ('BIGINT', 'UBIGINT') THEN TRY_CAST({text} AS {DuckDbTypes.Name(type)}) END)",
            TypeKind.Double or TypeKind.Decimal => $"(CASE WHEN {kind} IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN TRY_CAST({text} AS {DuckDbTypes.Name(type)}) END)",
            TypeKind.Bool => $"(CASE WHEN {kind} = 'BOOLEAN' THEN TRY_CAST({text} AS BOOLEAN) END)",
            TypeKind.Date => $"(CASE WHEN {kind} = 'VARCHAR' THEN TRY_CAST({unquoted} AS DATE) END)",
            TypeKind.Timestamp => $"(CASE WHEN {kind} = 'VARCHAR' THEN {DuckDbExpressionWriter.TryCast(unquoted, PulseType.String, type)} END)",
            TypeKind.Json => $"(CASE WHEN {kind} <> 'NULL' THEN {raw} END)",
            TypeKind.List => $"(CASE WHEN {kind} = 'ARRAY' THEN TRY_CAST({raw} AS {DuckDbTypes.Name(type)}) END)",
            TypeKind.Record => $"(CASE WHEN {kind} = 'OBJECT' THEN TRY_CAST({raw} AS {DuckDbTypes.Name(type)}) END)",
            _ => throw new NotSupportedException($"a source field cannot have type {type}"),
        };
    }

    private static string Column(string alias, string name) => SqlText.Identifier(alias) + "." + SqlText.Identifier(name);
}
