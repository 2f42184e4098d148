using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pulse.Runtime.Execution;

public enum RunStatus
{
    /// <summary>Every table was published and every sink written.</summary>
    Succeeded,
    /// <summary>The state was published but at least one sink failed (see <see cref="SinkReport.Error"/>).</summary>
    SinkFailed,
    /// <summary>Nothing was published: the previous outputs are unchanged.</summary>
    Failed,
}

public enum RuleOutcome { Passed, Warned, Failed }

/// <summary>
/// One cleaning step or expectation of a source. <see cref="Checked"/> rows reached it; of those,
/// <see cref="Violations"/> matched it and were <see cref="Dropped"/>, <see cref="Quarantined"/> or kept
/// as <see cref="Failed"/> (warn/fail rules within tolerance). For row_count and freshness,
/// <see cref="Violations"/> is 0 or 1 and <see cref="Detail"/> says what was observed.
/// </summary>
public sealed record RuleReport(string Rule, string Kind, long Checked, long Violations, long Dropped, long Quarantined, long Failed,
    RuleOutcome Outcome, string? Detail);

/// <summary>A source's accounting: <c>Read == Kept + Dropped + Quarantined</c> always holds.</summary>
public sealed record SourceReport(string Name, string Format, long Read, long Kept, long Dropped, long Quarantined,
    /// <summary>Kept rows that violated at least one warn/fail expectation.</summary>
    long Failed,
    ImmutableArray<RuleReport> Rules, double Seconds);

public sealed record ViewReport(string Name, string Layer, long Rows, double Seconds, Batch.IncrementalRun? Incremental = null);

public sealed record SinkReport(string Name, string Kind, string Target, long RowsWritten, long RowsRejected, double Seconds, string? Error, bool Skipped = false);

/// <summary>
/// What a batch run did, as a plain record the CLI renders as a table or serializes with
/// <see cref="ToJson"/>. Lists are in execution order, which is deterministic.
/// </summary>
public sealed record RunReport(
    string RunId,
    string Pipeline,
    string Environment,
    RunStatus Status,
    DateTimeOffset StartedAt,
    double Seconds,
    string StateDatabase,
    ImmutableArray<SourceReport> Sources,
    ImmutableArray<ViewReport> Views,
    ImmutableArray<SinkReport> Sinks,
    ImmutableArray<RunWarning> Warnings,
    RunError? Error)
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions).ReplaceLineEndings("\n");

    public SourceReport? Source(string name) => Sources.FirstOrDefault(s => s.Name == name);
    public ViewReport? View(string name) => Views.FirstOrDefault(v => v.Name == name);
    public SinkReport? Sink(string name) => Sinks.FirstOrDefault(s => s.Name == name);
}

public enum RunEventKind { SourceLoading, SourceCleaned, ViewComputed, Published, SinkWritten, Warning }

/// <summary>A progress event: what happened, to which source/view/sink, and its row count so far.</summary>
public sealed record RunEvent(RunEventKind Kind, string Name, long Rows, string? Message = null);
