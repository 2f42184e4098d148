using Pulse.Lsp.Documents;
using Pulse.Lsp.Protocol;
using Pulse.Lsp.Tests.Infrastructure;
using static Pulse.Lsp.Tests.Infrastructure.TextPositions;

namespace Pulse.Lsp.Tests;

/// <summary>Completion over the protocol, on the flagship example and on text being typed.</summary>
public class CompletionProtocolTests
{
    private static async Task<CompletionItem[]> CompleteAsync(string text, Position position)
    {
        using var workspace = new TempWorkspace();
        await using var client = await LspTestClient.StartInitializedAsync(workspace.Root);
        var uri = workspace.UriOf("spec.pulse");
        await client.OpenAsync(uri, text);
        var list = await client.RequestAsync<CompletionList>("textDocument/completion", new { textDocument = new { uri }, position });
        return list.Items;
    }

    private static readonly string WorldHunger = File.ReadAllText(Repo.Example("world-hunger.pulse"));

    [Fact]
    public async Task After_from_the_relations_are_offered_with_their_kind()
    {
        var items = await CompleteAsync(WorldHunger, Of(WorldHunger, "from gapminder as g", 5));

        var gapminder = Assert.Single(items, i => i.Label == "gapminder");
        Assert.Equal(CompletionItemKind.Class, gapminder.Kind);
        Assert.Equal("source: json", gapminder.Detail);
        Assert.Contains(items, i => i.Label == "cluster_trends" && i.Detail == "batch view");
        Assert.DoesNotContain(items, i => i.Label == "life_gains"); // not the view being written
        Assert.DoesNotContain(items, i => i.Kind == CompletionItemKind.Function);
    }

    [Fact]
    public async Task Inside_a_view_step_columns_come_with_their_types_and_functions_with_signatures()
    {
        var items = await CompleteAsync(WorldHunger, Of(WorldHunger, "countries = count_distinct(country)", 27));

        var country = Assert.Single(items, i => i.Label == "country");
        Assert.Equal("string", country.Detail);
        Assert.Equal(CompletionItemKind.Field, country.Kind);
        Assert.Contains(items, i => i.Label == "pop" && i.Detail == "long?");
        Assert.Contains(items, i => i.Label == "sum" && i.Kind == CompletionItemKind.Function && i.Detail!.StartsWith("sum(", StringComparison.Ordinal));
        Assert.Contains(items, i => i.Label == "round" && i.Documentation!.Value.Contains("half away from zero", StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_an_alias_and_a_dot_only_that_relations_columns_are_offered()
    {
        var items = await CompleteAsync(WorldHunger, Of(WorldHunger, "where c.n_life_expect", 8));

        Assert.Contains(items, i => i.Label == "n_life_expect" && i.Detail == "double?");
        Assert.Contains(items, i => i.Label == "p_fertility");
        Assert.DoesNotContain(items, i => i.Label == "cluster"); // a column of g, not c
        Assert.DoesNotContain(items, i => i.Kind == CompletionItemKind.Function);
    }

    [Fact]
    public async Task At_the_start_of_a_step_the_step_keywords_of_the_view_kind_are_offered()
    {
        const string text = "source s: csv {\n  path = \"s.csv\"\n  schema {\n    a: int\n  }\n}\n\nspeed view v {\n  from s\n  \n}\n";

        var items = await CompleteAsync(text, new Position(9, 2));

        Assert.Contains(items, i => i.Label == "window" && i.Kind == CompletionItemKind.Keyword);
        Assert.Contains(items, i => i.Label == "late");
        Assert.DoesNotContain(items, i => i.Label == "order by"); // batch views only
        Assert.DoesNotContain(items, i => i.Label == "a");
    }

    [Fact]
    public async Task Completion_inside_an_unfinished_view_offers_the_columns_in_scope()
    {
        const string text = "source s: csv {\n  path = \"s.csv\"\n  schema {\n    amount: decimal(12, 2)\n    day: date\n  }\n}\n\nbatch view v {\n  from s\n  derive doubled = amount * 2\n  where ";

        var items = await CompleteAsync(text, new Position(11, 8));

        Assert.Contains(items, i => i.Label == "amount" && i.Detail == "decimal(12, 2)");
        Assert.Contains(items, i => i.Label == "doubled" && i.Detail == "= amount * 2");
        Assert.Contains(items, i => i.Label == "year" && i.Kind == CompletionItemKind.Function);
        Assert.DoesNotContain(items, i => i.Label == "sum"); // aggregates only inside group by { }
    }

    [Fact]
    public async Task Settings_of_the_block_kind_are_offered_without_those_already_written()
    {
        var text = WorldHunger.Replace("  mode = upsert\n}\n\nsink disaster_search", "  mode = upsert\n  \n}\n\nsink disaster_search", StringComparison.Ordinal);

        var items = await CompleteAsync(text, Of(text, "  mode = upsert\n  \n", 17) with { });

        Assert.Contains(items, i => i.Label == "indexes" && i.Kind == CompletionItemKind.Property);
        Assert.DoesNotContain(items, i => i.Label == "table"); // already set
        Assert.DoesNotContain(items, i => i.Label == "index"); // an elasticsearch sink setting
    }

    [Fact]
    public async Task Setting_values_offer_connections_enum_values_and_columns_of_the_sinks_relation()
    {
        var connection = await CompleteAsync(WorldHunger, Of(WorldHunger, "connection = warehouse", 13));
        var mode = await CompleteAsync(WorldHunger, Of(WorldHunger, "mode = upsert", 7));
        var key = await CompleteAsync(WorldHunger, Of(WorldHunger, "key = [cluster, year]", 7));

        Assert.Contains(connection, i => i.Label == "warehouse" && i.Detail == "connection: postgres");
        Assert.Contains(connection, i => i.Label == "search");
        Assert.Equal(["append", "replace", "upsert"], mode.Select(i => i.Label).Order(StringComparer.Ordinal));
        Assert.Contains(key, i => i.Label == "population"); // a column of cluster_trends
        Assert.Contains(key, i => i.Label == "cluster" && i.Detail == "int?");
    }

    [Fact]
    public async Task Top_level_keywords_kinds_and_environments_are_offered_where_they_fit()
    {
        const string text = "environment prod {}\n\nsource s: \n\ndeploy \n\n";

        var top = await CompleteAsync(text, new Position(5, 0));
        var kinds = await CompleteAsync(text, new Position(2, 10));
        var environments = await CompleteAsync(text, new Position(4, 7));

        Assert.Contains(top, i => i.Label == "batch view");
        Assert.Contains(top, i => i.Label == "source");
        Assert.Equal(["csv", "elasticsearch", "http", "json", "kafka", "ndjson", "parquet", "postgres"], kinds.Select(i => i.Label).Order(StringComparer.Ordinal));
        Assert.Equal(["prod"], environments.Select(i => i.Label));
    }

    [Fact]
    public async Task Types_after_a_colon_in_a_schema_and_clean_steps_at_the_start_of_a_line()
    {
        const string text = "source s: csv {\n  schema {\n    a: \n  }\n  clean {\n    \n  }\n}\n";

        var types = await CompleteAsync(text, new Position(2, 7));
        var steps = await CompleteAsync(text, new Position(5, 4));

        Assert.Contains(types, i => i.Label == "timestamp");
        Assert.Contains(types, i => i.Label == "decimal");
        Assert.Contains(steps, i => i.Label == "expect");
        Assert.Contains(steps, i => i.Label == "dedupe by");
    }
}
