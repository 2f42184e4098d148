namespace Pulse.Lsp.Protocol;

// ---- completion ----
public static class CompletionItemKind
{
    public const int Text = 1, Method = 2, Function = 3, Field = 5, Variable = 6, Class = 7, Interface = 8,
        Module = 9, Property = 10, Unit = 11, Value = 12, Enum = 13, Keyword = 14, Snippet = 15,
        File = 17, Reference = 18, Folder = 19, EnumMember = 20, Constant = 21, Struct = 22, Event = 23,
        Operator = 24, TypeParameter = 25;
}

public sealed record CompletionContext(int TriggerKind, string? TriggerCharacter);

public sealed record CompletionParams(TextDocumentIdentifier TextDocument, Position Position, CompletionContext? Context)
    : TextDocumentPositionParams(TextDocument, Position);

public sealed record CompletionItem(string Label, int Kind)
{
    public string? Detail { get; init; }
    public MarkupContent? Documentation { get; init; }
    public string? SortText { get; init; }
    public string? FilterText { get; init; }
    public string? InsertText { get; init; }
    /// <summary>1 = plain text, 2 = snippet.</summary>
    public int? InsertTextFormat { get; init; }
}

public sealed record CompletionList(bool IsIncomplete, CompletionItem[] Items);

// ---- hover ----
public sealed record Hover(MarkupContent Contents, LspRange? Range);

// ---- signature help ----
public sealed record ParameterInformation(string Label, MarkupContent? Documentation);

public sealed record SignatureInformation(string Label, MarkupContent? Documentation, ParameterInformation[] Parameters);

public sealed record SignatureHelp(SignatureInformation[] Signatures, int ActiveSignature, int ActiveParameter);

// ---- references ----
public sealed record ReferenceContext(bool IncludeDeclaration);

public sealed record ReferenceParams(TextDocumentIdentifier TextDocument, Position Position, ReferenceContext Context)
    : TextDocumentPositionParams(TextDocument, Position);

public sealed record DocumentHighlight(LspRange Range, int Kind);

// ---- rename ----
public sealed record RenameParams(TextDocumentIdentifier TextDocument, Position Position, string NewName)
    : TextDocumentPositionParams(TextDocument, Position);

public sealed record PrepareRenameResult(LspRange Range, string Placeholder);

// ---- symbols ----
public static class SymbolKind
{
    public const int File = 1, Module = 2, Namespace = 3, Package = 4, Class = 5, Method = 6, Property = 7,
        Field = 8, Constructor = 9, Enum = 10, Interface = 11, Function = 12, Variable = 13, Constant = 14,
        String = 15, Number = 16, Boolean = 17, Array = 18, Object = 19, Key = 20, Null = 21, EnumMember = 22,
        Struct = 23, Event = 24, Operator = 25, TypeParameter = 26;
}

public sealed record DocumentSymbolParams(TextDocumentIdentifier TextDocument);

public sealed record DocumentSymbol(string Name, string? Detail, int Kind, LspRange Range, LspRange SelectionRange, DocumentSymbol[]? Children);

public sealed record WorkspaceSymbolParams(string Query);

public sealed record SymbolInformation(string Name, int Kind, Location Location, string? ContainerName);

// ---- formatting ----
public sealed record FormattingOptions(int TabSize, bool InsertSpaces);

public sealed record DocumentFormattingParams(TextDocumentIdentifier TextDocument, FormattingOptions Options);

// ---- folding ----
public sealed record FoldingRangeParams(TextDocumentIdentifier TextDocument);

public sealed record FoldingRange(int StartLine, int EndLine)
{
    /// <summary>"comment", "imports" or "region"; null for ordinary blocks.</summary>
    public string? Kind { get; init; }
}

// ---- semantic tokens ----
public sealed record SemanticTokensParams(TextDocumentIdentifier TextDocument);

public sealed record SemanticTokens(int[] Data);

// ---- code actions ----
public sealed record CodeActionContext(Diagnostic[] Diagnostics, string[]? Only);

public sealed record CodeActionParams(TextDocumentIdentifier TextDocument, LspRange Range, CodeActionContext Context);

public sealed record CodeAction(string Title, string Kind)
{
    public Diagnostic[]? Diagnostics { get; init; }
    public bool? IsPreferred { get; init; }
    public WorkspaceEdit? Edit { get; init; }
}

public static class CodeActionKinds
{
    public const string QuickFix = "quickfix";
    public const string Refactor = "refactor";
    public const string RefactorRewrite = "refactor.rewrite";
}
