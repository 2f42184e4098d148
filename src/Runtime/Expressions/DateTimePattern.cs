using System.Globalization;

namespace Pulse.Runtime.Expressions;

/// <summary>
/// A Pulse date/time pattern (.NET custom format letters, e.g. <c>dd/MM/yyyy HH:mm</c>) compiled once
/// into a parser with the leniency of DuckDB's <c>strptime</c>, which the batch layer uses for the same
/// pattern (see Sql/DateFormat.cs): numbers may have fewer digits than the letters (<c>5/3/2024</c>
/// matches <c>dd/MM/yyyy</c>) and white space before a number is skipped; everything else, including
/// the end of the text, must match exactly. Letters outside the table are an error, not a guess.
/// </summary>
public sealed class DateTimePattern
{
    private enum Part { Literal, Year4, Year2, MonthName, MonthAbbrev, Month, DayName, DayAbbrev, Day, Hour24, Hour12, Minute, Second, Micros6, Millis3, AmPm, Offset }

    private static readonly (string Letters, Part Part, int MaxDigits)[] Tokens =
    [
        ("yyyy", Part.Year4, 4), ("yy", Part.Year2, 2),
        ("MMMM", Part.MonthName, 0), ("MMM", Part.MonthAbbrev, 0), ("MM", Part.Month, 2), ("M", Part.Month, 2),
        ("dddd", Part.DayName, 0), ("ddd", Part.DayAbbrev, 0), ("dd", Part.Day, 2), ("d", Part.Day, 2),
        ("HH", Part.Hour24, 2), ("H", Part.Hour24, 2), ("hh", Part.Hour12, 2), ("h", Part.Hour12, 2),
        ("mm", Part.Minute, 2), ("m", Part.Minute, 2), ("ss", Part.Second, 2), ("s", Part.Second, 2),
        ("ffffff", Part.Micros6, 6), ("fff", Part.Millis3, 3),
        ("tt", Part.AmPm, 0), ("zzz", Part.Offset, 0), ("K", Part.Offset, 0),
    ];

    private readonly List<(Part Part, int MaxDigits, string Literal)> parts = [];

    public string Pattern { get; }

    public DateTimePattern(string pattern)
    {
        Pattern = pattern;
        var i = 0;
        while (i < pattern.Length)
        {
            var ch = pattern[i];
            if (ch == '\'')
            {
                var end = pattern.IndexOf('\'', i + 1);
                if (end < 0) throw new FormatException($"unterminated quoted text in date format \"{pattern}\"");
                AddLiteral(pattern[(i + 1)..end]);
                i = end + 1;
                continue;
            }
            if (char.IsAsciiLetter(ch))
            {
                var token = Tokens.FirstOrDefault(t => string.CompareOrdinal(pattern, i, t.Letters, 0, t.Letters.Length) == 0);
                if (token.Letters is null)
                    throw new FormatException($"unsupported letter '{ch}' in date format \"{pattern}\"; quote literal text with '...'");
                parts.Add((token.Part, token.MaxDigits, ""));
                i += token.Letters.Length;
                continue;
            }
            AddLiteral(ch.ToString());
            i++;
        }
    }

    private void AddLiteral(string text)
    {
        if (text.Length == 0) return;
        if (parts.Count > 0 && parts[^1].Part == Part.Literal) parts[^1] = (Part.Literal, 0, parts[^1].Literal + text);
        else parts.Add((Part.Literal, 0, text));
    }

    public bool TryParseDate(string text, out DateOnly date)
    {
        date = default;
        if (!TryParse(text, out var utc)) return false;
        date = DateOnly.FromDateTime(utc);
        return true;
    }

    public bool TryParse(string text, out DateTime utc)
    {
        utc = default;
        int year = 1900, month = 1, day = 1, hour = 0, minute = 0, second = 0;
        long micros = 0;
        bool? pm = null;
        var offset = TimeSpan.Zero;
        var i = 0;
        foreach (var (part, maxDigits, literal) in parts)
        {
            switch (part)
            {
                case Part.Literal:
                    if (i + literal.Length > text.Length || string.CompareOrdinal(text, i, literal, 0, literal.Length) != 0) return false;
                    i += literal.Length;
                    break;
                case Part.MonthName or Part.MonthAbbrev:
                    if (!Name(text, ref i, part == Part.MonthName ? CultureInfo.InvariantCulture.DateTimeFormat.MonthNames : CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedMonthNames, out var m)) return false;
                    month = m + 1;
                    break;
                case Part.DayName or Part.DayAbbrev:
                    if (!Name(text, ref i, part == Part.DayName ? CultureInfo.InvariantCulture.DateTimeFormat.DayNames : CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedDayNames, out _)) return false;
                    break;
                case Part.AmPm:
                    if (!Name(text, ref i, ["AM", "PM"], out var half)) return false;
                    pm = half == 1;
                    break;
                case Part.Offset:
                    if (!Offset(text, ref i, out offset)) return false;
                    break;
                default:
                    while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
                    if (!Number(text, ref i, maxDigits, out var value)) return false;
                    switch (part)
                    {
                        case Part.Year4: year = (int)value; break;
                        case Part.Year2: year = value < 69 ? 2000 + (int)value : 1900 + (int)value; break;
                        case Part.Month: month = (int)value; break;
                        case Part.Day: day = (int)value; break;
                        case Part.Hour24 or Part.Hour12: hour = (int)value; break;
                        case Part.Minute: minute = (int)value; break;
                        case Part.Second: second = (int)value; break;
                        case Part.Micros6: micros = value; break;
                        case Part.Millis3: micros = value * 1000; break;
                    }
                    break;
            }
        }
        if (i != text.Length) return false;
        if (pm is { } afternoon)
        {
            if (hour is < 1 or > 12) return false;
            hour = hour % 12 + (afternoon ? 12 : 0);
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return false;
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(micros * TimeSpan.TicksPerMicrosecond);
        utc = DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
        return true;
    }

    private static bool Number(string text, ref int i, int maxDigits, out long value)
    {
        value = 0;
        var start = i;
        while (i < text.Length && i - start < maxDigits && char.IsAsciiDigit(text[i])) value = value * 10 + (text[i++] - '0');
        return i > start;
    }

    private static bool Name(string text, ref int i, string[] names, out int index)
    {
        for (index = 0; index < names.Length; index++)
        {
            var name = names[index];
            if (name.Length > 0 && i + name.Length <= text.Length && string.Compare(text, i, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0)
            {
                i += name.Length;
                return true;
            }
        }
        return false;
    }

    private static bool Offset(string text, ref int i, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        // Like strptime's %z (what the batch layer uses for zzz and K): a signed offset, not "Z".
        if (i >= text.Length || text[i] is not ('+' or '-')) return false;
        var sign = text[i] == '-' ? -1 : 1;
        i++;
        if (!Number(text, ref i, 2, out var hours)) return false;
        long minutes = 0;
        if (i < text.Length && text[i] == ':') i++;
        if (i < text.Length && char.IsAsciiDigit(text[i]) && !Number(text, ref i, 2, out minutes)) return false;
        offset = sign * new TimeSpan((int)hours, (int)minutes, 0);
        return true;
    }
}
