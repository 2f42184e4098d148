using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pulse.Targets.Common.Json;

/// <summary>
/// The one way targets write JSON: two-space indentation, '\n' line endings, a trailing newline,
/// properties in the order the emitter added them, and only the escapes JSON requires (plus the
/// HTML-sensitive characters, so a file can be pasted into a page safely).
/// </summary>
public static class JsonText
{
    private static readonly JsonWriterOptions Indented = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NewLine = "\n",
    };

    private static readonly JsonWriterOptions Compact = Indented with { Indented = false };

    public static string Write(JsonNode node) => Serialize(node, Indented) + "\n";

    /// <summary>One line, for NDJSON and for JSON embedded in a string.</summary>
    public static string WriteCompact(JsonNode node) => Serialize(node, Compact);

    private static string Serialize(JsonNode node, JsonWriterOptions options)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, options)) node.WriteTo(writer);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
