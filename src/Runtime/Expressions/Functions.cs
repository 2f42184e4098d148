using System.Text;
using System.Text.RegularExpressions;

namespace Pulse.Runtime.Expressions;

/// <summary>
/// The scalar functions of docs/language.md as the compiled expressions call them. Null in, null out,
/// except where the language says otherwise (<c>concat</c>). The semantics are the batch layer's
/// (Sql/FunctionSql.cs): code-point based <c>substring</c> and <c>length</c>, <c>trim</c> of Unicode
/// white space, <c>round</c> half away from zero, <c>date_trunc("week")</c> to Monday, all in UTC.
/// </summary>
public static class Functions
{
    public static string? Trim(string? text) => text?.Trim();
    public static string? Lower(string? text) => text?.ToLowerInvariant();
    public static string? Upper(string? text) => text?.ToUpperInvariant();

    public static string? Substring(string? text, int? start, int? length, bool hasLength)
    {
        if (text is null || start is null || (hasLength && length is null)) return null;
        long first = Math.Max(start.Value, 1);
        long count;
        if (!hasLength) count = long.MaxValue;
        else if (length!.Value < 0) return "";
        else count = Math.Max((long)start.Value + length.Value - first, 0);
        return CodePointSlice(text, first - 1, count);
    }

    private static string CodePointSlice(string text, long skip, long take)
    {
        if (!text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            if (skip >= text.Length) return "";
            return text.Substring((int)skip, (int)Math.Min(take, text.Length - skip));
        }
        var result = new StringBuilder();
        long index = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (index >= skip && index - skip < take) result.Append(rune.ToString());
            index++;
        }
        return result.ToString();
    }

    public static string? Replace(string? text, string? find, string? with)
    {
        if (text is null || find is null || with is null) return null;
        return find.Length == 0 ? text : text.Replace(find, with, StringComparison.Ordinal);
    }

    public static bool? RegexMatch(string? text, Regex pattern) => text is null ? null : pattern.IsMatch(text);

    /// <summary>A regex with RE2-like guarantees (DuckDB uses RE2): linear time, no backtracking.</summary>
    public static Regex BuildRegex(string pattern)
    {
        try { return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking); }
        catch (NotSupportedException) { return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)); }
    }

    public static string Concat(string?[] parts) => string.Concat(parts);

    public static int? Length(string? text) => text is null ? null : TextOrder.CodePoints(text);

    public static int? Round(int? value, int? digits) => value is { } v && digits is { } d ? checked((int)DecimalMath.Round(v, d)) : null;
    public static long? Round(long? value, int? digits) => value is { } v && digits is { } d ? DecimalMath.Round(v, d) : null;
    public static double? Round(double? value, int? digits) => value is { } v && digits is { } d ? DecimalMath.Round(v, d) : null;
    public static decimal? Round(decimal? value, int? digits) => value is { } v && digits is { } d ? DecimalMath.Round(v, d) : null;

    public static int? Abs(int? value) => value is { } v ? checked(Math.Abs(v)) : null;
    public static long? Abs(long? value) => value is { } v ? checked(Math.Abs(v)) : null;
    public static double? Abs(double? value) => value is { } v ? Math.Abs(v) : null;
    public static decimal? Abs(decimal? value) => value is { } v ? Math.Abs(v) : null;

    public static double? Floor(double? value) => value is { } v ? Math.Floor(v) : null;
    public static decimal? Floor(decimal? value) => value is { } v ? decimal.Floor(v) : null;
    public static double? Ceil(double? value) => value is { } v ? Math.Ceiling(v) : null;
    public static decimal? Ceil(decimal? value) => value is { } v ? decimal.Ceiling(v) : null;

    public static int? Year(DateOnly? value) => value?.Year;
    public static int? Year(DateTime? value) => value?.Year;
    public static int? Month(DateOnly? value) => value?.Month;
    public static int? Month(DateTime? value) => value?.Month;
    public static int? Day(DateOnly? value) => value?.Day;
    public static int? Day(DateTime? value) => value?.Day;

    public static DateTime? DateTrunc(string? unit, DateTime? value)
    {
        if (unit is null || value is not { } t) return null;
        return unit switch
        {
            "hour" => new DateTime(t.Year, t.Month, t.Day, t.Hour, 0, 0, DateTimeKind.Utc),
            "day" => new DateTime(t.Year, t.Month, t.Day, 0, 0, 0, DateTimeKind.Utc),
            "week" => new DateTime(t.Year, t.Month, t.Day, 0, 0, 0, DateTimeKind.Utc).AddDays(-(((int)t.DayOfWeek + 6) % 7)),
            "month" => new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Utc),
            "year" => new DateTime(t.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            _ => throw new ArgumentException($"date_trunc unit \"{unit}\" is not one of hour, day, week, month, year"),
        };
    }

    public static DateOnly? ParseDate(string? text, DateTimePattern pattern) => text is not null && pattern.TryParseDate(text, out var d) ? d : null;
    public static DateTime? ParseTimestamp(string? text, DateTimePattern pattern) => text is not null && pattern.TryParse(text, out var t) ? t : null;
    public static DateOnly? DateOf(string? text) => text is not null && IsoTime.TryParseDate(text, out var d) ? d : null;
    public static DateTime? TimestampOf(string? text) => text is not null && IsoTime.TryParseTimestamp(text, out var t) ? t : null;
}
