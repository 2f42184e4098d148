using System.Collections.Immutable;
using Pulse.Compiler.Ir;

namespace Pulse.Targets.Spark;

/// <summary>What a job is for: a batch view, a speed view (Structured Streaming) or a serving view's merge.</summary>
public enum SparkJobKind { Batch, Speed, Serving }

/// <summary>
/// One Spark job project (<c>build/spark/&lt;slug&gt;/</c>): the view it computes, the cleaned sources
/// and the view tables it reads, and the sinks it writes. Built from the IR by <see cref="SparkJobParser"/>;
/// <see cref="SparkJobEmitter"/> turns it into files.
/// </summary>
public sealed record SparkJob(
    string Pipeline,
    string SpecFile,
    SparkJobKind Kind,
    ViewIr View,
    string Slug,
    /// <summary>Sources this job reads and cleans, each after the sources its reference rules read.</summary>
    ImmutableArray<SparkSourcePlan> Sources,
    ImmutableArray<SparkSinkPlan> Sinks,
    /// <summary>Views read from their Delta tables, by name, with their layer.</summary>
    ImmutableDictionary<string, ViewLayer> ViewLayers)
{
    public bool IsStreaming => Kind == SparkJobKind.Speed;

    /// <summary>
    /// For a speed job whose view streams another speed view's Delta table: the watermark delay of its windowed
    /// group by (see <see cref="SparkSpeedChains"/>); null otherwise.
    /// </summary>
    public TimeSpan? ViewStreamWatermark { get; init; }
    public bool NeedsNpgsql => Sinks.Any(s => s.Sink.Kind == SinkKind.Postgres && s.Sink.Mode == WriteMode.Upsert);
}

/// <summary>A source as the job reads it; <see cref="Connection"/> is set for database, search, HTTP and Kafka sources.</summary>
public sealed record SparkSourcePlan(SourceIr Source, SparkConnection? Connection, bool Streaming,
    /// <summary>Event-time delay (watermark plus allowed lateness) for streaming reads.</summary>
    TimeSpan? WatermarkDelay, LatePolicy Late)
{
    public string Slug => SparkNames.Slug(Source.Name);
}

/// <summary>A connection's settings as the generated job resolves them at run time.</summary>
public sealed record SparkConnection(string Name, ConnectionKind Kind, ImmutableSortedDictionary<string, SettingValue> Settings)
{
    public SettingValue? Setting(string key) => Settings.TryGetValue(key, out var value) ? value : null;
}

public sealed record SparkSinkPlan(SinkIr Sink, SparkConnection? Connection)
{
    public string Slug => SparkNames.Slug(Sink.Name);
}
