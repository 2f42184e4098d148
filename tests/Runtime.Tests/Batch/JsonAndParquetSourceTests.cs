using Pulse.Compiler.Types;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Tests.Fixtures;
using static Pulse.Runtime.Tests.Fixtures.E;

namespace Pulse.Runtime.Tests.Batch;

public sealed class JsonAndParquetSourceTests : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    private static readonly PulseType Address = PulseType.RecordOf([new FieldType("city", N(Text)), new FieldType("zip", N(Int))]).AsNullable();

    private static SourceBuilder Customers(SourceBuilder builder) => builder
        .Field("id", Text).Field("visits", N(Int)).Field("score", N(Decimal(6, 2))).Field("vip", N(Bool))
        .Field("seen", N(Timestamp)).Field("address", Address).Field("tags", N(PulseType.ListOf(Text)));

    [Fact]
    public async Task A_json_array_checks_json_types_per_field_and_keeps_nested_values()
    {
        temp.Write("customers.json", """
            [
              {"id": "c1", "visits": 3, "score": 1.5, "vip": true, "seen": "2024-06-01T10:00:00Z", "address": {"city": "Oslo", "zip": 150}, "tags": ["a", "b"], "extra": 1},
              {"id": "c2", "visits": "3", "score": 2},
              {"id": "c3", "visits": 2.5},
              17,
              {"id": null},
              {"id": "c6", "vip": "yes", "address": [1]}
            ]
            """);
        var report = await Runs.Succeed(new PipelineBuilder("p", temp.Path).Source(Customers(SourceBuilder.Json("customers", "customers.json")).Build()).Build(), temp);

        var source = report.Source("customers")!;
        Assert.Equal((6L, 1L, 5L), (source.Read, source.Kept, source.Quarantined));
        Assert.Equal(["c1|3|1.50|true|2024-06-01T10:00:00|Oslo|150|a,b"],
            StateQuery.Rows(temp.State, "SELECT id, visits, score, vip, seen, address.city, address.zip, array_to_string(tags, ',') FROM sources.customers"));
        Assert.Equal([
            "2|column visits: '3' is not a valid int",
            "3|column visits: '2.5' is not a valid int",
            "4|element 4 is a JSON ubigint, not an object",
            "5|column id is missing or null but its type string is not nullable",
            "6|column vip: 'yes' is not a valid bool; column address: '[1]' is not a valid record { city: string?, zip: int? }"],
            StateQuery.Rows(temp.State, "SELECT position, reason FROM quarantine.customers ORDER BY position"));
        Assert.Equal("17", StateQuery.Scalar(temp.State, "SELECT \"row\" FROM quarantine.customers WHERE position = 4"));
    }

    [Fact]
    public async Task A_file_that_is_not_a_json_array_fails_the_source()
    {
        temp.Write("one.json", "{\"id\": \"c1\"}");
        var report = await Runs.Batch(new PipelineBuilder("p", temp.Path).Source(SourceBuilder.Json("one", "one.json").Field("id", Text).Build()).Build(), temp);
        Assert.Equal(RuntimeCodes.InputNotJsonArray, report.Error!.Code);
        Assert.Contains("holds a JSON object, not an array", report.Error.Message);

        temp.Write("broken.json", "[{\"id\": ");
        report = await Runs.Batch(new PipelineBuilder("p", temp.Path).Source(SourceBuilder.Json("broken", "broken.json").Field("id", Text).Build()).Build(), temp);
        Assert.Contains("broken.json is not valid JSON", report.Error!.Message);
    }

    [Fact]
    public async Task Ndjson_skips_blank_lines_and_quarantines_lines_that_are_not_objects()
    {
        temp.Write("events.ndjson", "{\"id\": \"a\", \"visits\": 1}\n\n{\"id\": broken\n[1, 2]\n   \n{\"id\": \"b\"}\r\n");
        var report = await Runs.Succeed(new PipelineBuilder("p", temp.Path).Source(Customers(SourceBuilder.Ndjson("events", "events.ndjson")).Build()).Build(), temp);

        var source = report.Source("events")!;
        Assert.Equal((4L, 2L, 2L), (source.Read, source.Kept, source.Quarantined));
        Assert.Equal(["a|1", "b|∅"], StateQuery.Rows(temp.State, "SELECT id, visits FROM sources.events"));
        Assert.Equal(["3|line 3 is not valid JSON|{\"_line\":\"{\\\"id\\\": broken\"}", "4|line 4 is a JSON array, not an object|[1, 2]"],
            StateQuery.Rows(temp.State, "SELECT position, reason, \"row\" FROM quarantine.events ORDER BY position"));
    }

    [Fact]
    public async Task Parquet_columns_map_by_name_and_values_that_do_not_cast_are_malformed()
    {
        var file = Path.Combine(temp.Path, "m.parquet");
        using (var connection = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"COPY (SELECT * FROM (VALUES ('x', '12', 1.5::DOUBLE), ('y', 'twelve', 2.0), ('z', NULL, NULL)) t(\"Key Name\", amount, ratio)) TO '{file}' (FORMAT parquet)";
            command.ExecuteNonQuery();
        }
        var source = SourceBuilder.Parquet("m", "m.parquet").Field("key", Text, "Key Name").Field("amount", N(Int)).Field("ratio", N(Real)).Build();
        var report = await Runs.Succeed(new PipelineBuilder("p", temp.Path).Source(source).Build(), temp);

        Assert.Equal((3L, 2L, 1L), (report.Source("m")!.Read, report.Source("m")!.Kept, report.Source("m")!.Quarantined));
        Assert.Equal(["x|12|1.5", "z|∅|∅"], StateQuery.Rows(temp.State, "SELECT * FROM sources.m"));
        Assert.Equal("2|column amount: 'twelve' is not a valid int|{\"Key Name\":\"y\",\"amount\":\"twelve\",\"ratio\":2.0}",
            StateQuery.Scalar(temp.State, "SELECT position, reason, \"row\" FROM quarantine.m"));
    }
}
