namespace Pulse.Lsp.Protocol;

// The subset of the Language Server Protocol (3.17) that the Pulse server uses. Property names
// serialize camelCase (the formatter's naming policy); optional members are null and omitted.

/// <summary>A 0-based line and character offset in UTF-16 code units (the LSP default encoding).</summary>
public sealed record Position(int Line, int Character);

/// <summary>A half-open range between two positions. Named LspRange to avoid clashing with System.Range.</summary>
public sealed record LspRange(Position Start, Position End);

public sealed record Location(string Uri, LspRange Range);

public sealed record TextDocumentIdentifier(string Uri);

public sealed record VersionedTextDocumentIdentifier(string Uri, int Version);

public sealed record TextDocumentItem(string Uri, string LanguageId, int Version, string Text);

public sealed record TextEdit(LspRange Range, string NewText);

public sealed record WorkspaceEdit(Dictionary<string, TextEdit[]> Changes);

public sealed record MarkupContent(string Kind, string Value)
{
    public static MarkupContent Markdown(string value) => new("markdown", value);
}

/// <summary>Parameters shared by every request about one position of one document.</summary>
public record TextDocumentPositionParams(TextDocumentIdentifier TextDocument, Position Position);

public static class MessageType
{
    public const int Error = 1;
    public const int Warning = 2;
    public const int Info = 3;
    public const int Log = 4;
}

public sealed record LogMessageParams(int Type, string Message);

/// <summary>The LSP and JSON-RPC error codes the server answers with.</summary>
public static class LspErrorCodes
{
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;
    public const int ServerNotInitialized = -32002;
    public const int RequestFailed = -32803;
    public const int RequestCancelled = -32800;
}
