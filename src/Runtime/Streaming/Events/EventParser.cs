using System.Text;
using System.Text.Json;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Runtime.Expressions;

namespace Pulse.Runtime.Streaming.Events;

/// <summary>
/// Turns one event (a JSON object, as UTF-8 bytes) into a row typed by the source's input fields, in
/// one pass of <see cref="Utf8JsonReader"/> without building a document. JSON types must match the field
/// types exactly as the batch layer's JSON sources require (Sources/FieldConversion.cs): a number for
/// numeric fields (an integer literal for int/long), a string for string/date/timestamp, true/false for
/// bool, an array for lists, an object for records. A value that does not fit, or a missing/null value
/// of a non-nullable field, makes the event malformed, with every problem in the reason.
/// </summary>
public sealed class EventParser
{
    private readonly InputField[] fields;
    private readonly byte[][] names;

    public EventParser(SourceIr source)
    {
        fields = [.. source.InputFields];
        names = [.. fields.Select(f => Encoding.UTF8.GetBytes(f.ReadFrom))];
    }

    /// <summary>
    /// Fills slots 0..n-1 of <paramref name="row"/> (in input-field order). Returns null when the event is
    /// a well-formed row, else why it is malformed.
    /// </summary>
    public string? Parse(ReadOnlySpan<byte> json, object?[] row)
    {
        Span<bool> seen = stackalloc bool[fields.Length];
        Span<bool> bad = stackalloc bool[fields.Length];
        List<string>? problems = null;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read()) return "the event is empty, not a JSON object";
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                var kind = reader.TokenType switch
                {
                    JsonTokenType.StartArray => "array",
                    JsonTokenType.String => "string",
                    JsonTokenType.Number => "number",
                    JsonTokenType.True or JsonTokenType.False => "boolean",
                    _ => "null",
                };
                return $"the event is a JSON {kind}, not an object";
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var index = Find(ref reader);
                if (!reader.Read()) break;
                if (index < 0 || seen[index])
                {
                    reader.Skip();
                    continue;
                }
                seen[index] = true;
                var problem = ReadValue(ref reader, json, fields[index], out row[index]);
                if (problem is null) continue;
                bad[index] = true;
                (problems ??= []).Add(problem);
            }
            // Reading to the end validates the rest of the text (trailing garbage is invalid JSON).
            while (reader.Read()) { }
        }
        catch (JsonException)
        {
            return "the event is not valid JSON";
        }
        catch (InvalidOperationException)
        {
            return "the event is not valid JSON";
        }
        for (var i = 0; i < fields.Length; i++)
        {
            if (!seen[i]) row[i] = null;
            if (row[i] is null && !bad[i] && !fields[i].Type.Nullable)
                (problems ??= []).Add($"column {Describe(fields[i])} is missing or null but its type {fields[i].Type} is not nullable");
        }
        return problems is null ? null : string.Join("; ", problems);
    }

    private int Find(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < names.Length; i++)
            if (reader.ValueTextEquals(names[i])) return i;
        return -1;
    }

    private static string? ReadValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, InputField field, out object? value)
    {
        value = null;
        var token = reader.TokenType;
        if (token == JsonTokenType.Null) return null;
        var type = field.Type;
        switch (type.Kind)
        {
            case TypeKind.String when token == JsonTokenType.String:
                value = reader.GetString();
                return null;
            case TypeKind.Int or TypeKind.Long when token == JsonTokenType.Number && IsIntegerLiteral(reader.ValueSpan):
                if (reader.TryGetInt64(out var whole))
                {
                    if (type.Kind == TypeKind.Long) { value = whole; return null; }
                    if (whole is >= int.MinValue and <= int.MaxValue) { value = (int)whole; return null; }
                }
                break;
            case TypeKind.Double when token == JsonTokenType.Number:
                if (reader.TryGetDouble(out var number)) { value = number; return null; }
                break;
            case TypeKind.Decimal when token == JsonTokenType.Number:
                if (reader.TryGetDecimal(out var exact))
                {
                    try { value = DecimalMath.Fit(exact, type.Precision, type.Scale); return null; }
                    catch (OverflowException) { }
                }
                break;
            case TypeKind.Bool when token is JsonTokenType.True or JsonTokenType.False:
                value = token == JsonTokenType.True;
                return null;
            case TypeKind.Date or TypeKind.Timestamp when token == JsonTokenType.String:
                Span<char> buffer = stackalloc char[64];
                var text = reader.ValueSpan.Length <= buffer.Length ? buffer[..reader.CopyString(buffer)] : (reader.GetString() ?? "").AsSpan();
                if (type.Kind == TypeKind.Date)
                {
                    if (IsoTime.TryParseDate(text, out var date)) { value = date; return null; }
                }
                else if (IsoTime.TryParseTimestamp(text, out var time)) { value = time; return null; }
                break;
            case TypeKind.Json:
            case TypeKind.List when token == JsonTokenType.StartArray:
            case TypeKind.Record when token == JsonTokenType.StartObject:
                value = RawText(ref reader, json);
                return null;
        }
        var raw = token == JsonTokenType.String ? reader.GetString() ?? "" : RawText(ref reader, json);
        if (raw.Length > 100) raw = raw[..100];
        value = null;
        return $"column {Describe(field)}: '{raw}' is not a valid {type.AsNonNullable()}";
    }

    /// <summary>The JSON text of the current value (skipping over a whole object or array).</summary>
    private static string RawText(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        var start = (int)reader.TokenStartIndex;
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
        var end = (int)reader.BytesConsumed;
        return Encoding.UTF8.GetString(json[start..end]);
    }

    private static bool IsIntegerLiteral(ReadOnlySpan<byte> number) => number.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0;

    private static string Describe(InputField field) => field.ReadFrom == field.Name ? field.Name : $"{field.Name} (\"{field.ReadFrom}\")";
}
