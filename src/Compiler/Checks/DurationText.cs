using System.Globalization;

namespace Pulse.Compiler.Checks;

/// <summary>
/// Durations in messages, written as a spec would write them (one unit, so the text can be pasted
/// into the spec): whole hours as <c>27h</c> (also beyond a day, like the language reference's
/// examples), else minutes, seconds or milliseconds.
/// </summary>
public static class DurationText
{
    public static string Format(TimeSpan value)
    {
        var ms = (long)value.TotalMilliseconds;
        if (ms == 0) return "0s";
        string Text(long n, string unit) => n.ToString(CultureInfo.InvariantCulture) + unit;
        if (ms % 3_600_000 == 0) return Text(ms / 3_600_000, "h");
        if (ms % 60_000 == 0) return Text(ms / 60_000, "m");
        if (ms % 1_000 == 0) return Text(ms / 1_000, "s");
        return Text(ms, "ms");
    }
}
