using System.Globalization;
using System.Text;

namespace Pulse.Compiler.Checks;

/// <summary>Durations as people write them in specs and read them in messages: 27h, 1h30m, 45s, 500ms.</summary>
public static class DurationText
{
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero) return "0s";
        var text = new StringBuilder();
        if (value < TimeSpan.Zero)
        {
            text.Append('-');
            value = value.Negate();
        }
        var hours = (long)value.TotalHours;
        if (hours > 0) text.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        if (value.Minutes > 0) text.Append(value.Minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        if (value.Seconds > 0) text.Append(value.Seconds.ToString(CultureInfo.InvariantCulture)).Append('s');
        if (value.Milliseconds > 0) text.Append(value.Milliseconds.ToString(CultureInfo.InvariantCulture)).Append("ms");
        return text.ToString();
    }
}
