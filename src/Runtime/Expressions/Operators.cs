using System.Numerics;

namespace Pulse.Runtime.Expressions;

/// <summary>
/// The operators of compiled expressions over nullable values, with SQL's null rules: arithmetic and
/// comparisons with a null operand are null; <c>and</c>/<c>or</c>/<c>not</c> use three-valued logic.
/// Integer arithmetic is checked (DuckDB raises on overflow; here the row fails and is quarantined);
/// division and modulo by zero are null, as in the batch SQL (<c>NULLIF(divisor, 0)</c>).
/// </summary>
public static class Operators
{
    public static T? Add<T>(T? a, T? b) where T : struct, INumber<T> => a is { } x && b is { } y ? checked(x + y) : null;
    public static T? Subtract<T>(T? a, T? b) where T : struct, INumber<T> => a is { } x && b is { } y ? checked(x - y) : null;
    public static T? Multiply<T>(T? a, T? b) where T : struct, INumber<T> => a is { } x && b is { } y ? checked(x * y) : null;
    public static T? Negate<T>(T? a) where T : struct, INumber<T> => a is { } x ? checked(-x) : null;

    /// <summary>Integers divide as integers, truncating toward zero (C#'s and the batch SQL's <c>//</c>).</summary>
    public static T? DivideExact<T>(T? a, T? b) where T : struct, INumber<T> =>
        a is { } x && b is { } y && !T.IsZero(y) ? checked(x / y) : null;

    public static T? Modulo<T>(T? a, T? b) where T : struct, INumber<T> =>
        a is { } x && b is { } y && !T.IsZero(y) ? x % y : null;

    /// <summary>
    /// Decimal division is done in double and converted back to the result's decimal type, because that
    /// is what DuckDB does with <c>DECIMAL / DECIMAL</c> (it yields a DOUBLE, which the batch SQL casts).
    /// </summary>
    public static decimal? DivideDecimal(decimal? a, decimal? b, int precision, int scale) =>
        a is { } x && b is { } y && y != 0 ? DecimalMath.FromDouble((double)x / (double)y, precision, scale) : null;

    public static string? Concat(string? a, string? b) => a is null || b is null ? null : a + b;

    public static DateTime? AddDuration(DateTime? a, TimeSpan? b) => a is { } x && b is { } y ? DateTime.SpecifyKind(x + y, DateTimeKind.Utc) : null;
    public static DateTime? SubtractDuration(DateTime? a, TimeSpan? b) => a is { } x && b is { } y ? DateTime.SpecifyKind(x - y, DateTimeKind.Utc) : null;
    public static TimeSpan? Difference(DateTime? a, DateTime? b) => a is { } x && b is { } y ? x - y : null;
    public static TimeSpan? AddSpans(TimeSpan? a, TimeSpan? b) => a is { } x && b is { } y ? x + y : null;
    public static TimeSpan? SubtractSpans(TimeSpan? a, TimeSpan? b) => a is { } x && b is { } y ? x - y : null;

    public static int? Compare<T>(T? a, T? b) where T : struct, IComparable<T> => a is { } x && b is { } y ? x.CompareTo(y) : null;
    public static int? CompareText(string? a, string? b) => a is null || b is null ? null : TextOrder.Compare(a, b);

    public static bool? Equal(int? order) => order is { } o ? o == 0 : null;
    public static bool? NotEqual(int? order) => order is { } o ? o != 0 : null;
    public static bool? Less(int? order) => order is { } o ? o < 0 : null;
    public static bool? LessOrEqual(int? order) => order is { } o ? o <= 0 : null;
    public static bool? Greater(int? order) => order is { } o ? o > 0 : null;
    public static bool? GreaterOrEqual(int? order) => order is { } o ? o >= 0 : null;

    public static bool? Not(bool? a) => a is { } x ? !x : null;

    /// <summary>The rest of <c>a and b</c> once <c>a</c> is known not to be false.</summary>
    public static bool? AndRest(bool? a, bool? b) => b == false ? false : a is null || b is null ? null : true;

    /// <summary>The rest of <c>a or b</c> once <c>a</c> is known not to be true.</summary>
    public static bool? OrRest(bool? a, bool? b) => b == true ? true : a is null || b is null ? null : false;

    /// <summary>SQL <c>x in (...)</c>: true on a match, else null when x or any candidate is null, else false.</summary>
    public static bool? In<T>(T? operand, T?[] candidates) where T : struct, IComparable<T>
    {
        if (operand is not { } x) return null;
        var sawNull = false;
        foreach (var candidate in candidates)
        {
            if (candidate is not { } c) sawNull = true;
            else if (x.CompareTo(c) == 0) return true;
        }
        return sawNull ? null : false;
    }

    public static bool? InText(string? operand, string?[] candidates)
    {
        if (operand is null) return null;
        var sawNull = false;
        foreach (var candidate in candidates)
        {
            if (candidate is null) sawNull = true;
            else if (string.Equals(operand, candidate, StringComparison.Ordinal)) return true;
        }
        return sawNull ? null : false;
    }

    /// <summary>Marks the places where a value must be converted to a narrower type (a CAST in the batch SQL): failure is an error.</summary>
    public static object Narrowed(object? converted, object original, string target) =>
        converted ?? throw new OverflowException($"{original} does not fit {target}");
}
