using System.Globalization;
using System.Text.Json;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Runtime.Expressions;

namespace Pulse.Runtime.Testing;

/// <summary>
/// Brings expected constants and the values DuckDB returns to one form per column type so they compare
/// exactly: integers as long, decimals rounded to the column's scale, dates as DateOnly, timestamps as UTC
/// DateTime, nested values as JSON text. Doubles compare with a relative tolerance of 1e-9 because the
/// literal 0.45 and an average computed in floating point differ in the last bits.
/// </summary>
internal static class TestValues
{
    public static object? Expected(LiteralExpr literal, PulseType column) => Normalize(Literals.Value(literal), column);

    public static object? Normalize(object? value, PulseType type)
    {
        if (value is null or DBNull) return null;
        return type.Kind switch
        {
            TypeKind.Int or TypeKind.Long => Convert.ToInt64(value, CultureInfo.InvariantCulture),
            TypeKind.Decimal => AtScale(Convert.ToDecimal(value, CultureInfo.InvariantCulture), type.Scale),
            TypeKind.Double => Convert.ToDouble(value, CultureInfo.InvariantCulture),
            TypeKind.Date => value switch
            {
                DateOnly d => d,
                DateTime t => DateOnly.FromDateTime(t),
                _ => value,
            },
            TypeKind.Timestamp => value switch
            {
                DateTime t => t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : DateTime.SpecifyKind(t, DateTimeKind.Utc),
                DateTimeOffset t => t.UtcDateTime,
                _ => value,
            },
            TypeKind.String or TypeKind.Bool or TypeKind.Duration => value,
            _ => value is string text ? text : JsonSerializer.Serialize(value),
        };
    }

    /// <summary>Rounded to the scale and written with exactly that many digits (10 and 10.00 both become 10.00).</summary>
    private static decimal AtScale(decimal value, int scale) =>
        decimal.Parse(Math.Round(value, scale, MidpointRounding.AwayFromZero).ToString("F" + scale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            CultureInfo.InvariantCulture);

    public static bool Same(object? expected, object? actual) => (expected, actual) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (double x, double y) => x.Equals(y) || Math.Abs(x - y) <= 1e-9 * Math.Max(Math.Abs(x), Math.Abs(y)),
        _ => expected.Equals(actual),
    };

    public static string Text(object? value) => ValueText.Json(value);
}
