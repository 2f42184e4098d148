using DuckDB.NET.Data;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;

namespace Pulse.Runtime.Sinks;

/// <summary>
/// Writes the rows of one relation somewhere. Sinks that write into the state database
/// (<see cref="InPublishTransaction"/>) run inside the publish transaction, so they commit or roll
/// back with the run; the others run after the publish, each atomic on its own where the target
/// allows it (see each sink).
/// </summary>
public interface ISink
{
    /// <summary>Where the rows go, for the report: a table, a path, an index.</summary>
    string Target { get; }

    bool InPublishTransaction { get; }

    Task<SinkResult> WriteAsync(SinkContext context, CancellationToken cancellation);
}

public sealed record SinkResult(long RowsWritten, long RowsRejected = 0);

/// <summary>Makes sinks the runtime does not implement itself (the speed layer registers Kafka here).</summary>
public interface ISinkFactory
{
    /// <summary>A sink for <paramref name="sink"/>, or null when this factory does not handle it.</summary>
    ISink? Create(SinkIr sink, PipelineIr pipeline, RunOptions options);
}

/// <summary>What a sink gets to write with.</summary>
public sealed class SinkContext
{
    public required DuckDBConnection Connection { get; init; }
    public required PipelineIr Pipeline { get; init; }
    public required SinkIr Sink { get; init; }
    /// <summary>A SELECT of the rows to write (columns in <see cref="SinkIr.Schema"/> order).</summary>
    public required string RowsSql { get; init; }
    /// <summary>The catalog of the state database (embedded tables live there).</summary>
    public required string StateCatalog { get; init; }
    public required string StateDirectory { get; init; }
    public required string RunId { get; init; }
    public required RunOptions Options { get; init; }
    public required Func<string, ResolvedConnection> ResolveConnection { get; init; }
    /// <summary>Stores rows a target rejected (position, rule, reason, row JSON) in the sink's quarantine table.</summary>
    public required Action<IReadOnlyList<RejectedRow>> Quarantine { get; init; }
    public required Action<RunWarning> Warn { get; init; }

    public ResolvedConnection? SinkConnection => Sink.Connection is { } name ? ResolveConnection(name) : null;
}

/// <summary>A row a sink target refused, kept in the sink's quarantine.</summary>
public sealed record RejectedRow(long Position, string Rule, string Reason, string RowJson);
