using System.Globalization;

namespace Pulse.Runtime.Expressions;

/// <summary>
/// ISO-8601 dates and timestamps as the batch layer's DuckDB reads them (measured): surrounding
/// white space is ignored; a date is <c>yyyy-M-d</c>; a timestamp adds <c>T</c> or a space and
/// <c>H:mm[:ss[.fraction]]</c>, then optionally (only after seconds) <c>Z</c>, <c>UTC</c> or an offset
/// <c>±HH[:mm]</c>/<c>±HHmm</c>, converted to UTC; without a zone the time is UTC. Fractions keep
/// microseconds (DuckDB's resolution), the rest is truncated.
/// </summary>
public static class IsoTime
{
    private static readonly DateTime Epoch = DateTime.UnixEpoch;

    public static bool TryParseDate(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        text = text.Trim();
        var i = 0;
        if (!TryDate(text, ref i, out date)) return false;
        if (i == text.Length) return true;
        // DuckDB accepts a timestamp where a date is expected and keeps its date part.
        return TryParseTimestamp(text, out _);
    }

    public static bool TryParseTimestamp(ReadOnlySpan<char> text, out DateTime utc)
    {
        utc = default;
        text = text.Trim();
        var i = 0;
        if (!TryDate(text, ref i, out var date)) return false;
        if (i == text.Length) { utc = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc); return true; }
        if (text[i] is not ('T' or ' ')) return false;
        i++;
        if (!Digits(text, ref i, 1, 2, out var hour) || !Expect(text, ref i, ':') || !Digits(text, ref i, 2, 2, out var minute)) return false;
        int second = 0;
        long ticks = 0;
        var hasSeconds = false;
        if (i < text.Length && text[i] == ':')
        {
            i++;
            if (!Digits(text, ref i, 2, 2, out second)) return false;
            hasSeconds = true;
            if (i < text.Length && text[i] == '.')
            {
                i++;
                var start = i;
                long fraction = 0;
                var digits = 0;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    if (digits < 6) { fraction = fraction * 10 + (text[i] - '0'); digits++; }
                    i++;
                }
                if (i == start) return false;
                for (; digits < 6; digits++) fraction *= 10;
                ticks = fraction * TimeSpan.TicksPerMicrosecond;
            }
        }
        if (hour > 23 || minute > 59 || second > 59) return false;
        var offset = TimeSpan.Zero;
        if (i < text.Length)
        {
            if (!hasSeconds || !TryZone(text[i..], out offset)) return false;
        }
        var local = date.ToDateTime(new TimeOnly(hour, minute, second), DateTimeKind.Utc).AddTicks(ticks);
        utc = DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
        return true;
    }

    private static bool TryZone(ReadOnlySpan<char> zone, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        zone = zone.TrimStart(' ');
        if (zone is "Z" or "UTC" or "GMT") return true;
        if (zone.Length < 3 || zone[0] is not ('+' or '-')) return false;
        var sign = zone[0] == '-' ? -1 : 1;
        var i = 1;
        if (!Digits(zone, ref i, 2, 2, out var hours)) return false;
        var minutes = 0;
        if (i < zone.Length)
        {
            if (zone[i] == ':') i++;
            if (!Digits(zone, ref i, 2, 2, out minutes) || i != zone.Length) return false;
        }
        if (hours > 15 || minutes > 59) return false;
        offset = sign * new TimeSpan(hours, minutes, 0);
        return true;
    }

    private static bool TryDate(ReadOnlySpan<char> text, ref int i, out DateOnly date)
    {
        date = default;
        if (!Digits(text, ref i, 4, 4, out var year) || !Expect(text, ref i, '-') || !Digits(text, ref i, 1, 2, out var month)
            || !Expect(text, ref i, '-') || !Digits(text, ref i, 1, 2, out var day)) return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        date = new DateOnly(year, month, day);
        return true;
    }

    private static bool Expect(ReadOnlySpan<char> text, ref int i, char ch)
    {
        if (i >= text.Length || text[i] != ch) return false;
        i++;
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> text, ref int i, int min, int max, out int value)
    {
        value = 0;
        var count = 0;
        while (count < max && i < text.Length && char.IsAsciiDigit(text[i]))
        {
            value = value * 10 + (text[i] - '0');
            i++;
            count++;
        }
        return count >= min;
    }

    /// <summary>Microseconds since the Unix epoch (the unit window arithmetic uses, like the batch SQL).</summary>
    public static long ToMicros(DateTime utc) => (utc.Ticks - Epoch.Ticks) / TimeSpan.TicksPerMicrosecond;

    public static DateTime FromMicros(long micros) => new(Epoch.Ticks + micros * TimeSpan.TicksPerMicrosecond, DateTimeKind.Utc);

    /// <summary>ISO-8601 with Z, the form timestamps take in messages and the IR's literals.</summary>
    public static string Format(DateTime utc) =>
        utc.ToString(utc.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
