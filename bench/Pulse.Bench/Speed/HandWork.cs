using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pulse.Bench.Speed;

/// <summary>
/// The hand-written consumer's work on one event, apart from Kafka and PostgreSQL (so the suite's
/// processing-only mode can time it next to the speed layer's <c>SourceProcessor</c> on the same bytes):
/// System.Text.Json deserializes the event, the cleaning is inline (lower, fill, the duration rule;
/// unparsable or incomplete events are quarantined), a Dictionary holds one accumulator per (page, minute).
/// </summary>
public sealed class HandWork
{
    public sealed class Click
    {
        [JsonPropertyName("visitor_id")] public string? VisitorId { get; set; }
        [JsonPropertyName("page")] public string? Page { get; set; }
        [JsonPropertyName("duration_ms")] public int? DurationMs { get; set; }
        [JsonPropertyName("ts")] public DateTimeOffset? Ts { get; set; }
    }

    public sealed class Window
    {
        public long Views;
        public long TotalMs;
        public int Longest = int.MinValue;
    }

    public Dictionary<(string Page, long Start), Window> Windows { get; } = [];
    public List<(int Partition, long Offset, string Reason, byte[] Event)> Quarantined { get; } = [];
    public long Read { get; private set; }
    public long Kept { get; private set; }

    public void Handle(int partition, long offset, byte[] value)
    {
        Read++;
        Click? click;
        try { click = JsonSerializer.Deserialize<Click>(value); }
        catch (JsonException e)
        {
            Quarantined.Add((partition, offset, "not JSON: " + e.Message, value));
            return;
        }
        if (click is not { VisitorId: not null, Page: not null, Ts: not null })
        {
            Quarantined.Add((partition, offset, "visitor_id, page or ts missing", value));
            return;
        }
        var duration = click.DurationMs ?? 0;
        if (duration is < 0 or > 3_600_000)
        {
            Quarantined.Add((partition, offset, "sane_duration: duration_ms between 0 and 3600000", value));
            return;
        }
        Kept++;
        var ticks = click.Ts.Value.UtcTicks;
        var key = (click.Page.ToLowerInvariant(), ticks - ticks % TimeSpan.TicksPerMinute);
        if (!Windows.TryGetValue(key, out var window)) Windows[key] = window = new Window();
        window.Views++;
        window.TotalMs += duration;
        if (duration > window.Longest) window.Longest = duration;
    }
}
