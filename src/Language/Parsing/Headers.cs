using Pulse.Language.Lexing;
using Pulse.Language.Syntax;

namespace Pulse.Language.Parsing;

/// <summary>Recognises the start of a top-level declaration by looking at its first two or three tokens.</summary>
internal static class Headers
{
    public static bool IsDeclarationKeyword(ParseSession session, int index) =>
        session.KindAt(index) == TokenKind.Identifier && SyntaxFacts.DeclarationKeywords.Contains(session.TokenAt(index).Text);

    /// <summary>
    /// True when the tokens at <paramref name="index"/> can only be a declaration header
    /// (<c>source x:</c>, <c>batch view</c>, <c>test x {</c>, <c>import "…"</c>, …): inside a block that means
    /// the block was left open. <c>schedule {</c> looks like a nested property, so inside a block it
    /// counts only at the start of a line in column 1.
    /// </summary>
    public static bool StartsDeclaration(ParseSession session, int index, bool insideBlock, bool acceptsConnections = false)
    {
        if (session.KindAt(index) != TokenKind.Identifier) return false;
        var next = session.KindAt(index + 1);
        var nameThenColon = SyntaxFacts.IsName(next) && session.KindAt(index + 2) == TokenKind.Colon;
        var nameThenBrace = SyntaxFacts.IsName(next) && session.KindAt(index + 2) == TokenKind.OpenBrace;
        return session.TokenAt(index).Text switch
        {
            "import" => next == TokenKind.String,
            "pipeline" => SyntaxFacts.IsName(next),
            "connection" => nameThenColon && !acceptsConnections,
            "source" or "sink" => nameThenColon,
            "batch" or "speed" or "serving" => session.IsWordAt(index + 1, "view"),
            "environment" or "deploy" or "test" => nameThenBrace,
            "schedule" => next == TokenKind.OpenBrace && (!insideBlock || (session.StartsLine(index) && session.ColumnOf(index) == 0)),
            _ => false,
        };
    }
}
