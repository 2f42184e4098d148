using Pulse.Runtime.Execution;
using Pulse.Runtime.Tests.Fixtures;
using static Pulse.Runtime.Tests.Fixtures.E;

namespace Pulse.Runtime.Tests.Batch;

public sealed class CsvSourceTests : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    private const string People =
        "Name;Age;Joined;Note\n" +
        "ann;12;2024-01-02;\"hello; \"\"world\"\"\"\n" +
        "bob;x;2024-01-03;ok\n" +
        "carl;;2024-01-04;n/a\n" +
        "dan;4;2024-13-01;ok\n" +
        "eve;5;2024-01-05\n" +
        "fay;6;2024-01-06;\"unterminated\n";

    private static Compiler.Ir.SourceIr PeopleSource(string path = "people.csv") =>
        SourceBuilder.Csv("people", path)
            .With(o => o with { Delimiter = ";", NullTokens = ["", "n/a"] })
            .Field("name", Text, "Name")
            .Field("age", N(Int), "Age")
            .Field("joined", Date, "Joined")
            .Field("note", N(Text), "Note")
            .Build();

    [Fact]
    public async Task Malformed_values_and_broken_records_are_quarantined_with_reason_position_and_original_row()
    {
        temp.Write("people.csv", People);
        var report = await Runs.Succeed(new PipelineBuilder("p", temp.Path).Source(PeopleSource()).Build(), temp);

        var source = report.Source("people")!;
        Assert.Equal((6L, 2L, 0L, 4L), (source.Read, source.Kept, source.Dropped, source.Quarantined));
        Runs.AssertBooksBalance(source);
        Assert.Equal(4, source.Rules.Single(r => r.Rule == "_malformed").Quarantined);

        Assert.Equal(["ann|12|2024-01-02|hello; \"world\"", "carl|∅|2024-01-04|∅"],
            StateQuery.Rows(temp.State, "SELECT * FROM sources.people"));
        var quarantine = StateQuery.Rows(temp.State, "SELECT position, rule, reason FROM quarantine.people ORDER BY position");
        Assert.Equal(4, quarantine.Count);
        Assert.Equal("3|_malformed|column age (\"Age\"): 'x' is not a valid int", quarantine[0]);
        Assert.Equal("5|_malformed|column joined (\"Joined\"): '2024-13-01' is not a valid date", quarantine[1]);
        Assert.StartsWith("6|_malformed|record 6 cannot be parsed: Expected Number of Columns: 4 Found: 3", quarantine[2]);
        Assert.StartsWith("7|_malformed|record 7 cannot be parsed:", quarantine[3]);
        Assert.Equal("{\"Name\":\"bob\",\"Age\":\"x\",\"Joined\":\"2024-01-03\",\"Note\":\"ok\"}",
            StateQuery.Scalar(temp.State, "SELECT \"row\" FROM quarantine.people WHERE position = 3"));
        Assert.Equal(report.RunId, StateQuery.Scalar(temp.State, "SELECT DISTINCT run_id FROM quarantine.people"));
    }

    [Fact]
    public async Task A_header_the_spec_does_not_match_fails_with_the_field_position_and_the_columns_found()
    {
        temp.Write("people.csv", People);
        var source = SourceBuilder.Csv("people", "people.csv").With(o => o with { Delimiter = ";" }).Field("name", Text, "Full name").Build();
        var report = await Runs.Batch(new PipelineBuilder("p", temp.Path).Source(source).Build(), temp);

        Assert.Equal(RunStatus.Failed, report.Status);
        Assert.Equal(RuntimeCodes.InputColumnMissing, report.Error!.Code);
        Assert.Equal(("test.pulse", 1), (report.Error.File, report.Error.Line));
        Assert.Contains("column \"Full name\" is not in the header of people.csv", report.Error.Message);
        Assert.Contains("\"Name\", \"Age\", \"Joined\", \"Note\"", report.Error.Hint);
        Assert.False(File.Exists(Path.Combine(temp.State, "state.duckdb")) && StateQuery.Rows(temp.State,
            "SELECT 1 FROM duckdb_tables() WHERE schema_name = 'sources'").Count > 0);
    }

    [Fact]
    public async Task A_missing_file_is_a_clear_error_not_an_exception()
    {
        var report = await Runs.Batch(new PipelineBuilder("p", temp.Path).Source(PeopleSource("nope/people.csv")).Build(), temp);
        Assert.Equal(RuntimeCodes.InputFileMissing, report.Error!.Code);
        Assert.Contains("file nope/people.csv does not exist", report.Error.Message);
    }

    [Fact]
    public async Task Without_a_header_columns_map_by_position_and_CRLF_and_custom_quote_are_read()
    {
        File.WriteAllText(Path.Combine(temp.Path, "points.csv"), "'a|b'|1\r\n'c''d'|2\r\ne|3\r\n");
        var source = SourceBuilder.Csv("points", "points.csv")
            .With(o => o with { Header = false, Delimiter = "|", Quote = "'" })
            .Field("label", Text).Field("value", Long).Build();
        var report = await Runs.Succeed(new PipelineBuilder("p", temp.Path).Source(source).Build(), temp);

        Assert.Equal(3, report.Source("points")!.Kept);
        Assert.Equal(["1|a|b|1", "2|c'd|2", "3|e|3"], StateQuery.Rows(temp.State, "SELECT row_number() OVER (), * FROM sources.points"));
    }

    [Fact]
    public async Task Integers_are_strict_while_decimals_round_to_their_scale_and_timestamps_honour_offsets()
    {
        temp.Write("values.csv",
            "i,d,t,b\n" +
            "1,1.005,2024-06-01T10:00:00+02:00,true\n" +
            " 7 ,2,2024-06-01 10:00:00,0\n" +
            "1.5,3,2024-06-01,TRUE\n" +
            "1e3,4,2024-06-01,yes\n");
        var source = SourceBuilder.Csv("values", "values.csv")
            .Field("i", Long).Field("d", Decimal(10, 2)).Field("t", Timestamp).Field("b", Bool).Build();
        var report = await Runs.Succeed(new PipelineBuilder("p", temp.Path).Source(source).Build(), temp);

        Assert.Equal(["1|1.01|2024-06-01T08:00:00|true", "7|2.00|2024-06-01T10:00:00|false"],
            StateQuery.Rows(temp.State, "SELECT * FROM sources.\"values\""));
        Assert.Equal([
            "4|column i: '1.5' is not a valid long",
            "5|column i: '1e3' is not a valid long; column b: 'yes' is not a valid bool"],
            StateQuery.Rows(temp.State, "SELECT position, reason FROM quarantine.\"values\" ORDER BY position"));
        Assert.Equal(2, report.Source("values")!.Quarantined);
    }
}
