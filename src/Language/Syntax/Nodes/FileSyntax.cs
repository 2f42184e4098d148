using System.Collections.Immutable;

namespace Pulse.Language.Syntax;

/// <summary><c>file = { import | declaration } EOF</c>. The end-of-file token carries the file's final trivia.</summary>
public sealed partial class FileSyntax(SyntaxList<DeclarationSyntax> declarations, SyntaxToken endOfFile) : SyntaxNode
{
    /// <summary>Imports and declarations in source order (skipped garbage is in <c>Declarations.Skipped</c>).</summary>
    public SyntaxList<DeclarationSyntax> Declarations { get; } = declarations;
    public SyntaxToken EndOfFile { get; } = endOfFile;

    public IEnumerable<ImportDeclarationSyntax> Imports => Declarations.OfType<ImportDeclarationSyntax>();

    protected override IEnumerable<object?> GetSlots() => [Declarations, EndOfFile];
}

/// <summary>Tokens the parser could not place; it reported why at the first one. Never empty.</summary>
public sealed partial class SkippedSyntax(ImmutableArray<SyntaxToken> tokens) : SyntaxNode
{
    public ImmutableArray<SyntaxToken> Tokens { get; } = tokens;

    protected override IEnumerable<object?> GetSlots() => Tokens.Cast<object?>();

    private protected override ImmutableArray<SyntaxElement> ComputeChildren() => ImmutableArray<SyntaxElement>.CastUp(Tokens);
}

/// <summary><c>name = IDENTIFIER | QUOTED_IDENTIFIER</c>. <see cref="Text"/> is the name itself (backticks removed).</summary>
public sealed partial class NameSyntax(SyntaxToken identifier) : SyntaxNode
{
    public SyntaxToken Identifier { get; } = identifier;

    /// <summary>The name as the binder sees it: <c>`end`</c> → <c>end</c>, <c>`a``b`</c> → <c>a`b</c>.</summary>
    public string Text => Identifier.ValueText;

    public bool IsMissing => Identifier.IsMissing;

    protected override IEnumerable<object?> GetSlots() => [Identifier];
}
