using DuckDB.NET.Data;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;

namespace Pulse.Runtime.Sources;

/// <summary>Everything a reader needs to load one source into a raw table.</summary>
public sealed class SourceReadContext
{
    public required DuckDBConnection Connection { get; init; }
    public required PipelineIr Pipeline { get; init; }
    public required SourceIr Source { get; init; }
    /// <summary>The qualified name of the raw table to create.</summary>
    public required string RawTable { get; init; }
    /// <summary>Makes a qualified name for a scratch table (unique within the run).</summary>
    public required Func<string, string> ScratchTable { get; init; }
    /// <summary>Like <see cref="ScratchTable"/>, as separate catalog, schema and table names.</summary>
    public required Func<string, (string Catalog, string Schema, string Table)> ScratchTableParts { get; init; }
    /// <summary>The catalog holding the published state (embedded tables that sources may read).</summary>
    public required string StateCatalog { get; init; }
    public required string StateDirectory { get; init; }
    public required RunOptions Options { get; init; }
    public required Func<string, ResolvedConnection> ResolveConnection { get; init; }
    /// <summary>Reports rows loaded so far (HTTP and PostgreSQL sources report per batch).</summary>
    public IProgress<long>? Progress { get; init; }

    /// <summary>A path from the spec, resolved against the spec's folder.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(Pipeline.BaseDirectory, path));

    public string RequirePath(string? path, string property = "path")
    {
        if (string.IsNullOrEmpty(path))
            throw new PulseRunException(RunError.At(Source.Origin, RuntimeCodes.InputFileMissing,
                $"source {Source.Name} has no {property}", $"add {property} = \"...\" to the source"));
        var full = ResolvePath(path);
        if (!File.Exists(full) && !full.Contains('*'))
            throw new PulseRunException(RunError.At(Source.Origin, RuntimeCodes.InputFileMissing,
                $"source {Source.Name}: file {path} does not exist (looked for {full})", "paths are relative to the folder of the .pulse file"));
        return full;
    }

    /// <summary>The source's connection, when it names one.</summary>
    public ResolvedConnection? SourceConnection =>
        Source.Options.Connection is { } name ? ResolveConnection(name) : null;

    public void Execute(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public T? Scalar<T>(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>Loads one source format into a <see cref="RawInput"/>.</summary>
public interface ISourceReader
{
    Task<RawInput> ReadAsync(SourceReadContext context, CancellationToken cancellation);
}
