using System.Collections.Immutable;

namespace Pulse.Compiler.Ir;

public enum ViewLayer { Batch, Speed, Serving }

/// <summary>What the speed layer does with events behind the watermark plus the allowed lateness.</summary>
public enum LatePolicy { Batch, Drop, Quarantine }

/// <summary>Streaming facts of a speed view, resolved from its source and its steps.</summary>
public sealed record StreamingIr(string Source, string EventTimeField, TimeSpan Watermark, TimeSpan Lateness,
    LatePolicy Late, TimeSpan Retain);

/// <summary>A view: its body (<see cref="Root"/>), its output schema and where each column comes from.</summary>
public sealed record ViewIr(
    string Name,
    ViewLayer Layer,
    RelNode Root,
    /// <summary>The time column batch runs may process incrementally (from <c>incremental on</c>).</summary>
    string? IncrementalColumn,
    /// <summary>Set for speed views.</summary>
    StreamingIr? Streaming,
    string? Doc,
    Origin Origin)
{
    public RelSchema Schema => Root.Schema;
}
