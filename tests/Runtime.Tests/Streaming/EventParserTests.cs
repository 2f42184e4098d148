using System.Text;
using Pulse.Runtime.Streaming.Events;
using Pulse.Runtime.Tests.Fixtures;
using Pulse.Runtime.Tests.StreamingFixtures;

namespace Pulse.Runtime.Tests.Streaming;

public class EventParserTests
{
    private static readonly Pulse.Compiler.Ir.SourceIr Source = SourceBuilder.Kafka("s", "x.ndjson")
        .Field("name", E.Text, "Name").Field("n", E.N(E.Int)).Field("big", E.N(E.Long)).Field("price", E.N(E.Decimal(6, 2)))
        .Field("ok", E.N(E.Bool)).Field("day", E.N(E.Date)).Field("at", E.N(E.Timestamp)).Field("tags", E.N(PulseTypeList)).Field("raw", E.N(Pulse.Compiler.Types.PulseType.Json))
        .Build();

    private static Pulse.Compiler.Types.PulseType PulseTypeList => Pulse.Compiler.Types.PulseType.ListOf(E.Text);

    private static (string? Problem, string Row) Parse(string json)
    {
        var row = new object?[Source.InputFields.Length];
        var problem = new EventParser(Source).Parse(Encoding.UTF8.GetBytes(json), row);
        return (problem, RowText.Of(row));
    }

    [Fact]
    public void Values_are_typed_by_the_input_fields_read_from_their_from_names()
    {
        var (problem, row) = Parse("""{"Name": "Kano", "n": 3, "big": 9007199254740993, "price": 0.125, "ok": true, "day": "2024-06-01", "at": "2024-06-01T10:00:00+02:00", "tags": ["a", "b"], "raw": {"x": [1, 2]}, "extra": 1}""");
        Assert.Null(problem);
        Assert.Equal("Kano|3|9007199254740993|0.13|true|2024-06-01|2024-06-01T08:00Z|[\"a\", \"b\"]|{\"x\": [1, 2]}", row);
    }

    [Fact]
    public void Missing_and_null_values_are_null_and_only_a_problem_for_non_nullable_fields()
    {
        Assert.Equal((null, "Kano|∅|∅|∅|∅|∅|∅|∅|∅"), Parse("""{"Name": "Kano", "n": null}"""));
        Assert.Equal("column name (\"Name\") is missing or null but its type string is not nullable", Parse("""{"n": 1}""").Problem);
    }

    [Theory]
    [InlineData("""{"Name": 5}""", "column name (\"Name\"): '5' is not a valid string")]
    [InlineData("""{"Name": "a", "n": 1.0}""", "column n: '1.0' is not a valid int")]
    [InlineData("""{"Name": "a", "n": "1"}""", "column n: '1' is not a valid int")]
    [InlineData("""{"Name": "a", "n": 3000000000}""", "column n: '3000000000' is not a valid int")]
    [InlineData("""{"Name": "a", "price": 12345.5}""", "column price: '12345.5' is not a valid decimal(6, 2)")]
    [InlineData("""{"Name": "a", "ok": "true"}""", "column ok: 'true' is not a valid bool")]
    [InlineData("""{"Name": "a", "at": "yesterday"}""", "column at: 'yesterday' is not a valid timestamp")]
    [InlineData("""{"Name": "a", "tags": "a,b"}""", "column tags: 'a,b' is not a valid list<string>")]
    public void Wrong_json_types_make_the_event_malformed_with_the_reason(string json, string reason)
    {
        Assert.Equal(reason, Parse(json).Problem);
    }

    [Fact]
    public void Every_problem_of_an_event_is_reported()
    {
        Assert.Equal("column n: 'x' is not a valid int; column ok: '1' is not a valid bool", Parse("""{"Name": "a", "n": "x", "ok": 1}""").Problem);
    }

    [Theory]
    [InlineData("not json", "the event is not valid JSON")]
    [InlineData("""{"Name": "a",""", "the event is not valid JSON")]
    [InlineData("""{"Name": "a"} trailing""", "the event is not valid JSON")]
    [InlineData("[1, 2]", "the event is a JSON array, not an object")]
    [InlineData("", "the event is not valid JSON")]
    public void Text_that_is_not_one_json_object_is_malformed(string json, string reason)
    {
        Assert.Equal(reason, Parse(json).Problem);
    }

    [Fact]
    public void The_first_of_duplicate_keys_wins_as_in_duckdb()
    {
        Assert.Equal("a|1|∅|∅|∅|∅|∅|∅|∅", Parse("""{"Name": "a", "n": 1, "n": 2}""").Row);
    }
}
