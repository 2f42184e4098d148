using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Runtime.Expressions;

namespace Pulse.Runtime.Streaming.Sinks;

/// <summary>A result row as one JSON object (column name → value): timestamps ISO-8601 UTC, decimals as exact numbers, json/list/record values inline.</summary>
public static class RowJson
{
    public static byte[] Write(RelSchema schema, object?[] row)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            for (var i = 0; i < schema.Columns.Length; i++)
            {
                var column = schema.Columns[i];
                writer.WritePropertyName(column.Name);
                switch (row[i])
                {
                    case null: writer.WriteNullValue(); break;
                    case string text when column.Type.Kind is TypeKind.Json or TypeKind.List or TypeKind.Record: writer.WriteRawValue(text); break;
                    case string text: writer.WriteStringValue(text); break;
                    case int n: writer.WriteNumberValue(n); break;
                    case long n: writer.WriteNumberValue(n); break;
                    case decimal n: writer.WriteNumberValue(n); break;
                    case double n when double.IsFinite(n): writer.WriteNumberValue(n); break;
                    case double n: writer.WriteStringValue(ValueCasts.FormatDouble(n)); break;
                    case bool b: writer.WriteBooleanValue(b); break;
                    case DateOnly d: writer.WriteStringValue(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
                    case DateTime t: writer.WriteStringValue(IsoTime.Format(t)); break;
                    case var other: writer.WriteStringValue(Convert.ToString(other, CultureInfo.InvariantCulture)); break;
                }
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
