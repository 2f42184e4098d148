using Pulse.Language.Lexing;
using Pulse.Language.Syntax;

namespace Pulse.Lsp.Formatting;

/// <summary>Whether two tokens that end up on the same line are separated by one space or none.</summary>
internal static class TokenSpacing
{
    public static bool SpaceBetween(SyntaxToken previous, SyntaxToken next)
    {
        var p = previous.Kind;
        var n = next.Kind;

        if (p is TokenKind.OpenParen or TokenKind.OpenBracket) return false;
        if (n is TokenKind.CloseParen or TokenKind.CloseBracket) return false;
        if (p == TokenKind.OpenBrace && n == TokenKind.CloseBrace) return false;            // {}
        if (n is TokenKind.Comma or TokenKind.Semicolon) return false;
        if (p is TokenKind.Dot || n is TokenKind.Dot) return false;                           // a.b
        if (n == TokenKind.Colon) return false;                                               // name: type
        if (n == TokenKind.Question && next.Parent is NullableTypeSyntax) return false;       // int?
        if (n == TokenKind.OpenParen) return !IsCallLike(next.Parent);                        // f(x) but in (1, 2), using (a)
        if (next.Parent is ListTypeSyntax && n is TokenKind.LessThan or TokenKind.GreaterThan) return false; // list<string>
        if (previous.Parent is ListTypeSyntax && p == TokenKind.LessThan) return false;
        if (previous.Parent is UnaryExpressionSyntax && p == TokenKind.Minus) return false;   // -amount
        return true;
    }

    private static bool IsCallLike(SyntaxNode? parent) =>
        parent is CallExpressionSyntax or DecimalTypeSyntax or CastExpressionSyntax or UniqueRuleSyntax;
}
