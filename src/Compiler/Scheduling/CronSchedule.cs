using System.Globalization;

namespace Pulse.Compiler.Scheduling;

/// <summary>
/// A standard five-field cron expression (<c>minute hour day-of-month month day-of-week</c>) with
/// <c>*</c>, lists, ranges, steps, month and weekday names and the <c>@hourly @daily @weekly
/// @monthly @yearly</c> shorthands. Its purpose here is the serving contract: how long the batch
/// layer may go between two runs (<see cref="LongestInterval"/>).
/// </summary>
public sealed class CronSchedule
{
    private static readonly string[] MonthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    private static readonly Dictionary<string, string> Shorthands = new(StringComparer.OrdinalIgnoreCase)
    {
        ["@hourly"] = "0 * * * *",
        ["@daily"] = "0 0 * * *",
        ["@midnight"] = "0 0 * * *",
        ["@weekly"] = "0 0 * * 0",
        ["@monthly"] = "0 0 1 * *",
        ["@yearly"] = "0 0 1 1 *",
        ["@annually"] = "0 0 1 1 *",
    };

    private readonly bool[] minutes;
    private readonly bool[] hours;
    private readonly bool[] daysOfMonth;
    private readonly bool[] months;
    private readonly bool[] daysOfWeek;
    private readonly bool dayOfMonthRestricted;
    private readonly bool dayOfWeekRestricted;
    private TimeSpan? longestInterval;

    private CronSchedule(string text, bool[] minutes, bool[] hours, bool[] daysOfMonth, bool[] months, bool[] daysOfWeek, bool domRestricted, bool dowRestricted)
    {
        Text = text;
        this.minutes = minutes;
        this.hours = hours;
        this.daysOfMonth = daysOfMonth;
        this.months = months;
        this.daysOfWeek = daysOfWeek;
        dayOfMonthRestricted = domRestricted;
        dayOfWeekRestricted = dowRestricted;
    }

    public string Text { get; }

    /// <summary>Parses a cron expression; on failure <paramref name="error"/> says which field is wrong and why.</summary>
    public static bool TryParse(string text, out CronSchedule? schedule, out string? error)
    {
        // Specs are re-checked on every edit; the answer for a given text never changes.
        if (Cache.TryGetValue(text, out var cached))
        {
            (schedule, error) = cached;
            return schedule is not null;
        }
        var ok = TryParseUncached(text, out schedule, out error);
        if (Cache.Count < 1024) Cache[text] = (schedule, error);
        return ok;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (CronSchedule?, string?)> Cache = new(StringComparer.Ordinal);

    private static bool TryParseUncached(string text, out CronSchedule? schedule, out string? error)
    {
        schedule = null;
        var expanded = Shorthands.TryGetValue(text.Trim(), out var shorthand) ? shorthand : text;
        var fields = expanded.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            error = $"a cron expression has 5 fields (minute hour day-of-month month day-of-week), this one has {fields.Length}";
            return false;
        }
        if (!TryParseField(fields[0], "minute", 0, 59, null, out var minutes, out _, out error)
            || !TryParseField(fields[1], "hour", 0, 23, null, out var hours, out _, out error)
            || !TryParseField(fields[2], "day-of-month", 1, 31, null, out var dom, out var domRestricted, out error)
            || !TryParseField(fields[3], "month", 1, 12, MonthNames, out var months, out _, out error)
            || !TryParseField(fields[4], "day-of-week", 0, 7, DayNames, out var dow, out var dowRestricted, out error))
        {
            return false;
        }
        if (dow[7]) dow[0] = true; // 7 is Sunday too
        schedule = new CronSchedule(text, minutes, hours, dom, months, dow, domRestricted, dowRestricted);
        if (schedule.LongestInterval is null)
        {
            error = "the expression never fires (no such date)";
            schedule = null;
            return false;
        }
        return true;
    }

    private static bool TryParseField(string field, string name, int min, int max, string[]? names, out bool[] allowed, out bool restricted, out string? error)
    {
        allowed = new bool[max + 1];
        restricted = field != "*" && field != "?";
        error = null;
        foreach (var part in field.Split(','))
        {
            if (part.Length == 0) { error = $"empty item in the {name} field `{field}`"; return false; }
            var rangePart = part;
            var step = 1;
            var slash = part.IndexOf('/');
            if (slash >= 0)
            {
                rangePart = part[..slash];
                if (!int.TryParse(part[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1)
                {
                    error = $"invalid step `{part[(slash + 1)..]}` in the {name} field (a whole number from 1)";
                    return false;
                }
            }
            int low, high;
            if (rangePart is "*" or "?")
            {
                low = min;
                high = max == 7 ? 6 : max;
            }
            else
            {
                var dash = rangePart.IndexOf('-');
                var lowText = dash >= 0 ? rangePart[..dash] : rangePart;
                var highValid = true;
                high = 0;
                if (dash >= 0) highValid = TryValue(rangePart[(dash + 1)..], min, max, names, out high);
                if (!TryValue(lowText, min, max, names, out low) || !highValid)
                {
                    error = $"invalid {name} `{rangePart}` (allowed {min}-{max}{(names is null ? "" : ", or names " + names[0] + "-" + names[^1])})";
                    return false;
                }
                if (dash < 0) high = slash >= 0 ? (max == 7 ? 6 : max) : low;
                if (high < low)
                {
                    error = $"range `{rangePart}` in the {name} field runs backwards";
                    return false;
                }
            }
            for (var value = low; value <= high; value += step) allowed[value] = true;
        }
        return true;
    }

    private static bool TryValue(string text, int min, int max, string[]? names, out int value)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value)) return value >= min && value <= max;
        if (names is not null)
        {
            var index = Array.FindIndex(names, n => n.Equals(text, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                value = index + (min == 1 ? 1 : 0);
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The longest time between two consecutive firings. The Gregorian calendar repeats every 400
    /// years (146,097 days), so scanning one cycle day by day, with the firing times within a day,
    /// gives the exact answer (including leap-day-only schedules and the wrap into the next cycle).
    /// Null when the expression never fires.
    /// </summary>
    public TimeSpan? LongestInterval => longestInterval ??= ComputeLongestInterval();

    private TimeSpan? ComputeLongestInterval()
    {
        var timesOfDay = new List<int>();
        for (var h = 0; h < 24; h++)
            if (hours[h])
                for (var m = 0; m < 60; m++)
                    if (minutes[m]) timesOfDay.Add(h * 60 + m);
        if (timesOfDay.Count == 0) return null;
        var longestWithinDay = 0;
        for (var i = 1; i < timesOfDay.Count; i++) longestWithinDay = Math.Max(longestWithinDay, timesOfDay[i] - timesOfDay[i - 1]);

        if (!dayOfMonthRestricted && !dayOfWeekRestricted && months.Skip(1).All(m => m))
        {
            // Fires every day: the longest gap is within a day or across midnight.
            return TimeSpan.FromMinutes(Math.Max(longestWithinDay, 1440 - timesOfDay[^1] + timesOfDay[0]));
        }

        // Walk one 400-year cycle day by day, keeping the weekday by counting (no date arithmetic per day).
        const int cycleDays = 146_097;
        int? firstDay = null, previousDay = null;
        long longest = longestWithinDay;
        var offset = 0;
        var dayOfWeek = (int)new DateOnly(2001, 1, 1).DayOfWeek;
        for (var year = 2001; year < 2401; year++)
        {
            for (var month = 1; month <= 12; month++)
            {
                var days = DateTime.DaysInMonth(year, month);
                if (!months[month])
                {
                    offset += days;
                    dayOfWeek = (dayOfWeek + days) % 7;
                    continue;
                }
                for (var day = 1; day <= days; day++, offset++, dayOfWeek = (dayOfWeek + 1) % 7)
                {
                    if (!Fires(day, dayOfWeek)) continue;
                    firstDay ??= offset;
                    if (previousDay is { } prev)
                    {
                        long gap = (long)(offset - prev) * 1440 + timesOfDay[0] - timesOfDay[^1];
                        longest = Math.Max(longest, gap);
                    }
                    previousDay = offset;
                }
            }
        }
        if (firstDay is null) return null;
        long wrap = (long)(firstDay.Value + cycleDays - previousDay!.Value) * 1440 + timesOfDay[0] - timesOfDay[^1];
        longest = Math.Max(longest, wrap);
        return TimeSpan.FromMinutes(longest);
    }

    /// <summary>Standard cron day matching: when both day fields are restricted, either may match.</summary>
    private bool Fires(int dayOfMonth, int dayOfWeek)
    {
        var domMatch = daysOfMonth[dayOfMonth];
        var dowMatch = daysOfWeek[dayOfWeek];
        if (dayOfMonthRestricted && dayOfWeekRestricted) return domMatch || dowMatch;
        if (dayOfMonthRestricted) return domMatch;
        if (dayOfWeekRestricted) return dowMatch;
        return true;
    }
}
