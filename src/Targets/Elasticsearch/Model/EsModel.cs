using System.Collections.Immutable;
using Pulse.Compiler.Ir;

namespace Pulse.Targets.Elasticsearch.Model;

/// <summary>
/// One field of an explicit mapping. <see cref="Type"/> is the Elasticsearch field type; objects and
/// nested fields carry <see cref="Properties"/>.
/// </summary>
public sealed record EsField(
    string Name,
    string Type,
    ImmutableArray<EsField> Properties = default,
    string? Analyzer = null,
    bool KeywordSubfield = false,
    long? ScalingFactor = null,
    string? Format = null,
    bool? Enabled = null,
    string? Doc = null);

/// <summary>A row expectation enforced by the ingest pipeline; <see cref="Condition"/> is true for a violating document.</summary>
public sealed record EsGuard(string Source, string Expectation, string Processor, string Condition);

public sealed record EsSkippedGuard(string Source, string Expectation, string Reason);

/// <summary>Everything generated for one Elasticsearch sink.</summary>
public sealed record EsIndexModel(
    string Pipeline,
    string Sink,
    /// <summary>The index name of the spec: the write alias that readers and the writer use.</summary>
    string Alias,
    string IndexPattern,
    string BootstrapIndex,
    string TemplateName,
    string IngestPipelineName,
    string? PolicyName,
    TimeSpan? Retention,
    TimeSpan? RolloverAge,
    int Shards,
    int Replicas,
    ImmutableArray<EsField> Fields,
    ImmutableArray<string> DocumentId,
    ImmutableArray<EsGuard> Guards,
    ImmutableArray<EsSkippedGuard> Skipped,
    string? Doc,
    Origin Origin);
