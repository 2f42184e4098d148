using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Streaming.Sinks;

namespace Pulse.Runtime.Streaming;

public enum SpeedRunStatus
{
    /// <summary>The stream was read to the end (or the run was stopped on purpose) and everything was checkpointed.</summary>
    Succeeded,
    /// <summary>The run stopped on an error; results up to the last checkpoint are durable.</summary>
    Failed,
}

/// <summary>
/// A source's counts: <c>Read == Malformed + Kept + Dropped + Quarantined</c>. <see cref="CommittedOffsets"/> is
/// the next offset per partition at the last checkpoint; <see cref="OffsetsCommitted"/> counts how many
/// partition offsets the checkpoints moved.
/// </summary>
public sealed record SpeedSourceReport(string Name, string Topic, int Partitions, string Partitioning, long Read, long Parsed, long Malformed,
    long Kept, long Dropped, long Quarantined, long Checkpoints, long OffsetsCommitted,
    ImmutableSortedDictionary<int, long> CommittedOffsets, ImmutableArray<RuleReport> Rules, long? Replayed);

/// <summary>What a speed view did: late events by policy, windows (groups) emitted, rows emitted (after any filter), windows still open.</summary>
public sealed record SpeedViewReport(string Name, string Source, long Events, long Late, long LateDropped, long LateQuarantined, long LateLeftToBatch,
    long WindowsEmitted, long RowsEmitted, int OpenWindows);

/// <summary>What a speed-layer run did, for the CLI (a table, or <see cref="ToJson"/>) and for serving views (<see cref="Results"/>).</summary>
public sealed record SpeedRunResult(
    string Pipeline,
    string Environment,
    SpeedRunStatus Status,
    DateTimeOffset StartedAt,
    double Seconds,
    ImmutableArray<SpeedSourceReport> Sources,
    ImmutableArray<SpeedViewReport> Views,
    ImmutableArray<RunWarning> Warnings,
    RunError? Error,
    [property: JsonIgnore] SpeedResults Results)
{
    /// <summary>The local sinks of speed views (parquet, delta, elasticsearch, the embedded warehouse) and what they wrote.</summary>
    public ImmutableArray<SinkReport> Sinks { get; init; } = [];

    public SpeedSourceReport? Source(string name) => Sources.FirstOrDefault(s => s.Name == name);
    public SpeedViewReport? View(string name) => Views.FirstOrDefault(v => v.Name == name);

    public string ToJson() => JsonSerializer.Serialize(this, RunReport.JsonOptions).ReplaceLineEndings("\n");
}

public enum SpeedEventKind { Replayed, Assigned, Revoked, Checkpoint, Warning, Finished }

/// <summary>A progress event of the speed layer: what happened, to which source, and its events read so far.</summary>
public sealed record SpeedEvent(SpeedEventKind Kind, string Source, long Events, string? Message = null);
