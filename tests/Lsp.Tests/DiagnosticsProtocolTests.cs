using Pulse.Lsp.Protocol;
using Pulse.Lsp.Tests.Infrastructure;

namespace Pulse.Lsp.Tests;

public class DiagnosticsProtocolTests
{
    private const string ViewWithTypo = "source s: csv {\n  path = \"s.csv\"\n  schema {\n    a: int\n  }\n}\n\nbatch view v {\n  form s\n}\n";

    private static LspRange Range(int l1, int c1, int l2, int c2) => new(new Position(l1, c1), new Position(l2, c2));

    [Fact]
    public async Task DidOpen_publishes_the_checker_diagnostics_with_exact_ranges_code_and_hint()
    {
        using var workspace = new TempWorkspace();
        await using var client = await LspTestClient.StartInitializedAsync(workspace.Root);
        var uri = workspace.UriOf("typo.pulse");

        await client.OpenAsync(uri, ViewWithTypo);
        var published = await client.WaitForDiagnosticsAsync(uri);

        Assert.Equal(1, published.Version);
        var diagnostic = Assert.Single(published.Diagnostics, d => d.Code == "PULSE0104");
        Assert.Equal(Range(8, 2, 8, 6), diagnostic.Range);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("pulse", diagnostic.Source);
        Assert.Contains("did you mean `from`?", diagnostic.Message);
    }

    [Fact]
    public async Task An_incremental_change_that_fixes_the_typo_clears_the_error()
    {
        using var workspace = new TempWorkspace();
        await using var client = await LspTestClient.StartInitializedAsync(workspace.Root);
        var uri = workspace.UriOf("typo.pulse");
        await client.OpenAsync(uri, ViewWithTypo);
        await client.WaitForDiagnosticsAsync(uri, d => d.Diagnostics.Any(x => x.Code == "PULSE0104"));

        await client.ChangeAsync(uri, 2, new TextDocumentContentChangeEvent(Range(8, 2, 8, 6), null, "from"));
        var published = await client.WaitForDiagnosticsAsync(uri, d => d.Version == 2);

        Assert.DoesNotContain(published.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public async Task Several_quick_edits_end_with_diagnostics_for_the_last_version()
    {
        using var workspace = new TempWorkspace();
        await using var client = await LspTestClient.StartInitializedAsync(workspace.Root);
        var uri = workspace.UriOf("typo.pulse");
        await client.OpenAsync(uri, ViewWithTypo);

        // Type "xml" over "csv" one character at a time, then back: edits applied in order.
        await client.ChangeAsync(uri, 2, new TextDocumentContentChangeEvent(Range(0, 10, 0, 11), null, "x"));
        await client.ChangeAsync(uri, 3, new TextDocumentContentChangeEvent(Range(0, 11, 0, 12), null, "m"));
        await client.ChangeAsync(uri, 4, new TextDocumentContentChangeEvent(Range(0, 12, 0, 13), null, "l"));
        var published = await client.WaitForDiagnosticsAsync(uri, d => d.Version == 4);

        var format = Assert.Single(published.Diagnostics, d => d.Code == "PULSE0110");
        Assert.Equal(Range(0, 10, 0, 13), format.Range);
        Assert.Contains("`xml`", format.Message);
    }

    [Fact]
    public async Task Errors_in_an_imported_file_on_disk_are_published_for_that_file_and_cleared_on_close()
    {
        using var workspace = new TempWorkspace();
        var importedUri = workspace.Write("shared.pulse", "connection db: postgress {\n  url = env(\"DB\")\n}\n");
        await using var client = await LspTestClient.StartInitializedAsync(workspace.Root);
        var mainUri = workspace.UriOf("main.pulse");

        await client.OpenAsync(mainUri, "import \"shared.pulse\"\n\npipeline p {}\n");
        var imported = await client.WaitForDiagnosticsAsync(importedUri, d => d.Diagnostics.Length > 0);
        await client.NotifyAsync("textDocument/didClose", new DidCloseTextDocumentParams(new TextDocumentIdentifier(mainUri)));
        var cleared = await client.WaitForDiagnosticsAsync(importedUri, d => d.Diagnostics.Length == 0);

        var kind = Assert.Single(imported.Diagnostics, d => d.Code == "PULSE0111");
        Assert.Equal(Range(0, 15, 0, 24), kind.Range);
        Assert.Null(imported.Version); // not open: the disk version
        Assert.Empty(cleared.Diagnostics);
    }

    [Fact]
    public async Task Published_diagnostics_are_exactly_those_of_the_compilation_pulse_check_uses()
    {
        using var workspace = new TempWorkspace();
        const string text = "source s: csv {\n  path = \"s.csv\"\n  schema {\n    a: int\n  }\n}\n\nbatch view v {\n  from t\n  select b = a + \"x\"\n}\n\nsink out: postgres {\n  from = v\n  connection = db\n  table = \"x.y\"\n}\n";
        var uri = workspace.Write("semantic.pulse", text);
        var expected = Pulse.Compiler.Semantics.Compilation.FromFile(workspace.PathOf("semantic.pulse")).GetDiagnostics();
        await using var client = await LspTestClient.StartInitializedAsync(workspace.Root);

        await client.OpenAsync(uri, text);
        var published = await client.WaitForDiagnosticsAsync(uri);

        Assert.NotEmpty(expected);
        Assert.Contains(expected, d => d.Code.StartsWith("PULSE1", StringComparison.Ordinal)); // binding, not only syntax
        Assert.Equal(
            expected.Select(d => $"{d.Code} {d.Start.Line}:{d.Start.Character}-{d.End.Line}:{d.End.Character}").Order(StringComparer.Ordinal),
            published.Diagnostics.Select(d => $"{d.Code} {d.Range.Start.Line}:{d.Range.Start.Character}-{d.Range.End.Line}:{d.Range.End.Character}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_untitled_buffer_is_checked_too()
    {
        await using var client = await LspTestClient.StartInitializedAsync();
        const string uri = "untitled:Untitled-1";

        await client.OpenAsync(uri, ViewWithTypo);
        var published = await client.WaitForDiagnosticsAsync(uri);

        Assert.Contains(published.Diagnostics, d => d.Code == "PULSE0104" && d.Range == Range(8, 2, 8, 6));
    }

    public static TheoryData<string> Examples => new(Repo.Examples.Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Every_example_opens_without_errors(string example)
    {
        await using var client = await LspTestClient.StartInitializedAsync(Repo.Pipelines);
        var uri = Documents.DocumentUri.FromPath(Repo.Example(example));

        await client.OpenAsync(uri, File.ReadAllText(Repo.Example(example)));
        var published = await client.WaitForDiagnosticsAsync(uri);

        Assert.DoesNotContain(published.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }
}
