using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Runtime.Expressions;
using Pulse.Runtime.Sources;

namespace Pulse.Runtime.Testing;

/// <summary>
/// A source reader that yields a test's given rows instead of reading the source's file: each row becomes
/// the JSON document a JSON source would hold (keys are the fields' <c>read_from</c> names), so conversion,
/// cleaning rules and expectations run exactly as in a normal run. A source the test gives nothing for is empty.
/// </summary>
internal sealed class GivenRowsReader(IReadOnlyList<TestRow> rows) : ISourceReader
{
    public Task<RawInput> ReadAsync(SourceReadContext context, CancellationToken cancellation)
    {
        using var loader = new JsonDocumentLoader(context);
        foreach (var row in rows) loader.Add(Json(context.Source, row));
        return Task.FromResult(loader.Finish());
    }

    /// <summary>The rows a test gives a source: its batch rows, or the rows of its stream events (watermarks skipped).</summary>
    public static IReadOnlyList<TestRow> RowsFor(TestIr test, string source) =>
        test.Given.Where(g => g.Source == source)
            .SelectMany(g => g.Rows.IsDefault ? [] : g.Rows.AsEnumerable()
                .Concat(g.Events.IsDefault ? [] : g.Events.Where(e => e.Row is not null).Select(e => e.Row!)))
            .ToList();

    public static string Json(SourceIr source, TestRow row)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, literal) in row.Values)
            {
                writer.WritePropertyName(source.InputFields.FirstOrDefault(f => f.Name == name)?.ReadFrom ?? name);
                WriteValue(writer, literal);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteValue(Utf8JsonWriter writer, LiteralExpr literal)
    {
        switch (Literals.Value(literal))
        {
            case null: writer.WriteNullValue(); break;
            case string text when literal.Type.Kind == TypeKind.Json: writer.WriteRawValue(text); break;
            case string text: writer.WriteStringValue(text); break;
            case int n: writer.WriteNumberValue(n); break;
            case long n: writer.WriteNumberValue(n); break;
            case decimal n: writer.WriteNumberValue(n); break;
            case double n: writer.WriteNumberValue(n); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case DateOnly d: writer.WriteStringValue(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            case DateTime t: writer.WriteStringValue(IsoTime.Format(t)); break;
            case var other: writer.WriteStringValue(Convert.ToString(other, CultureInfo.InvariantCulture)); break;
        }
    }
}
