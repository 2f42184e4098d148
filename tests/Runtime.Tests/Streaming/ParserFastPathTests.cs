using System.Text;
using Pulse.Runtime.Expressions;
using Pulse.Runtime.Streaming.Events;
using Pulse.Runtime.Tests.Fixtures;

namespace Pulse.Runtime.Tests.Streaming;

/// <summary>
/// The parser's shortcuts give what the general paths give: timestamps read straight from UTF-8 bytes, and
/// string values kept in a pool by their bytes (repeated values, escaped values, values that never repeat).
/// </summary>
public class ParserFastPathTests
{
    [Theory]
    [InlineData("2024-06-01T10:00:00Z")]
    [InlineData("2024-06-01T10:00:00.1Z")]
    [InlineData("2024-06-01T10:00:00.123Z")]
    [InlineData("2024-06-01T10:00:00.123456Z")]
    [InlineData("2024-06-01T10:00:00.1234567891Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.999999Z")]
    [InlineData("2024-02-29T23:59:59Z")]
    [InlineData("2023-02-29T10:00:00Z")]
    [InlineData("2024-13-01T10:00:00Z")]
    [InlineData("2024-00-01T10:00:00Z")]
    [InlineData("0000-01-01T10:00:00Z")]
    [InlineData("2024-06-01T24:00:00Z")]
    [InlineData("2024-06-01T10:60:00Z")]
    [InlineData("2024-06-01T10:00:60Z")]
    [InlineData("2024-06-01T10:00:00.Z")]
    [InlineData("2024-06-01T10:00:00.12a4Z")]
    [InlineData("2024-06-01T10:00:00z")]
    [InlineData("2024-06-01T10:00:00")]
    [InlineData("2024-06-01 10:00:00Z")]
    [InlineData("2024-06-01T10:00:00+02:00")]
    [InlineData("2024-06-01T10:00:00.5-0130")]
    [InlineData("2024-06-01T10:00Z")]
    [InlineData("2024-6-1T9:00:00Z")]
    [InlineData(" 2024-06-01T10:00:00Z ")]
    [InlineData("2024-06-01T10:00:00 UTC")]
    [InlineData("2024-06-01")]
    [InlineData("2024-06-01T1a:00:00Z")]
    [InlineData("２０２４-06-01T10:00:00Z")]
    [InlineData("")]
    public void Timestamps_from_bytes_equal_timestamps_from_text(string text)
    {
        var fromText = IsoTime.TryParseTimestamp(text.AsSpan(), out var expected);
        var fromBytes = IsoTime.TryParseTimestamp(Encoding.UTF8.GetBytes(text).AsSpan(), out var actual);
        Assert.Equal(fromText, fromBytes);
        Assert.Equal(expected, actual);
        Assert.Equal(expected.Kind, actual.Kind);
    }

    private static readonly Pulse.Compiler.Ir.SourceIr Source = SourceBuilder.Kafka("s", "x.ndjson")
        .Field("page", E.Text).Field("at", E.N(E.Timestamp)).Build();

    [Fact]
    public void Pooled_strings_are_the_values_of_the_events()
    {
        var parser = new EventParser(Source);
        var row = new object?[2];
        var seen = new List<string>();
        // Repeated values (pooled), escaped ones (never pooled), and a stretch of values that never repeat
        // (the pool gives up on the field) followed by repeats again.
        var values = new List<string>();
        for (var i = 0; i < 3000; i++) values.Add("/page-" + (i % 7));
        values.AddRange(["caf\\u00e9", "café", "a\\\"b", "/page-1"]);
        for (var i = 0; i < 40_000; i++) values.Add("id-" + i);
        for (var i = 0; i < 100; i++) values.Add("/page-" + (i % 7));
        foreach (var value in values)
        {
            Assert.Null(parser.Parse(Encoding.UTF8.GetBytes($$"""{"page": "{{value}}", "at": "2024-06-01T10:00:00.250Z"}"""), row));
            seen.Add((string)row[0]!);
            Assert.Equal(new DateTime(2024, 6, 1, 10, 0, 0, 250, DateTimeKind.Utc), row[1]);
        }
        var expected = values.Select(v => System.Text.Json.JsonSerializer.Deserialize<string>("\"" + v + "\"")!).ToList();
        Assert.Equal(expected, seen);
        // A repeated value is one string, not a new one per event.
        Assert.Same(seen[0], seen[7]);
    }

    private static readonly Pulse.Compiler.Ir.SourceIr Wide = SourceBuilder.Kafka("s", "x.ndjson")
        .Field("page", E.Text).Field("visitor", E.Text).Field("note", E.N(E.Text)).Field("raw", Pulse.Compiler.Types.PulseType.Json)
        .Field("tags", E.N(Pulse.Compiler.Types.PulseType.ListOf(E.Text))).Field("n", E.N(E.Int)).Build();

    [Theory]
    [InlineData("""{"page": "p", "visitor": "v", "note": "x", "raw": {"a": [1, {"b": 2}]}, "tags": ["t"], "n": 1}""")]
    [InlineData("""{"page": "p", "visitor": "v", "raw": 3}""")]
    [InlineData("""{"page": "p", "visitor": 5, "raw": 3}""")]
    [InlineData("""{"page": "p", "raw": 3}""")]
    [InlineData("""{"page": "p", "visitor": null, "raw": 3}""")]
    [InlineData("""{"page": "p", "visitor": "v", "raw": null}""")]
    [InlineData("""{"page": "p", "visitor": "v", "raw": "text", "tags": {"no": 1}}""")]
    [InlineData("""{"page": "p", "visitor": "v", "raw": [1, 2}""")]
    [InlineData("""{"page": "p", "visitor": "v", "raw": 1} trailing""")]
    [InlineData("""{"page": "p", "visitor": ["v"], "note": 7, "raw": 1, "tags": "x", "n": 1.5}""")]
    [InlineData("""{"page": "p", "visitor": "v", "visitor": 5, "raw": 1}""")]
    public void Unread_fields_are_checked_as_read_ones_but_not_built(string json)
    {
        var all = new object?[6];
        var some = new object?[6];
        var expected = new EventParser(Wide).Parse(Encoding.UTF8.GetBytes(json), all);
        // visitor, note, raw and tags unread; n is an int, which is always read (its range is part of the check).
        var actual = new EventParser(Wide, [1, 2, 3, 4, 5]).Parse(Encoding.UTF8.GetBytes(json), some);
        Assert.Equal(expected, actual);
        if (expected is not null) return;
        Assert.Equal(all[0], some[0]);
        Assert.Equal(all[5], some[5]);
        Assert.Null(some[1]);
        Assert.Null(some[2]);
        Assert.Null(some[3]);
        Assert.Null(some[4]);
    }

    [Theory]
    [InlineData(0)] // page: read (pooled)
    [InlineData(1)] // visitor: unread
    public void Invalid_utf8_in_a_string_is_not_valid_json_whether_the_field_is_read_or_not(int field)
    {
        const string text = """{"page": "p", "visitor": "v", "raw": 1}""";
        var json = Encoding.UTF8.GetBytes(text);
        var at = text.IndexOf(field == 0 ? "\"p\"" : "\"v\"", StringComparison.Ordinal) + 1;
        json[at] = 0xC3; // a lead byte with no continuation
        foreach (var parser in new[] { new EventParser(Wide), new EventParser(Wide, [1, 2, 3, 4]) })
            Assert.Equal("the event is not valid JSON", parser.Parse(json, new object?[6]));
    }
}
