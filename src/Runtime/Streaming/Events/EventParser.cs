using System.Text;
using System.Text.Json;
using System.Text.Unicode;
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
    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Disallow };

    private readonly InputField[] fields;
    private readonly byte[][] names;
    private readonly Utf8StringPool?[] pools;
    private readonly bool[] unread;

    public EventParser(SourceIr source) : this(source, []) { }

    /// <param name="unread">
    /// Input fields (by index) nothing downstream reads. Text-like ones (string, json, list, record) are still
    /// checked (JSON type, present when not nullable) but their value is not built: the slot stays null.
    /// </param>
    public EventParser(SourceIr source, IReadOnlyCollection<int> unread)
    {
        fields = [.. source.InputFields];
        names = [.. fields.Select(f => Encoding.UTF8.GetBytes(f.ReadFrom))];
        pools = [.. fields.Select(f => f.Type.Kind == TypeKind.String ? new Utf8StringPool() : null)];
        this.unread = [.. fields.Select((f, i) => unread.Contains(i) && f.Type.Kind is TypeKind.String or TypeKind.Json or TypeKind.List or TypeKind.Record)];
    }

    /// <summary>
    /// Fills slots 0..n-1 of <paramref name="row"/> (in input-field order). Returns null when the event is
    /// a well-formed row, else why it is malformed.
    /// </summary>
    public string? Parse(ReadOnlySpan<byte> json, object?[] row)
    {
        Span<bool> seen = stackalloc bool[fields.Length];
        Span<bool> bad = stackalloc bool[fields.Length];
        Span<bool> skipped = stackalloc bool[fields.Length];
        List<string>? problems = null;
        try
        {
            var reader = new Utf8JsonReader(json, Options);
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
                if (unread[index] && Skip(ref reader, fields[index].Type.Kind))
                {
                    skipped[index] = true;
                    row[index] = null;
                    continue;
                }
                var problem = ReadValue(ref reader, json, fields[index], pools[index], out row[index]);
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
            if (row[i] is null && !bad[i] && !skipped[i] && !fields[i].Type.Nullable)
                (problems ??= []).Add($"column {Describe(fields[i])} is missing or null but its type {fields[i].Type} is not nullable");
        }
        return problems is null ? null : string.Join("; ", problems);
    }

    /// <summary>Passes over the value of an unread field when it is of the field's JSON type (false: read it, to report why not).</summary>
    private static bool Skip(ref Utf8JsonReader reader, TypeKind kind)
    {
        var token = reader.TokenType;
        var fits = kind switch
        {
            // A string is checked as reading it would: valid UTF-8 once unescaped (else read it, and GetString rejects it).
            TypeKind.String => token == JsonTokenType.String && (reader.ValueIsEscaped ? Unescapes(ref reader) : Utf8.IsValid(reader.ValueSpan)),
            TypeKind.Json => token != JsonTokenType.Null,
            TypeKind.List => token == JsonTokenType.StartArray,
            TypeKind.Record => token == JsonTokenType.StartObject,
            _ => false,
        };
        if (fits && token is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
        return fits;
    }

    private static bool Unescapes(ref Utf8JsonReader reader)
    {
        try
        {
            _ = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private int Find(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < names.Length; i++)
            if (reader.ValueTextEquals(names[i])) return i;
        return -1;
    }

    private static string? ReadValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, InputField field, Utf8StringPool? pool, out object? value)
    {
        value = null;
        var token = reader.TokenType;
        if (token == JsonTokenType.Null) return null;
        var type = field.Type;
        switch (type.Kind)
        {
            case TypeKind.String when token == JsonTokenType.String:
                // Pooled only when the bytes are the text (not escaped) and valid UTF-8; else GetString, which rejects bad UTF-8.
                value = pool is not null && !reader.ValueIsEscaped && Utf8.IsValid(reader.ValueSpan) ? pool.Get(reader.ValueSpan) : reader.GetString();
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
            case TypeKind.Timestamp when token == JsonTokenType.String && !reader.ValueIsEscaped:
                // The bytes are the text (nothing to unescape): parsed in place.
                if (IsoTime.TryParseTimestamp(reader.ValueSpan, out var instant)) { value = instant; return null; }
                break;
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

/// <summary>
/// The strings of one field, kept by their UTF-8 bytes so a value that repeats (a page, a country, a status)
/// is one string instead of a new one per event. A small direct-mapped cache: a miss replaces the entry. A
/// field whose values rarely repeat (ids) stops pooling, since every miss would cost more than it saves.
/// </summary>
internal sealed class Utf8StringPool
{
    private const int Size = 1024;
    private const int Longest = 64;
    private const int Period = 16_384;

    private readonly byte[]?[] keys = new byte[Size][];
    private readonly string?[] texts = new string?[Size];
    private int lookups;
    private int misses;
    private bool off;

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (off || utf8.Length > Longest) return Encoding.UTF8.GetString(utf8);
        var index = Hash(utf8) & (Size - 1);
        if (++lookups == Period)
        {
            // Judged per period: pooling pays when most lookups hit.
            off = misses > Period / 2;
            lookups = misses = 0;
        }
        if (keys[index] is { } known && utf8.SequenceEqual(known)) return texts[index]!;
        misses++;
        var text = Encoding.UTF8.GetString(utf8);
        keys[index] = utf8.ToArray();
        texts[index] = text;
        return text;
    }

    private static int Hash(ReadOnlySpan<byte> utf8)
    {
        // FNV-1a: collisions only cost a miss (no chains), so a fast hash will do.
        var hash = 2166136261u;
        foreach (var b in utf8) hash = (hash ^ b) * 16777619u;
        return (int)(hash ^ (hash >> 15));
    }
}
