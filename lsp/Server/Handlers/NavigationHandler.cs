using Pulse.Lsp.Navigation;
using Pulse.Lsp.Protocol;
using StreamJsonRpc;

namespace Pulse.Lsp.Handlers;

/// <summary>Go to definition, find references and document highlights, all from <see cref="SemanticIndex"/>.</summary>
public sealed class NavigationHandler(RequestRunner runner)
{
    [JsonRpcMethod("textDocument/definition", UseSingleObjectParameterDeserialization = true)]
    public Task<Location[]> DefinitionAsync(TextDocumentPositionParams parameters, CancellationToken cancellation) =>
        runner.RunAsync<Location[]>("textDocument/definition", cancellation, (snapshot, _) =>
        {
            var at = SymbolAtPosition.Find(snapshot, parameters.TextDocument.Uri, parameters.Position);
            if (at?.Symbol is not { } symbol) return [];
            var span = symbol.DeclarationName?.Span ?? symbol.Declaration.Span;
            return [new Location(symbol.File.Uri, symbol.File.RangeOf(span))];
        });

    [JsonRpcMethod("textDocument/references", UseSingleObjectParameterDeserialization = true)]
    public Task<Location[]> ReferencesAsync(ReferenceParams parameters, CancellationToken cancellation) =>
        runner.RunAsync<Location[]>("textDocument/references", cancellation, (snapshot, _) =>
        {
            var at = SymbolAtPosition.Find(snapshot, parameters.TextDocument.Uri, parameters.Position);
            if (at?.Symbol is not { } symbol) return [];
            return SymbolAtPosition.Occurrences(at.Unit, symbol, parameters.Context?.IncludeDeclaration ?? true)
                .Select(o => new Location(o.File.Uri, o.File.RangeOf(o.Name.Span))).ToArray();
        });

    [JsonRpcMethod("textDocument/documentHighlight", UseSingleObjectParameterDeserialization = true)]
    public Task<DocumentHighlight[]> HighlightAsync(TextDocumentPositionParams parameters, CancellationToken cancellation) =>
        runner.RunAsync<DocumentHighlight[]>("textDocument/documentHighlight", cancellation, (snapshot, _) =>
        {
            var at = SymbolAtPosition.Find(snapshot, parameters.TextDocument.Uri, parameters.Position);
            if (at?.Symbol is not { } symbol) return [];
            const int read = 2, write = 3;
            return SymbolAtPosition.Occurrences(at.Unit, symbol, includeDeclaration: true)
                .Where(o => o.File.Path == at.File.Path)
                .Select(o => new DocumentHighlight(o.File.RangeOf(o.Name.Span), ReferenceEquals(o.Name, symbol.DeclarationName) ? write : read))
                .ToArray();
        });
}
