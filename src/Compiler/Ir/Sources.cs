using System.Collections.Immutable;
using Pulse.Compiler.Types;

namespace Pulse.Compiler.Ir;

public enum SourceFormat { Csv, Json, Ndjson, Parquet, Http, Postgres, Elasticsearch, Kafka }

public enum Pagination { None, Page, Cursor }

/// <summary>A field as it is read: its name in the spec, the column/key it is read from, and its type.</summary>
public sealed record InputField(string Name, string ReadFrom, PulseType Type, string? Doc, Origin Origin);

/// <summary>
/// The options of a source, one record for every format: each format reads the properties that
/// docs/language.md lists for it and leaves the others null. Paths are relative to the spec's folder.
/// </summary>
public sealed record SourceOptions
{
    public string? Path { get; init; }
    public bool Header { get; init; } = true;
    public string Delimiter { get; init; } = ",";
    public string Quote { get; init; } = "\"";
    public ImmutableArray<string> NullTokens { get; init; } = [""];
    public string? Connection { get; init; }
    public string? Url { get; init; }
    public string? RecordPath { get; init; }
    public Pagination Pagination { get; init; }
    public string? PageParam { get; init; }
    public string? CursorParam { get; init; }
    public string? CursorPath { get; init; }
    public int? PageSize { get; init; }
    public int? MaxPages { get; init; }
    public TimeSpan? Timeout { get; init; }
    public int? Retries { get; init; }
    public string? Table { get; init; }
    public string? Query { get; init; }
    public string? Index { get; init; }
    public string? Topic { get; init; }
    public string? KeyField { get; init; }
    public string? EventTimeField { get; init; }
    public TimeSpan? Watermark { get; init; }
    public TimeSpan? Lateness { get; init; }
    /// <summary>NDJSON file replayed into the local stream when no Kafka is configured.</summary>
    public string? Replay { get; init; }
}

public sealed record SourceIr(
    string Name,
    SourceFormat Format,
    SourceOptions Options,
    /// <summary>The fields as read, before cleaning.</summary>
    ImmutableArray<InputField> InputFields,
    /// <summary>The cleaning steps and expectations, in spec order.</summary>
    ImmutableArray<CleanStep> Steps,
    /// <summary>The columns after cleaning: what views scan.</summary>
    RelSchema Schema,
    string? Doc,
    Origin Origin)
{
    public bool IsStream => Format == SourceFormat.Kafka;
}
