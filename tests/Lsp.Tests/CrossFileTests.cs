using Pulse.Lsp.Protocol;
using Pulse.Lsp.Tests.Infrastructure;
using static Pulse.Lsp.Tests.Infrastructure.TextPositions;

namespace Pulse.Lsp.Tests;

/// <summary>A pipeline split over files with <c>import</c>: navigation and rename reach the imported file.</summary>
public class CrossFileTests
{
    private const string Shared = "/// Orders as exported by the shop.\nsource orders: csv {\n  path = \"orders.csv\"\n  schema {\n    order_id: long\n    amount: decimal(12, 2)\n  }\n}\n";
    private const string Main = "import \"shared/sources.pulse\"\n\nbatch view big_orders {\n  from orders\n  where amount > 100\n  select order_id, amount\n}\n";

    [Fact]
    public async Task Definition_hover_and_rename_reach_the_imported_file()
    {
        using var workspace = new TempWorkspace();
        var sharedUri = workspace.Write("shared/sources.pulse", Shared);
        var mainUri = workspace.Write("main.pulse", Main);
        await using var client = await LspTestClient.StartInitializedAsync(workspace.Root);
        await client.OpenAsync(mainUri, Main);

        var definition = await client.RequestAsync<Location[]>("textDocument/definition", new { textDocument = new { uri = mainUri }, position = Of(Main, "from orders", 6) });
        var hover = await client.RequestAsync<Hover>("textDocument/hover", new { textDocument = new { uri = mainUri }, position = Of(Main, "where amount", 7) });
        var rename = await client.RequestAsync<WorkspaceEdit>("textDocument/rename",
            new RenameParams(new TextDocumentIdentifier(mainUri), Of(Main, "from orders", 6), "shop_orders"));

        var target = Assert.Single(definition);
        Assert.Equal(sharedUri, target.Uri);
        Assert.Equal(RangeOf(Shared, "source orders", delta: 7), target.Range);
        Assert.Contains("amount: decimal(12, 2)", hover.Contents.Value);
        Assert.Contains("Schema field of source `orders`", hover.Contents.Value);
        Assert.Equal(new[] { mainUri, sharedUri }.Order(StringComparer.Ordinal), rename.Changes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("orders", Slice(Shared, Assert.Single(rename.Changes[sharedUri]).Range));
        Assert.Equal("orders", Slice(Main, Assert.Single(rename.Changes[mainUri]).Range));
    }

    [Fact]
    public async Task Editing_an_open_imported_file_updates_the_importers_diagnostics()
    {
        using var workspace = new TempWorkspace();
        var sharedUri = workspace.Write("shared/sources.pulse", Shared);
        var mainUri = workspace.Write("main.pulse", Main);
        await using var client = await LspTestClient.StartInitializedAsync(workspace.Root);
        await client.OpenAsync(mainUri, Main);
        await client.OpenAsync(sharedUri, Shared);
        await client.WaitForDiagnosticsAsync(mainUri, d => !d.Diagnostics.Any(x => x.Severity == DiagnosticSeverity.Error));

        // Rename the field `amount` in the imported file only: the view in main.pulse now names a column that does not exist.
        await client.ChangeAsync(sharedUri, 2, new TextDocumentContentChangeEvent(RangeOf(Shared, "amount: decimal", length: 6), null, "total"));
        var broken = await client.WaitForDiagnosticsAsync(mainUri, d => d.Diagnostics.Any(x => x.Severity == DiagnosticSeverity.Error));

        var error = broken.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(Of(Main, "where amount", 6).Line, error.Range.Start.Line);
        Assert.Contains("amount", error.Message);
    }
}
