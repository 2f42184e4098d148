using System.Collections.Immutable;

namespace Pulse.Compiler.Ir;

public enum SinkKind { Postgres, Elasticsearch, Delta, Parquet, Kafka }

public enum WriteMode { Append, Upsert, Replace }

/// <summary>A schema-qualified table name, split once so no backend parses it again.</summary>
public sealed record TableName(string Schema, string Name)
{
    public override string ToString() => $"{Schema}.{Name}";
}

public sealed record SinkIr(
    string Name,
    SinkKind Kind,
    /// <summary>The view (or source) written.</summary>
    string From,
    RelSchema Schema,
    string? Connection,
    TableName? Table,
    ImmutableArray<string> Key,
    ImmutableArray<ImmutableArray<string>> Indexes,
    WriteMode Mode,
    string? Index,
    ImmutableArray<string> DocumentId,
    ImmutableArray<string> TextFields,
    string? Analyzer,
    TimeSpan? Retention,
    string? Path,
    ImmutableArray<string> PartitionBy,
    string? Topic,
    string? Doc,
    Origin Origin);
