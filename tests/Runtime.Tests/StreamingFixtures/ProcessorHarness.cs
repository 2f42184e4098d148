using System.Globalization;
using System.Text;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Streaming.Processing;

namespace Pulse.Runtime.Tests.StreamingFixtures;

/// <summary>Drives a <see cref="SourceProcessor"/> directly (no Kafka): events per partition in arrival order, explicit watermarks, and everything emitted collected as text.</summary>
public sealed class ProcessorHarness
{
    private readonly Dictionary<int, long> offsets = [];

    public ProcessorHarness(SourceIr source, params ViewIr[] views)
    {
        Processor = new SourceProcessor(source, views, new DateTime(2024, 6, 1, 12, 0, 0, DateTimeKind.Utc));
    }

    public SourceProcessor Processor { get; }
    public Dictionary<string, List<string>> Rows { get; } = [];
    public List<QuarantinedEvent> Quarantined { get; } = [];

    public ProcessorHarness Event(string json, int partition = 0)
    {
        var offset = offsets.GetValueOrDefault(partition);
        offsets[partition] = offset + 1;
        Processor.Process(partition, offset, Encoding.UTF8.GetBytes(json));
        Processor.EmitDue();
        Collect();
        return this;
    }

    /// <summary>A small event of <see cref="StreamSpecs.Events"/>.</summary>
    public ProcessorHarness At(string time, string key = "k", long? amount = 1, int partition = 0) =>
        Event($"{{\"key\": \"{key}\", \"amount\": {(amount is null ? "null" : amount.Value.ToString(CultureInfo.InvariantCulture))}, \"ts\": \"{time}\"}}", partition);

    public ProcessorHarness Watermark(string time)
    {
        Processor.AdvanceTo(DateTime.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal));
        Processor.EmitDue();
        Collect();
        return this;
    }

    public ProcessorHarness Idle(int partition)
    {
        Processor.SetIdle(partition, true);
        Processor.EmitDue();
        Collect();
        return this;
    }

    public ProcessorHarness End()
    {
        Processor.EmitAll();
        Collect();
        return this;
    }

    public List<string> Of(string view) => Rows.GetValueOrDefault(view) ?? [];

    private void Collect()
    {
        var output = Processor.TakeOutput();
        foreach (var (view, rows) in output.Rows)
        {
            if (!Rows.TryGetValue(view, out var list)) Rows[view] = list = [];
            list.AddRange(rows.Select(RowText.Of));
        }
        Quarantined.AddRange(output.Quarantined);
    }
}

/// <summary>Rows as "a|b|c" text: timestamps ISO-8601 Z, decimals with their scale, null as ∅.</summary>
public static class RowText
{
    public static string Of(object?[] row) => string.Join("|", row.Select(Value));

    public static string Value(object? value) => value switch
    {
        null => "∅",
        DateTime t => t.ToString(t.Second == 0 && t.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm'Z'" : "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        DateTimeOffset t => Value(t.UtcDateTime),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
