using System.Globalization;
using System.Text;

namespace Pulse.Bench.Speed;

/// <summary>
/// The speed suite's events: page views as NDJSON, in event-time order with up to 2 s of jitter (well
/// inside the source's 30 s watermark, so nothing is late), 10 ms apart, over 60 pages written in mixed
/// case (lower). Defects, by design: 1% without a duration (filled), 0.5% negative durations
/// (quarantined by the expectation) and 0.1% lines cut short (malformed). Deterministic; cached.
/// </summary>
public static class ClickEvents
{
    private const string Version = "v1";
    private static readonly DateTime Start = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static string Prepare(long events, string folder, Action<string> log)
    {
        var path = Path.Combine(folder, $"clicks-{Version}-{events.ToString(CultureInfo.InvariantCulture)}.ndjson");
        if (File.Exists(path)) return path;
        log($"generating {events:#,0} click events in {path} (cached for later runs)");
        var partial = path + ".partial";
        using (var writer = new StreamWriter(partial, false, new UTF8Encoding(false), 1 << 20))
        {
            var line = new StringBuilder(128);
            for (long i = 0; i < events; i++)
            {
                line.Clear();
                var visitor = Hash(i, 1) % 50_000;
                var page = Hash(i, 2) % 60;
                var ts = Start.AddTicks(i * 10 * TimeSpan.TicksPerMillisecond - (long)(Hash(i, 3) % 2000) * TimeSpan.TicksPerMillisecond);
                line.Append("{\"visitor_id\":\"v").Append(visitor).Append("\",\"page\":\"")
                    .Append(page % 3 == 0 ? "/Docs/Page-" : "/shop/item-").Append(page).Append('"');
                var defect = Hash(i, 4) % 1000;
                if (defect >= 10) // 1% have no duration
                {
                    var duration = defect < 15 ? -(long)(Hash(i, 5) % 1000) - 1 : (long)(Hash(i, 5) % 60_000);
                    line.Append(",\"duration_ms\":").Append(duration);
                }
                line.Append(",\"ts\":\"").Append(ts.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)).Append("\"}");
                var text = defect is >= 20 and < 21 ? line.ToString(0, line.Length / 2) : line.ToString(); // 0.1% cut short
                writer.Write(text);
                writer.Write('\n');
            }
        }
        File.Move(partial, path);
        return path;
    }

    private static ulong Hash(long i, int salt) => (ulong)((i + salt * 1_000_003L) * 2654435761L % 4294967291L);
}
