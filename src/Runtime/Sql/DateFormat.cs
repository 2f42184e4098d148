using System.Text;

namespace Pulse.Runtime.Sql;

/// <summary>
/// Translates a Pulse date/time pattern (the .NET custom format letters: <c>yyyy-MM-dd</c>,
/// <c>dd/MM/yyyy HH:mm:ss</c>) into a DuckDB strptime format. Unknown letters are an error rather
/// than a silent mismatch; text in single quotes and any non-letter is literal.
/// </summary>
public static class DateFormat
{
    private static readonly (string Pattern, string Strptime)[] Tokens =
    [
        ("yyyy", "%Y"), ("yy", "%y"),
        ("MMMM", "%B"), ("MMM", "%b"), ("MM", "%m"), ("M", "%-m"),
        ("dddd", "%A"), ("ddd", "%a"), ("dd", "%d"), ("d", "%-d"),
        ("HH", "%H"), ("H", "%-H"), ("hh", "%I"), ("h", "%-I"),
        ("mm", "%M"), ("m", "%-M"), ("ss", "%S"), ("s", "%-S"),
        ("ffffff", "%f"), ("fff", "%g"),
        ("tt", "%p"), ("zzz", "%z"), ("K", "%z"),
    ];

    public static string ToStrptime(string pattern)
    {
        var result = new StringBuilder();
        var i = 0;
        while (i < pattern.Length)
        {
            var ch = pattern[i];
            if (ch == '\'')
            {
                var end = pattern.IndexOf('\'', i + 1);
                if (end < 0) throw new FormatException($"unterminated quoted text in date format \"{pattern}\"");
                AppendLiteral(result, pattern.AsSpan(i + 1, end - i - 1));
                i = end + 1;
                continue;
            }
            if (char.IsAsciiLetter(ch))
            {
                var token = Tokens.FirstOrDefault(t => string.CompareOrdinal(pattern, i, t.Pattern, 0, t.Pattern.Length) == 0);
                if (token.Pattern is null)
                    throw new FormatException($"unsupported letter '{ch}' in date format \"{pattern}\"; quote literal text with '...'");
                result.Append(token.Strptime);
                i += token.Pattern.Length;
                continue;
            }
            AppendLiteral(result, pattern.AsSpan(i, 1));
            i++;
        }
        return result.ToString();
    }

    private static void AppendLiteral(StringBuilder result, ReadOnlySpan<char> text)
    {
        foreach (var ch in text)
        {
            if (ch == '%') result.Append('%');
            result.Append(ch);
        }
    }

    /// <summary>True when the pattern carries a UTC offset, so the parsed value must be converted to UTC.</summary>
    public static bool HasOffset(string pattern) => pattern.Contains("zzz", StringComparison.Ordinal) || pattern.Contains('K');
}
