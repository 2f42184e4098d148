using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Sinks;

/// <summary>
/// Turns sink rows into Elasticsearch documents in SQL: one JSON object per row (timestamps as
/// ISO-8601 UTC with Z, dates as yyyy-MM-dd, decimals as numbers) and its id: the <c>id</c> columns'
/// values joined by "|" (null parts empty), or null to let the cluster choose.
/// </summary>
public static class DocumentSql
{
    public static string Select(SinkIr sink, string rowsSql)
    {
        string Value(Column c) => c.Type.Kind switch
        {
            TypeKind.Timestamp => $"strftime(r.{SqlText.Identifier(c.Name)}, '%Y-%m-%dT%H:%M:%S.%fZ')",
            TypeKind.Date => $"strftime(r.{SqlText.Identifier(c.Name)}, '%Y-%m-%d')",
            _ => "r." + SqlText.Identifier(c.Name),
        };
        var fields = sink.Schema.Columns.Select(c => $"{SqlText.Identifier(c.Name)} := {Value(c)}");
        var id = sink.DocumentId.IsDefaultOrEmpty
            ? "CAST(NULL AS VARCHAR)"
            : $"concat_ws('|', {SqlText.Join(sink.DocumentId.Select(k => $"COALESCE(CAST({Value(sink.Schema[k])} AS VARCHAR), '')"))})";
        return $"SELECT {id} AS id, CAST(to_json(struct_pack({SqlText.Join(fields)})) AS VARCHAR) AS doc FROM ({rowsSql}) AS r";
    }

    /// <summary>The index mapping: <c>text</c> columns analysed (with the sink's analyzer), other strings keyword.</summary>
    public static object Mapping(SinkIr sink)
    {
        var properties = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var column in sink.Schema.Columns)
            properties[column.Name] = Property(column.Type, sink.TextFields.Contains(column.Name), sink.Analyzer);
        return new { mappings = new { properties } };
    }

    private static object Property(PulseType type, bool text, string? analyzer) => type.Kind switch
    {
        TypeKind.String when text => analyzer is null ? new { type = "text" } : new { type = "text", analyzer },
        TypeKind.String => new { type = "keyword" },
        TypeKind.Int => new { type = "integer" },
        TypeKind.Long => new { type = "long" },
        TypeKind.Double or TypeKind.Decimal => new { type = "double" },
        TypeKind.Bool => new { type = "boolean" },
        TypeKind.Date or TypeKind.Timestamp => new { type = "date" },
        TypeKind.List => Property(type.Element!, text, analyzer),
        TypeKind.Record => new { type = "object" },
        _ => new { type = "object", enabled = false },
    };
}
