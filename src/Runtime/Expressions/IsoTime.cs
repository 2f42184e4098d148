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

    /// <summary>
    /// <see cref="TryParseTimestamp(ReadOnlySpan{char}, out DateTime)"/> on UTF-8 text (an event's bytes), with the
    /// same results: the usual shape <c>yyyy-MM-ddTHH:mm:ss[.fraction]Z</c> is read straight from the bytes, any
    /// other through the text parser.
    /// </summary>
    public static bool TryParseTimestamp(ReadOnlySpan<byte> utf8, out DateTime utc)
    {
        if (TryCanonical(utf8, out utc)) return true;
        if (utf8.Length > 128) return TryParseTimestamp(System.Text.Encoding.UTF8.GetString(utf8), out utc);
        Span<char> text = stackalloc char[128];
        var length = System.Text.Encoding.UTF8.GetChars(utf8, text);
        return TryParseTimestamp(text[..length], out utc);
    }

    /// <summary>Only <c>yyyy-MM-ddTHH:mm:ss[.fraction]Z</c> with every field in range; false sends anything else to the full parser.</summary>
    private static bool TryCanonical(ReadOnlySpan<byte> t, out DateTime utc)
    {
        utc = default;
        if (t.Length < 20 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':' || t[^1] != 'Z') return false;
        if (!Two(t, 0, out var century) || !Two(t, 2, out var years) || !Two(t, 5, out var month) || !Two(t, 8, out var day)
            || !Two(t, 11, out var hour) || !Two(t, 14, out var minute) || !Two(t, 17, out var second)) return false;
        long fraction = 0;
        if (t.Length > 20)
        {
            // A fraction of at least one digit; microseconds are kept, the rest truncated (as the text parser does).
            if (t[19] != '.' || t.Length == 21) return false;
            var digits = 0;
            for (var i = 20; i < t.Length - 1; i++)
            {
                var digit = t[i] - (byte)'0';
                if ((uint)digit > 9) return false;
                if (digits < 6) { fraction = fraction * 10 + digit; digits++; }
            }
            for (; digits < 6; digits++) fraction *= 10;
        }
        var year = century * 100 + years;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return false;
        utc = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(fraction * TimeSpan.TicksPerMicrosecond);
        return true;
    }

    private static bool Two(ReadOnlySpan<byte> t, int at, out int value)
    {
        var (high, low) = (t[at] - (byte)'0', t[at + 1] - (byte)'0');
        value = high * 10 + low;
        return (uint)high <= 9 && (uint)low <= 9;
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
