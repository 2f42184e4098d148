using Pulse.Lsp.Documents;
using Pulse.Lsp.Handlers;
using Pulse.Lsp.Protocol;
using Pulse.Lsp.Tests.Infrastructure;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;
using static Pulse.Lsp.Tests.Infrastructure.TextPositions;

namespace Pulse.Lsp.Tests;

/// <summary>Formatting, semantic tokens, folding, symbols, signature help, code actions and cancellation over the protocol.</summary>
public class EditingProtocolTests
{
    private static readonly string WorldHunger = File.ReadAllText(Repo.Example("world-hunger.pulse"));

    private static async Task<(LspTestClient Client, string Uri, TempWorkspace Workspace)> OpenAsync(string text, string name = "spec.pulse")
    {
        var workspace = new TempWorkspace();
        var client = await LspTestClient.StartInitializedAsync(workspace.Root);
        var uri = workspace.UriOf(name);
        await client.OpenAsync(uri, text);
        return (client, uri, workspace);
    }

    [Fact]
    public async Task Formatting_returns_one_edit_that_produces_the_canonical_text_and_none_when_canonical()
    {
        var messy = File.ReadAllText(Baseline.PathOf("formatting/messy.input.pulse"));
        var (client, uri, workspace) = await OpenAsync(messy);
        await using var _ = client;
        using var __ = workspace;
        var (canonicalClient, canonicalUri, canonicalWorkspace) = await OpenAsync(WorldHunger);
        await using var ___ = canonicalClient;
        using var ____ = canonicalWorkspace;

        var edits = await client.RequestAsync<TextEdit[]>("textDocument/formatting", new { textDocument = new { uri }, options = new { tabSize = 2, insertSpaces = true } });
        var none = await canonicalClient.RequestAsync<TextEdit[]>("textDocument/formatting", new { textDocument = new { uri = canonicalUri }, options = new { tabSize = 2, insertSpaces = true } });

        var edit = Assert.Single(edits);
        Assert.Equal(new Position(0, 0), edit.Range.Start);
        Assert.Equal(PositionAt(messy, messy.Length), edit.Range.End);
        Assert.Equal(File.ReadAllText(Baseline.PathOf("formatting/messy.formatted.pulse")), edit.NewText);
        Assert.Empty(none);
    }

    [Fact]
    public async Task Semantic_tokens_classify_contextual_keywords_names_and_types_by_position()
    {
        var (client, uri, workspace) = await OpenAsync(WorldHunger);
        await using var _ = client;
        using var __ = workspace;

        var tokens = await client.RequestAsync<SemanticTokens>("textDocument/semanticTokens/full", new { textDocument = new { uri } });
        var decoded = Decode(tokens.Data);

        string TypeAt(string needle, int delta, int occurrence = 0)
        {
            var position = Of(WorldHunger, needle, delta, occurrence);
            var token = decoded.Single(t => t.Line == position.Line && t.Start <= position.Character && position.Character < t.Start + t.Length);
            return SemanticTokensHandler.TokenTypes[token.Type] + (token.Modifiers == 1 ? "+declaration" : "");
        }

        Assert.Equal("keyword", TypeAt("from gapminder as g", 0));
        Assert.Equal("class", TypeAt("from gapminder as g", 5));
        Assert.Equal("variable+declaration", TypeAt("from gapminder as g", 18));
        Assert.Equal("property+declaration", TypeAt("    year: int", 4));
        Assert.Equal("type", TypeAt("    year: int", 10));
        Assert.Equal("property", TypeAt("group by cluster, year", 9));
        Assert.Equal("function", TypeAt("count_distinct(country)", 0));
        Assert.Equal("enumMember", TypeAt("source gapminder: json", 18));
        Assert.Equal("namespace", TypeAt("connection = warehouse", 13));
        Assert.Equal("parameter", TypeAt("connection = warehouse", 0));
        Assert.Equal("number", TypeAt("retain 36h", 7));
    }

    [Fact]
    public async Task Folding_ranges_cover_blocks_and_comment_runs_and_symbols_outline_the_file()
    {
        var (client, uri, workspace) = await OpenAsync(WorldHunger);
        await using var _ = client;
        using var __ = workspace;

        var folds = await client.RequestAsync<FoldingRange[]>("textDocument/foldingRange", new { textDocument = new { uri } });
        var symbols = await client.RequestAsync<DocumentSymbol[]>("textDocument/documentSymbol", new { textDocument = new { uri } });

        var sourceLine = Of(WorldHunger, "source gapminder: json {").Line;
        var schemaLine = Of(WorldHunger, "  schema {").Line;
        Assert.Contains(folds, f => f.StartLine == 0 && f.EndLine == 2 && f.Kind == "comment");
        Assert.Contains(folds, f => f.StartLine == sourceLine && f.Kind is null);
        Assert.True(folds.Any(f => f.StartLine == schemaLine && f.EndLine == schemaLine + 7), string.Join(" ", folds.Select(f => $"{f.StartLine}-{f.EndLine}")));

        var gapminder = Assert.Single(symbols, s => s.Name == "gapminder");
        Assert.Equal(SymbolKind.Class, gapminder.Kind);
        Assert.Equal("source: json", gapminder.Detail);
        Assert.Contains(gapminder.Children!, c => c.Name == "cluster" && c.Detail == "int?" && c.Kind == SymbolKind.Field);
        Assert.Contains(gapminder.Children!, c => c.Name == "positive_pop" && c.Kind == SymbolKind.Event);
        var trends = Assert.Single(symbols, s => s.Name == "cluster_trends");
        Assert.Equal(["population", "avg_life_expect", "avg_fertility", "countries"], trends.Children!.Select(c => c.Name));
        Assert.Contains(symbols, s => s.Name == "schedule" && s.Kind == SymbolKind.Event);
    }

    [Fact]
    public async Task Workspace_symbols_search_every_pulse_file_under_the_root()
    {
        await using var client = await LspTestClient.StartInitializedAsync(Repo.Pipelines);

        var symbols = await client.RequestAsync<SymbolInformation[]>("workspace/symbol", new { query = "revenue" });

        Assert.Contains(symbols, s => s.Name == "customer_revenue" && s.Location.Uri.EndsWith("orders.pulse", StringComparison.Ordinal));
        Assert.Contains(symbols, s => s.Name == "revenue_table" && s.Kind == SymbolKind.Interface);
        Assert.All(symbols, s => Assert.True(WorkspaceSymbolHandler.Matches(s.Name, "revenue")));
    }

    [Fact]
    public async Task Signature_help_shows_the_function_and_the_active_parameter()
    {
        const string text = "source s: csv {\n  schema {\n    a: string\n  }\n  clean {\n    derive b = substring(a, 2, )\n  }\n}\n";
        var (client, uri, workspace) = await OpenAsync(text);
        await using var _ = client;
        using var __ = workspace;

        var help = await client.RequestAsync<SignatureHelp>("textDocument/signatureHelp", new { textDocument = new { uri }, position = Of(text, "2, )", 3) });
        var first = await client.RequestAsync<SignatureHelp>("textDocument/signatureHelp", new { textDocument = new { uri }, position = Of(text, "(a,", 1) });

        var signature = Assert.Single(help.Signatures);
        Assert.StartsWith("substring(text: string, start: int", signature.Label);
        Assert.Equal(2, help.ActiveParameter);
        Assert.Equal("length: int", signature.Parameters[2].Label);
        Assert.Equal(0, first.ActiveParameter);
    }

    [Fact]
    public async Task A_did_you_mean_diagnostic_gets_a_quick_fix_that_applies_the_suggestion()
    {
        const string text = "source s: csv {\n  path = \"s.csv\"\n  schema {\n    a: strng\n  }\n}\n";
        var (client, uri, workspace) = await OpenAsync(text);
        await using var _ = client;
        using var __ = workspace;
        var published = await client.WaitForDiagnosticsAsync(uri, d => d.Diagnostics.Length > 0);
        var diagnostic = Assert.Single(published.Diagnostics, d => d.Code == "PULSE0108");

        var actions = await client.RequestAsync<CodeAction[]>("textDocument/codeAction",
            new CodeActionParams(new TextDocumentIdentifier(uri), diagnostic.Range, new CodeActionContext([diagnostic], null)));

        var fix = Assert.Single(actions, a => a.Title == "Change to `string`");
        Assert.Equal(CodeActionKinds.QuickFix, fix.Kind);
        var edit = Assert.Single(fix.Edit!.Changes[uri]);
        Assert.Equal("string", edit.NewText);
        Assert.Equal("strng", Slice(text, edit.Range));
    }

    [Fact]
    public async Task The_checkers_did_you_mean_for_an_unknown_relation_gets_a_quick_fix_too()
    {
        const string text = "source gapminder: json {\n  path = \"g.json\"\n  schema {\n    country: string\n  }\n}\n\nbatch view v {\n  from gapmindr\n}\n";
        var (client, uri, workspace) = await OpenAsync(text);
        await using var _ = client;
        using var __ = workspace;
        var published = await client.WaitForDiagnosticsAsync(uri, d => d.Diagnostics.Any(x => x.Code == "PULSE1001"));
        var diagnostic = published.Diagnostics.Single(d => d.Code == "PULSE1001");

        var actions = await client.RequestAsync<CodeAction[]>("textDocument/codeAction",
            new CodeActionParams(new TextDocumentIdentifier(uri), diagnostic.Range, new CodeActionContext([diagnostic], null)));

        var fix = Assert.Single(actions, a => a.Title == "Change to `gapminder`");
        Assert.Equal("gapmindr", Slice(text, Assert.Single(fix.Edit!.Changes[uri]).Range));
    }

    [Fact]
    public async Task An_unknown_column_in_a_view_offers_to_add_it_to_the_sources_schema()
    {
        const string text = "source s: csv {\n  path = \"s.csv\"\n  schema {\n    a: int\n  }\n}\n\nbatch view v {\n  from s\n  select a, b\n}\n";
        var (client, uri, workspace) = await OpenAsync(text);
        await using var _ = client;
        using var __ = workspace;

        var actions = await client.RequestAsync<CodeAction[]>("textDocument/codeAction",
            new CodeActionParams(new TextDocumentIdentifier(uri), RangeOf(text, "select a, b", delta: 10, length: 0), new CodeActionContext([], null)));

        var add = Assert.Single(actions, a => a.Title == "Add field `b` to the schema of source `s`");
        var edit = Assert.Single(add.Edit!.Changes[uri]);
        Assert.Equal("\n    b: string?", edit.NewText);
        Assert.Equal(Of(text, "a: int", 6), edit.Range.Start);
    }

    [Fact]
    public async Task A_literal_password_gets_a_quick_fix_replacing_it_with_a_secret_reference()
    {
        const string text = "connection warehouse: postgres {\n  host = \"db\"\n  password = \"hunter2\"\n}\n";
        var (client, uri, workspace) = await OpenAsync(text);
        await using var _ = client;
        using var __ = workspace;

        var onPassword = await client.RequestAsync<CodeAction[]>("textDocument/codeAction",
            new CodeActionParams(new TextDocumentIdentifier(uri), RangeOf(text, "\"hunter2\"", length: 0), new CodeActionContext([], null)));
        var onHost = await client.RequestAsync<CodeAction[]>("textDocument/codeAction",
            new CodeActionParams(new TextDocumentIdentifier(uri), RangeOf(text, "\"db\"", length: 0), new CodeActionContext([], null)));

        var fix = Assert.Single(onPassword);
        Assert.Equal("Replace the literal with secret(\"warehouse-password\")", fix.Title);
        var edit = Assert.Single(fix.Edit!.Changes[uri]);
        Assert.Equal("secret(\"warehouse-password\")", edit.NewText);
        Assert.Equal("\"hunter2\"", Slice(text, edit.Range));
        Assert.Empty(onHost);
    }

    [Fact]
    public async Task Cancelled_requests_answer_RequestCancelled_or_their_result_and_the_server_keeps_serving()
    {
        var (client, uri, workspace) = await OpenAsync(WorldHunger);
        await using var _ = client;
        using var __ = workspace;

        var outcomes = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            using var cancel = new CancellationTokenSource();
            var request = client.RequestAsync<CompletionList>("textDocument/completion", new { textDocument = new { uri }, position = Of(WorldHunger, "sum(pop)", 4) }, cancel.Token);
            cancel.Cancel();
            try
            {
                await request;
                outcomes.Add("completed");
            }
            catch (OperationCanceledException)
            {
                outcomes.Add("cancelled");
            }
        }
        var after = await client.RequestAsync<CompletionList>("textDocument/completion", new { textDocument = new { uri }, position = Of(WorldHunger, "sum(pop)", 4) });

        Assert.Equal(20, outcomes.Count);
        Assert.Contains(after.Items, i => i.Label == "pop");
    }

    [Fact]
    public async Task A_request_already_cancelled_when_it_runs_is_answered_with_RequestCancelled()
    {
        var runner = new RequestRunner(new ServerLifecycle(), new CompilationManager(), new Rpc.ClientLog(false));
        runner.Lifecycle.MarkInitialized();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync("test", cancelled.Token, (_, _) => 1));
    }

    private static List<(int Line, int Start, int Length, int Type, int Modifiers)> Decode(int[] data)
    {
        var result = new List<(int, int, int, int, int)>();
        int line = 0, start = 0;
        for (var i = 0; i < data.Length; i += 5)
        {
            line += data[i];
            start = data[i] == 0 ? start + data[i + 1] : data[i + 1];
            result.Add((line, start, data[i + 2], data[i + 3], data[i + 4]));
        }
        return result;
    }
}
