using System.Globalization;
using System.Text.RegularExpressions;
using Pulse.Compiler.Types;

namespace Pulse.Compiler.Binding;

/// <summary>
/// Compile-time checks and canonical text for constants: ISO dates and timestamps, regular
/// expressions, date/time patterns, and the value text formats the IR documents for literals.
/// </summary>
internal static class Constants
{
    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd",
    ];

    public static bool TryParseDate(string text, out DateOnly value, out string reason)
    {
        reason = "";
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value)) return true;
        reason = Regex.IsMatch(text, @"^\d{4}-\d{2}-\d{2}$") ? "no such day" : "expected yyyy-MM-dd";
        return false;
    }

    public static bool TryParseTimestamp(string text, out DateTimeOffset value, out string reason)
    {
        reason = "";
        if (DateTimeOffset.TryParseExact(text, TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value))
            return true;
        reason = Regex.IsMatch(text, @"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}") ? "no such date or time" : "expected yyyy-MM-ddTHH:mm:ss with an optional fraction and Z or ±hh:mm";
        return false;
    }

    /// <summary>The IR text of a date: <c>yyyy-MM-dd</c>.</summary>
    public static string FormatDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The IR text of a timestamp: ISO-8601 in UTC with <c>Z</c>, fractions only when present.</summary>
    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) + "Z";

    /// <summary>The IR text of a duration: whole milliseconds.</summary>
    public static string FormatDuration(TimeSpan value) => ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Checks a pattern for both engines that run it: .NET (the speed layer) and RE2 (DuckDB and
    /// Spark's Java engine share the common subset); look-around, back-references and atomic groups
    /// are rejected because RE2 lacks them (.NET already rejects possessive quantifiers).
    /// </summary>
    public static bool TryValidateRegex(string pattern, out string reason)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            reason = e.Message.Split('\n')[0].Trim();
            var colon = reason.LastIndexOf(" - ", StringComparison.Ordinal);
            if (colon >= 0) reason = reason[(colon + 3)..];
            reason = reason.TrimEnd('.');
            return false;
        }
        var unsupported = new (string Pattern, string What)[]
        {
            (@"\(\?<?[=!]", "look-around is"),
            (@"\(\?>", "an atomic group is"),
            (@"\\[1-9]|\\k<", "a back-reference is"),
        };
        foreach (var (check, what) in unsupported)
        {
            if (Regex.IsMatch(StripEscapedBackslashes(pattern), check))
            {
                reason = $"{what} not supported by RE2";
                return false;
            }
        }
        reason = "";
        return true;
    }

    private static string StripEscapedBackslashes(string pattern) => pattern.Replace(@"\\", "", StringComparison.Ordinal);

    /// <summary>
    /// Checks a date/time pattern (<c>dd/MM/yyyy</c>): only the letters y M d H h m s f F t z K stand
    /// for parts; any other letter must be quoted ('T'), because backends translate the pattern.
    /// </summary>
    public static bool TryValidateDateTimePattern(string pattern, out string reason)
    {
        if (pattern.Length == 0)
        {
            reason = "the pattern is empty";
            return false;
        }
        var quoted = false;
        var hasPart = false;
        foreach (var c in pattern)
        {
            if (c == '\'') { quoted = !quoted; continue; }
            if (quoted || !char.IsAsciiLetter(c)) continue;
            if ("yMdHhmsfFtzK".IndexOf(c) < 0)
            {
                reason = $"`{c}` is not a pattern letter";
                return false;
            }
            hasPart = true;
        }
        if (quoted)
        {
            reason = "a quote ' is not closed";
            return false;
        }
        if (!hasPart)
        {
            reason = "it has no date or time part";
            return false;
        }
        reason = "";
        return true;
    }

    /// <summary>The natural decimal type of an integer or decimal literal's digits (<c>0.45</c> → decimal(3, 2)).</summary>
    public static PulseType DecimalTypeOf(decimal value)
    {
        var scale = (value.Scale);
        var digits = decimal.Truncate(Math.Abs(value)).ToString(CultureInfo.InvariantCulture).TrimStart('0').Length;
        return TypeRules.CappedDecimal(Math.Max(digits, 1) + scale, scale);
    }
}
