using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Pulse.Targets.Monitoring;

/// <summary>
/// Writes ordered maps, lists and scalars as block YAML. Every string is double-quoted with JSON
/// escapes (a subset of YAML's double-quoted style), so no value can be read as another type or
/// break the structure: "yes", "0x10", ": " and newlines all stay strings.
/// </summary>
public static class YamlWriter
{
    private static readonly JsonSerializerOptions StringOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(IEnumerable<KeyValuePair<string, object?>> document, string? headerComment = null)
    {
        var builder = new StringBuilder();
        if (headerComment is not null)
            // YAML also breaks lines at NEL, U+2028 and U+2029: each would end the comment.
            foreach (var line in headerComment.Split('\n'))
                builder.Append("# ").Append(Pulse.Targets.Infra.Emit.CdktfStackEmitter.OneLine(line)).Append('\n');
        WriteMap(builder, document, 0);
        return builder.ToString();
    }

    public static string Quote(string value) => JsonSerializer.Serialize(value, StringOptions);

    /// <summary>Plain keys (alert, expr, labels) stay bare for readability; anything else is quoted.</summary>
    public static string Key(string key) =>
        key.Length > 0 && (char.IsAsciiLetter(key[0]) || key[0] == '_') && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')
        && key is not ("true" or "false" or "null" or "yes" or "no" or "on" or "off" or "y" or "n")
            ? key
            : Quote(key);

    private static void WriteMap(StringBuilder builder, IEnumerable<KeyValuePair<string, object?>> map, int indent)
    {
        foreach (var (key, value) in map)
        {
            builder.Append(' ', indent).Append(Key(key)).Append(':');
            WriteValue(builder, value, indent);
        }
    }

    private static void WriteValue(StringBuilder builder, object? value, int indent)
    {
        switch (value)
        {
            case IEnumerable<KeyValuePair<string, object?>> map:
                if (!map.Any()) { builder.Append(" {}\n"); return; }
                builder.Append('\n');
                WriteMap(builder, map, indent + 2);
                return;
            case string or bool or int or long or null:
                builder.Append(' ').Append(Scalar(value)).Append('\n');
                return;
            case System.Collections.IEnumerable list:
                var items = list.Cast<object?>().ToList();
                if (items.Count == 0) { builder.Append(" []\n"); return; }
                builder.Append('\n');
                foreach (var item in items)
                {
                    builder.Append(' ', indent + 2).Append('-');
                    if (item is IEnumerable<KeyValuePair<string, object?>> itemMap && itemMap.Any())
                    {
                        // First key on the dash line, the rest aligned under it.
                        var first = true;
                        foreach (var (key, inner) in itemMap)
                        {
                            if (first) builder.Append(' '); else builder.Append(' ', indent + 4);
                            builder.Append(Key(key)).Append(':');
                            WriteValue(builder, inner, indent + 4);
                            first = false;
                        }
                    }
                    else WriteValue(builder, item, indent + 2);
                }
                return;
            default:
                throw new ArgumentException($"no YAML for {value.GetType().Name}");
        }
    }

    private static string Scalar(object? value) => value switch
    {
        null => "null",
        string s => Quote(s),
        bool b => b ? "true" : "false",
        int i => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new ArgumentException(value.GetType().Name),
    };
}
