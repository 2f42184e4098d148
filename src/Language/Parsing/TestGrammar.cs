using Pulse.Language.Lexing;
using Pulse.Language.Syntax;
using Superpower;

namespace Pulse.Language.Parsing;

/// <summary><c>test</c> bodies: <c>given</c>, <c>expected</c> and <c>row</c>.</summary>
internal static class TestGrammar
{
    public static readonly BlockSpec RowSpec = new(
        "a cell (`column: value`)", [],
        (session, index) => session.IsNameAt(index) && session.KindAt(index + 1) == TokenKind.Colon);

    public static readonly BlockSpec GivenSpec = new(
        "a row `{ … }`, `at <time> { … }` or `watermark <time>`", ["at", "watermark"],
        (session, index) => session.KindAt(index) == TokenKind.OpenBrace || session.IsWordAt(index, "at") || session.IsWordAt(index, "watermark"));

    public static readonly BlockSpec ExpectedSpec = new(
        "a row `{ … }`", [],
        (session, index) => session.KindAt(index) == TokenKind.OpenBrace);

    public static readonly BlockSpec TestSpec = new(
        "`given <source> { … }` or `expect <view> { … }`", ["given", "expect"],
        (session, index) => session.IsWordAt(index, "given") || session.IsWordAt(index, "expect"));

    /// <summary><c>name ":" expr</c> inside a row.</summary>
    public static readonly TokenListParser<TokenKind, RowCellSyntax> Cell =
        from column in P.Name
        from colon in P.Expect(TokenKind.Colon)
        from value in ExpressionGrammar.ExpectExpr
        select new RowCellSyntax(column, colon, value);

    /// <summary><c>row = "{" [ name ":" expr { "," name ":" expr } ] "}"</c>; a missing row is reported. Never fails.</summary>
    public static readonly TokenListParser<TokenKind, TestRowSyntax> ExpectRow =
        from body in BlockParser.Block(RowSpec, "test row", Cell)
        select new TestRowSyntax(body.OpenBrace, body.Members, body.CloseBrace);

    /// <summary>A row as a block member: only when <c>{</c> starts it.</summary>
    public static readonly TokenListParser<TokenKind, TestRowSyntax> Row =
        P.When((session, index) => session.KindAt(index) == TokenKind.OpenBrace, ExpectRow);

    /// <summary><c>"at" expr row</c>.</summary>
    public static readonly TokenListParser<TokenKind, SyntaxNode> Event =
        from at in P.Word("at")
        from time in ExpressionGrammar.ExpectExpr
        from row in ExpectRow
        select (SyntaxNode)new TestEventSyntax(at, time, row);

    /// <summary><c>"watermark" expr</c>.</summary>
    public static readonly TokenListParser<TokenKind, SyntaxNode> Watermark =
        from keyword in P.Word("watermark")
        from time in ExpressionGrammar.ExpectExpr
        select (SyntaxNode)new WatermarkSyntax(keyword, time);

    /// <summary><c>given = "given" name "{" { row | "at" expr row | "watermark" expr } "}"</c>.</summary>
    public static readonly TokenListParser<TokenKind, SyntaxNode> Given =
        from keyword in P.Word("given")
        from relation in P.ExpectName
        from body in BlockParser.Block(GivenSpec, P.Owner("given", relation), Row.Select(row => (SyntaxNode)row).Or(Event).Or(Watermark))
        select (SyntaxNode)new GivenSyntax(keyword, relation, body.OpenBrace, body.Members, body.CloseBrace);

    /// <summary><c>expected = "expect" name "{" { row } "}"</c>.</summary>
    public static readonly TokenListParser<TokenKind, SyntaxNode> Expected =
        from keyword in P.Word("expect")
        from view in P.ExpectName
        from body in BlockParser.Block(ExpectedSpec, P.Owner("expect", view), Row)
        select (SyntaxNode)new ExpectedRowsSyntax(keyword, view, body.OpenBrace, body.Members, body.CloseBrace);

    public static readonly TokenListParser<TokenKind, SyntaxNode> Member = Given.Or(Expected);
}
