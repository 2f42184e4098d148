using Pulse.Lsp.Handlers;
using Pulse.Lsp.Protocol;

namespace Pulse.Lsp;

/// <summary>
/// What <c>initialize</c> advertises. Honest by construction: a capability is listed here only
/// when its handler is registered in <see cref="LanguageServer"/> and covered by protocol tests.
/// </summary>
public static class ServerCapabilitiesFactory
{
    public static ServerCapabilities Create() => new()
    {
        TextDocumentSync = new TextDocumentSyncOptions(OpenClose: true, Change: TextDocumentSyncKind.Incremental, Save: new SaveOptions(IncludeText: false)),
        DocumentFormattingProvider = true,
        FoldingRangeProvider = true,
        SemanticTokensProvider = new SemanticTokensOptions(SemanticTokensHandler.Legend, Full: true, Range: false),
        DocumentSymbolProvider = true,
        WorkspaceSymbolProvider = true,
        DefinitionProvider = true,
        ReferencesProvider = true,
        DocumentHighlightProvider = true,
        RenameProvider = new RenameOptions(PrepareProvider: true),
        HoverProvider = true,
        CompletionProvider = new CompletionOptions(CompletionHandler.TriggerCharacters, ResolveProvider: false),
        SignatureHelpProvider = new SignatureHelpOptions(SignatureHelpHandler.TriggerCharacters, null),
        CodeActionProvider = new CodeActionOptions([CodeActionKinds.QuickFix]),
    };
}
