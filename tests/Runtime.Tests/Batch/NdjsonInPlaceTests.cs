using Pulse.Compiler.Ir;
using Pulse.Runtime.Tests.Fixtures;
using static Pulse.Runtime.Tests.Fixtures.E;

namespace Pulse.Runtime.Tests.Batch;

/// <summary>
/// NDJSON is read in place (DuckDB's read_ndjson_objects inside the cleaning statement) when every line holds a
/// JSON object; otherwise it is read again line by line. Either way the accounting must be the same: positions
/// are line numbers, wrong JSON types and lines that are not objects are quarantined with their line and text,
/// nothing is lost. Each case runs without and with a cleaning window (dedupe), which needs positions inside the
/// statement and takes the other in-place path.
/// </summary>
public sealed class NdjsonInPlaceTests : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    private async Task<(long Read, long Kept, long Quarantined, List<string> Quarantine, List<string> Kept_)> Run(string content, bool window)
    {
        temp.Write("e.ndjson", content);
        var source = SourceBuilder.Ndjson("e", "e.ndjson").Field("id", Int).Field("name", N(Text));
        source.ExpectRow("small_id", Lt(source.Col("id"), Int32(100)), ViolationAction.Quarantine);
        if (window) source.Dedupe(["id"]);
        var report = await Runs.Succeed(new PipelineBuilder("p", temp.Path).Source(source.Build()).Build(), temp);
        var e = report.Source("e")!;
        Runs.AssertBooksBalance(e);
        return (e.Read, e.Kept, e.Quarantined,
            StateQuery.Rows(temp.State, "SELECT position, rule, reason, \"row\" FROM quarantine.e ORDER BY position"),
            StateQuery.Rows(temp.State, "SELECT * FROM sources.e"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Clean_lines_keep_their_line_numbers_and_wrong_types_are_quarantined_where_they_are(bool window)
    {
        // No trailing newline, one CRLF line, a string where the int belongs, a rule violation. The quarantine keeps each line's own text.
        var result = await Run("{\"id\": 1, \"name\": \"a\"}\r\n{\"id\": \"2\"}\n{\"id\": 300, \"name\": \"c\"}\n{\"id\": 4, \"extra\": [1]}", window);

        Assert.Equal((4L, 2L, 2L), (result.Read, result.Kept, result.Quarantined));
        Assert.Equal(["1|a", "4|∅"], result.Kept_);
        Assert.Equal([
            "2|_malformed|column id: '2' is not a valid int|{\"id\": \"2\"}",
            "3|small_id|expectation small_id failed: id < 100 (id = 300)|{\"id\": 300, \"name\": \"c\"}"], result.Quarantine);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Lines_that_are_not_objects_are_quarantined_with_their_line_number_and_text(bool window)
    {
        var result = await Run("{\"id\": 1}\nnull\n{\"id\": 2\n\"text\"\n{\"id\": 300}\n{\"id\": 3}\n", window);

        Assert.Equal((6L, 2L, 4L), (result.Read, result.Kept, result.Quarantined));
        Assert.Equal(["1|∅", "3|∅"], result.Kept_);
        Assert.Equal([
            "2|_malformed|line 2 is a JSON null, not an object|null",
            "3|_malformed|line 3 is not valid JSON|{\"_line\":\"{\\\"id\\\": 2\"}",
            "4|_malformed|line 4 is a JSON varchar, not an object|\"text\"",
            "5|small_id|expectation small_id failed: id < 100 (id = 300)|{\"id\": 300}"], result.Quarantine);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Blank_lines_do_not_shift_the_positions_of_the_lines_after_them(bool window)
    {
        var result = await Run("{\"id\": 1}\n\n   \n{\"id\": 200}\n\n{\"id\": 2}\n\n", window);

        Assert.Equal((3L, 2L, 1L), (result.Read, result.Kept, result.Quarantined));
        Assert.Equal(["4|small_id|expectation small_id failed: id < 100 (id = 200)|{\"id\": 200}"], result.Quarantine);
    }

    [Fact]
    public async Task Duplicates_removed_by_dedupe_are_counted_and_the_first_line_of_a_key_is_kept()
    {
        var result = await Run("{\"id\": 1, \"name\": \"a\"}\n{\"id\": 1, \"name\": \"b\"}\n{\"id\": 2, \"name\": \"c\"}\n", window: true);

        Assert.Equal((3L, 2L, 0L), (result.Read, result.Kept, result.Quarantined));
        Assert.Equal(["1|a", "2|c"], result.Kept_);
    }

    [Fact]
    public async Task An_empty_file_has_no_rows()
    {
        var result = await Run("", window: false);
        Assert.Equal((0L, 0L, 0L), (result.Read, result.Kept, result.Quarantined));
    }
}
