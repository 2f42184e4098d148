using Pulse.Runtime.Streaming.Processing;
using Pulse.Runtime.Streaming.Sinks;

namespace Pulse.Runtime.Tests.StreamingFixtures;

/// <summary>Keeps every row and quarantined event a run checkpoints (no retention), for assertions.</summary>
public sealed class CapturingSink : ISpeedSink
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, List<object?[]>> rows = [];
    private readonly List<QuarantinedEvent> quarantined = [];

    public string Name => "capture";
    public IReadOnlyCollection<string> Views => [.. rows.Keys];
    public bool StoresOffsets => false;
    public int Checkpoints { get; private set; }

    public List<string> Rows(string view)
    {
        lock (gate) return rows.TryGetValue(view, out var list) ? [.. list.Select(RowText.Of)] : [];
    }

    public List<QuarantinedEvent> Quarantined
    {
        get { lock (gate) return [.. quarantined]; }
    }

    public Task PrepareAsync(CancellationToken cancellation) => Task.CompletedTask;

    public Task<StoredCheckpoint?> LoadAsync(string group, string topic, string shard, CancellationToken cancellation) => Task.FromResult<StoredCheckpoint?>(null);

    public Task WriteAsync(SpeedCheckpoint checkpoint, CancellationToken cancellation)
    {
        lock (gate)
        {
            Checkpoints++;
            foreach (var (view, emitted) in checkpoint.Output.Rows)
            {
                if (!rows.TryGetValue(view, out var list)) rows[view] = list = [];
                list.AddRange(emitted);
            }
            quarantined.AddRange(checkpoint.Output.Quarantined);
        }
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
