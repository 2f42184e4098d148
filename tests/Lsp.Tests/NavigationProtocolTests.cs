using Pulse.Lsp.Documents;
using Pulse.Lsp.Protocol;
using Pulse.Lsp.Tests.Infrastructure;
using StreamJsonRpc;
using static Pulse.Lsp.Tests.Infrastructure.TextPositions;

namespace Pulse.Lsp.Tests;

/// <summary>Hover, definition, references and rename on the flagship example, over the protocol.</summary>
public class NavigationProtocolTests : IAsyncLifetime
{
    private readonly string text = File.ReadAllText(Repo.Example("world-hunger.pulse"));
    private readonly string uri = DocumentUri.FromPath(Repo.Example("world-hunger.pulse"));
    private LspTestClient client = null!;

    public async Task InitializeAsync()
    {
        client = await LspTestClient.StartInitializedAsync(Repo.Pipelines);
        await client.OpenAsync(uri, text);
    }

    public async Task DisposeAsync() => await client.DisposeAsync();

    private Task<T> Ask<T>(string method, Position position, object? extra = null) =>
        client.RequestAsync<T>(method, extra ?? new { textDocument = new { uri }, position });

    [Fact]
    public async Task Definition_of_a_relation_in_from_goes_to_the_source_name()
    {
        var locations = await Ask<Location[]>("textDocument/definition", Of(text, "from gapminder as g", 6));

        var location = Assert.Single(locations);
        Assert.Equal(uri, location.Uri);
        Assert.Equal(RangeOf(text, "source gapminder", delta: 7), location.Range);
    }

    [Fact]
    public async Task Definition_of_a_qualified_column_goes_to_the_schema_field_of_the_aliased_source()
    {
        var locations = await Ask<Location[]>("textDocument/definition", Of(text, "c.n_life_expect is not null", 3));

        var location = Assert.Single(locations);
        Assert.Equal(RangeOf(text, "n_life_expect: double?", length: "n_life_expect".Length), location.Range);
    }

    [Fact]
    public async Task Hover_on_a_column_shows_type_nullability_origin_and_doc_comment()
    {
        var field = await Ask<Hover>("textDocument/hover", Of(text, "    cluster: int?", 4));
        var inView = await Ask<Hover>("textDocument/hover", Of(text, "group by cluster, year", 10));

        Assert.Contains("cluster: int?", field.Contents.Value);
        Assert.Contains("nullable", field.Contents.Value);
        Assert.Contains("Schema field of source `gapminder`", field.Contents.Value);
        Assert.Contains("Gapminder's regional cluster (0-5).", field.Contents.Value);
        // After cleaning, `expect known_cluster: cluster in (…) else quarantine` has removed the nulls:
        // the checker's type in the view is not nullable.
        Assert.Contains("cluster: int\n", inView.Contents.Value);
        Assert.Contains("not null", inView.Contents.Value);
        Assert.Contains("Gapminder's regional cluster (0-5).", inView.Contents.Value);
        Assert.Equal(RangeOf(text, "group by cluster, year", delta: 9, length: 7), inView.Range);
    }

    [Fact]
    public async Task Hover_on_an_aggregate_shows_the_expression_and_on_a_function_its_signature()
    {
        var aggregate = await Ask<Hover>("textDocument/hover", Of(text, "avg_life_expect = round", 1));
        var function = await Ask<Hover>("textDocument/hover", Of(text, "count_distinct(country)", 2));

        Assert.Matches(@"avg_life_expect: double\??\n", aggregate.Contents.Value); // the checker's type of round(avg(...), 2)
        Assert.Contains("`= round(avg(life_expect), 2)`", aggregate.Contents.Value);
        Assert.Contains("count_distinct(", function.Contents.Value);
        Assert.Contains("only inside `group by", function.Contents.Value);
    }

    [Fact]
    public async Task Hover_on_a_relation_lists_its_doc_and_columns_and_on_a_setting_what_it_expects()
    {
        var relation = await Ask<Hover>("textDocument/hover", Of(text, "from = cluster_trends", 8));
        var setting = await Ask<Hover>("textDocument/hover", Of(text, "mode = upsert", 1));

        Assert.Contains("batch view cluster_trends", relation.Contents.Value);
        Assert.Contains("Population, life expectancy and fertility per Gapminder cluster and year.", relation.Contents.Value);
        Assert.Contains("- `population`", relation.Contents.Value);
        Assert.Contains("- `cluster: int?`", relation.Contents.Value);
        Assert.Contains("mode", setting.Contents.Value);
        Assert.Contains("upsert", setting.Contents.Value);
    }

    [Fact]
    public async Task References_of_a_connection_include_sinks_and_the_environment_override()
    {
        var locations = await Ask<Location[]>("textDocument/references", Of(text, "connection warehouse", 12),
            new { textDocument = new { uri }, position = Of(text, "connection warehouse", 12), context = new { includeDeclaration = true } });

        var lines = locations.Select(l => text.Split('\n')[l.Range.Start.Line].Trim()).ToList();
        Assert.Equal(4, locations.Length);
        Assert.Contains("connection warehouse: postgres {", lines);
        Assert.Equal(2, lines.Count(l => l == "connection = warehouse"));
        Assert.All(locations, l => Assert.Equal("warehouse", Slice(text, l.Range)));
    }

    [Fact]
    public async Task References_of_a_schema_field_follow_it_through_views_sinks_and_tests()
    {
        var locations = await Ask<Location[]>("textDocument/references", Of(text, "    deaths: long?", 4),
            new { textDocument = new { uri }, position = Of(text, "    deaths: long?", 4), context = new { includeDeclaration = false } });

        var lines = locations.Select(l => text.Split('\n')[l.Range.Start.Line].Trim()).ToList();
        Assert.Contains("fill deaths with 0", lines);
        Assert.Contains("expect deaths_not_negative: deaths >= 0 else quarantine", lines);
        Assert.Contains("deaths = sum(deaths)", lines);           // the input of the aggregate, not its name
        Assert.Contains("worst_year_deaths = max(deaths)", lines);
        Assert.Contains("{ entity: \"Drought\", year: 1921, deaths: 100 }", lines); // a given row of the test
        Assert.DoesNotContain(lines, l => l.StartsWith("deaths: long?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rename_of_a_source_edits_every_reference_across_the_file()
    {
        var edit = await client.RequestAsync<WorkspaceEdit>("textDocument/rename",
            new RenameParams(new TextDocumentIdentifier(uri), Of(text, "source gapminder", 8), "indicators"));

        var edits = Assert.Single(edit.Changes).Value;
        Assert.All(edits, e => Assert.Equal("indicators", e.NewText));
        Assert.All(edits, e => Assert.Equal("gapminder", Slice(text, e.Range)));
        // declaration, `from gapminder` twice, `references gapminder.country`
        Assert.Equal(4, edits.Length);
    }

    [Fact]
    public async Task Rename_of_a_schema_field_keeps_reading_the_same_input_column()
    {
        var edit = await client.RequestAsync<WorkspaceEdit>("textDocument/rename",
            new RenameParams(new TextDocumentIdentifier(uri), Of(text, "    market: string", 4), "market_name"));

        var edits = Assert.Single(edit.Changes).Value;
        Assert.Contains(edits, e => e.NewText == " from \"market\"");
        Assert.True(edits.Count(e => e.NewText == "market_name") >= 5); // field, key = market, group keys, test cells
    }

    [Fact]
    public async Task Rename_quotes_a_reserved_word_and_refuses_an_empty_name_or_a_clash()
    {
        var quoted = await client.RequestAsync<WorkspaceEdit>("textDocument/rename",
            new RenameParams(new TextDocumentIdentifier(uri), Of(text, "batch view life_gains", 11), "end"));
        var empty = await Assert.ThrowsAsync<RemoteInvocationException>(() => client.RequestAsync<WorkspaceEdit>("textDocument/rename",
            new RenameParams(new TextDocumentIdentifier(uri), Of(text, "batch view life_gains", 11), "  ")));
        var clash = await Assert.ThrowsAsync<RemoteInvocationException>(() => client.RequestAsync<WorkspaceEdit>("textDocument/rename",
            new RenameParams(new TextDocumentIdentifier(uri), Of(text, "batch view life_gains", 11), "countries")));

        Assert.All(Assert.Single(quoted.Changes).Value, e => Assert.Equal("`end`", e.NewText));
        Assert.Contains("empty", empty.Message);
        Assert.Contains("already exists", clash.Message);
    }
}
