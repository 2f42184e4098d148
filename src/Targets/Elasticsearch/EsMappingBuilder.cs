using System.Collections.Immutable;
using System.Globalization;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Targets.Elasticsearch.Model;

namespace Pulse.Targets.Elasticsearch;

/// <summary>
/// Pulse types to Elasticsearch field types.
/// Decimals: <c>scaled_float</c> with a scaling factor of 10^scale when precision &lt;= 15. It stores
/// the value as a long of (value × factor), so sums, ranges and sorting are exact to the spec's
/// scale and the index is smaller than with double; 15 digits is what a double (which Elasticsearch
/// parses JSON numbers through) keeps exactly. Wider decimals fall back to <c>double</c> and may round
/// in the last digits; the exact value stays in <c>_source</c>.
/// </summary>
public static class EsMappingBuilder
{
    public const int MaxExactScaledFloatPrecision = 15;

    public static ImmutableArray<EsField> Fields(RelSchema schema, ImmutableArray<string> textFields, string? analyzer) =>
        schema.Columns.Select(c => Field(c.Name, c.Type, textFields.Contains(c.Name), analyzer, c.Doc)).ToImmutableArray();

    private static EsField Field(string name, PulseType type, bool text, string? analyzer, string? doc) => type.Kind switch
    {
        TypeKind.String when text => new EsField(name, "text", Analyzer: analyzer, KeywordSubfield: true, Doc: doc),
        TypeKind.String => new EsField(name, "keyword", Doc: doc),
        TypeKind.Int => new EsField(name, "integer", Doc: doc),
        TypeKind.Long => new EsField(name, "long", Doc: doc),
        TypeKind.Double => new EsField(name, "double", Doc: doc),
        TypeKind.Decimal when type.Precision <= MaxExactScaledFloatPrecision =>
            new EsField(name, "scaled_float", ScalingFactor: (long)Math.Pow(10, type.Scale), Doc: doc),
        TypeKind.Decimal => new EsField(name, "double", Doc: doc),
        TypeKind.Bool => new EsField(name, "boolean", Doc: doc),
        TypeKind.Date => new EsField(name, "date", Format: "strict_date", Doc: doc),
        TypeKind.Timestamp => new EsField(name, "date", Format: "strict_date_optional_time", Doc: doc),
        // Free-form JSON is kept in _source but not indexed: under dynamic:strict its keys cannot be known.
        TypeKind.Json => new EsField(name, "object", Enabled: false, Doc: doc),
        TypeKind.Record => new EsField(name, "object", RecordFields(type, text, analyzer), Doc: doc),
        // Arrays are implicit in Elasticsearch; lists of records are nested so each element's fields stay together.
        TypeKind.List when type.Element is { Kind: TypeKind.Record } element => new EsField(name, "nested", RecordFields(element, text, analyzer), Doc: doc),
        TypeKind.List when type.Element is not null => Field(name, type.Element, text, analyzer, doc),
        _ => throw new ArgumentException($"type {type} has no Elasticsearch mapping", nameof(type)),
    };

    private static ImmutableArray<EsField> RecordFields(PulseType record, bool text, string? analyzer) =>
        (record.Fields.IsDefault ? [] : record.Fields).Select(f => Field(f.Name, f.Type, false, analyzer, null)).ToImmutableArray();

    public static string Scaling(long factor) => factor.ToString(CultureInfo.InvariantCulture);
}
