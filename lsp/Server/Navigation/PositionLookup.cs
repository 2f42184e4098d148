using Pulse.Language.Lexing;
using Pulse.Language.Syntax;

namespace Pulse.Lsp.Navigation;

/// <summary>Finds what the cursor is on.</summary>
public static class PositionLookup
{
    /// <summary>
    /// The name under the cursor, or just before it (a cursor right after <c>alias</c> in
    /// <c>alias.x</c> is still on <c>alias</c>); null when the cursor is not on a name.
    /// </summary>
    public static NameSyntax? NameAt(SyntaxTree tree, int offset)
    {
        var token = TokenAt(tree, offset);
        return token?.Parent as NameSyntax;
    }

    /// <summary>The present token whose text contains or touches the offset, preferring names.</summary>
    public static SyntaxToken? TokenAt(SyntaxTree tree, int offset)
    {
        var token = tree.FindToken(offset);
        if (Touches(token, offset) && SyntaxFacts.IsName(token.Kind)) return token;
        var before = PreviousToken(tree, token);
        if (before is not null && Touches(before, offset) && SyntaxFacts.IsName(before.Kind)) return before;
        if (Touches(token, offset)) return token;
        return before is not null && Touches(before, offset) ? before : null;
    }

    private static bool Touches(SyntaxToken token, int offset) =>
        !token.IsMissing && token.Kind != TokenKind.EndOfFile && token.Position <= offset && offset <= token.Span.End;

    /// <summary>The present token before this one (skipping missing tokens); null at the start.</summary>
    public static SyntaxToken? PreviousToken(SyntaxTree tree, SyntaxToken token)
    {
        if (token.FullSpan.Start == 0) return null;
        var candidate = tree.FindToken(token.FullSpan.Start - 1);
        var guard = 0;
        while (candidate.IsMissing && candidate.FullSpan.Start > 0 && guard++ < 1000)
            candidate = tree.FindToken(candidate.FullSpan.Start - 1);
        return candidate.IsMissing || ReferenceEquals(candidate, token) ? null : candidate;
    }
}
