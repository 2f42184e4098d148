using System.Text.Json;

namespace Pulse.Lsp.Protocol;

public sealed record WorkspaceFolder(string Uri, string Name);

public sealed record InitializeParams(
    int? ProcessId,
    string? RootUri,
    string? RootPath,
    WorkspaceFolder[]? WorkspaceFolders,
    JsonElement? InitializationOptions,
    JsonElement? Capabilities);

public sealed record ServerInfo(string Name, string Version);

public sealed record InitializeResult(ServerCapabilities Capabilities, ServerInfo ServerInfo);

public static class TextDocumentSyncKind
{
    public const int None = 0;
    public const int Full = 1;
    public const int Incremental = 2;
}

public sealed record SaveOptions(bool IncludeText);

public sealed record TextDocumentSyncOptions(bool OpenClose, int Change, SaveOptions? Save);

public sealed record CompletionOptions(string[]? TriggerCharacters, bool? ResolveProvider);

public sealed record SignatureHelpOptions(string[]? TriggerCharacters, string[]? RetriggerCharacters);

public sealed record RenameOptions(bool PrepareProvider);

public sealed record CodeActionOptions(string[]? CodeActionKinds);

public sealed record SemanticTokensLegend(string[] TokenTypes, string[] TokenModifiers);

public sealed record SemanticTokensOptions(SemanticTokensLegend Legend, bool Full, bool Range);

/// <summary>
/// What the server can do. Only features that are implemented are declared; a null member is
/// omitted from the JSON and so not advertised.
/// </summary>
public sealed record ServerCapabilities
{
    public string PositionEncoding { get; init; } = "utf-16";
    public TextDocumentSyncOptions? TextDocumentSync { get; init; }
    public CompletionOptions? CompletionProvider { get; init; }
    public bool? HoverProvider { get; init; }
    public SignatureHelpOptions? SignatureHelpProvider { get; init; }
    public bool? DefinitionProvider { get; init; }
    public bool? ReferencesProvider { get; init; }
    public bool? DocumentHighlightProvider { get; init; }
    public bool? DocumentSymbolProvider { get; init; }
    public bool? WorkspaceSymbolProvider { get; init; }
    public CodeActionOptions? CodeActionProvider { get; init; }
    public bool? DocumentFormattingProvider { get; init; }
    public RenameOptions? RenameProvider { get; init; }
    public bool? FoldingRangeProvider { get; init; }
    public SemanticTokensOptions? SemanticTokensProvider { get; init; }
}
