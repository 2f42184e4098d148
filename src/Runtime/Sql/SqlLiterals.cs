using System.Globalization;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;

namespace Pulse.Runtime.Sql;

/// <summary>
/// Writes IR constants as DuckDB literals. Every value is re-parsed with the invariant culture and
/// re-formatted before it reaches SQL, so a malformed IR value is an error here, never injected text.
/// </summary>
public static class SqlLiterals
{
    public static string Write(LiteralExpr literal)
    {
        if (literal.Type.Kind == TypeKind.List)
        {
            var items = literal.Items.IsDefault ? [] : literal.Items;
            return items.Length == 0
                ? $"CAST([] AS {DuckDbTypes.Name(literal.Type)})"
                : "[" + string.Join(", ", items.Select(i => i is LiteralExpr item ? Write(item) : throw new NotSupportedException("a list literal holds only constants"))) + "]";
        }
        if (literal.Value is null) return literal.Type.Kind == TypeKind.Null ? "NULL" : $"CAST(NULL AS {DuckDbTypes.Name(literal.Type)})";
        return Scalar(literal.Type, literal.Value);
    }

    public static string Scalar(PulseType type, string value) => type.Kind switch
    {
        TypeKind.String => SqlText.String(value),
        TypeKind.Json => $"CAST({SqlText.String(value)} AS JSON)",
        TypeKind.Int => $"CAST({ParseInteger(value)} AS INTEGER)",
        TypeKind.Long => $"CAST({ParseInteger(value)} AS BIGINT)",
        TypeKind.Decimal => $"CAST({SqlText.String(ParseDecimal(value))} AS {DuckDbTypes.Name(type)})",
        TypeKind.Double => $"CAST({SqlText.String(ParseDouble(value))} AS DOUBLE)",
        TypeKind.Bool => SqlText.Bool(ParseBool(value)),
        TypeKind.Date => Date(DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture)),
        TypeKind.Timestamp => Timestamp(ParseTimestamp(value)),
        TypeKind.Duration => Duration(TimeSpan.FromMilliseconds(long.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture))),
        _ => throw new NotSupportedException($"no literal of type {type}"),
    };

    public static string Date(DateOnly date) => "DATE " + SqlText.String(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    public static string Timestamp(DateTimeOffset instant) =>
        "TIMESTAMP " + SqlText.String(instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture));

    /// <summary>Durations become whole microseconds so that window arithmetic stays exact.</summary>
    public static string Duration(TimeSpan duration) => $"to_microseconds(CAST({Microseconds(duration)} AS BIGINT))";

    public static long Microseconds(TimeSpan duration) => duration.Ticks / TimeSpan.TicksPerMicrosecond;

    /// <summary>ISO-8601 text: with an offset or Z it is converted to UTC; without, it is taken as UTC.</summary>
    public static DateTimeOffset ParseTimestamp(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static string ParseInteger(string value) =>
        long.Parse(value.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)
            .ToString(CultureInfo.InvariantCulture);

    private static string ParseDecimal(string value) =>
        decimal.Parse(value.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture)
            .ToString(CultureInfo.InvariantCulture);

    private static string ParseDouble(string value) =>
        double.Parse(value.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture)
            .ToString("R", CultureInfo.InvariantCulture);

    private static bool ParseBool(string value) => value switch
    {
        "true" => true,
        "false" => false,
        _ => throw new FormatException($"'{value}' is not a bool literal"),
    };
}
