using Pulse.Language.Lexing;
using Pulse.Language.Syntax;
using Superpower;

namespace Pulse.Language.Parsing;

/// <summary><c>type</c>, <c>base_type</c> and <c>field</c> (shared by schemas and record types).</summary>
internal static class TypeGrammar
{
    private static readonly string[] PlainTypeNames = ["string", "int", "long", "double", "bool", "date", "timestamp", "json"];

    public static readonly BlockSpec FieldBlock = new(
        "a field (`name: type`)", [],
        (session, index) => (session.IsNameAt(index) || session.TokenAt(index).IsReservedKeyword) && session.KindAt(index + 1) == TokenKind.Colon);

    /// <summary><c>"decimal" "(" INTEGER "," INTEGER ")"</c>.</summary>
    public static readonly TokenListParser<TokenKind, TypeSyntax> DecimalType =
        from keyword in P.WordBefore("decimal", next => next == TokenKind.OpenParen)
        from open in P.Token(TokenKind.OpenParen)
        from precision in P.Expect(TokenKind.Integer)
        from comma in P.Expect(TokenKind.Comma)
        from scale in P.Expect(TokenKind.Integer)
        from close in P.Expect(TokenKind.CloseParen)
        select (TypeSyntax)new DecimalTypeSyntax(keyword, open, precision, comma, scale, close);

    /// <summary><c>"list" "&lt;" type "&gt;"</c>.</summary>
    public static readonly TokenListParser<TokenKind, TypeSyntax> ListType =
        from keyword in P.Word("list")
        from open in P.Expect(TokenKind.LessThan)
        from element in P.Deep(Parse.Ref(() => Type!)).Or(MissingType("a type"))
        from close in P.Expect(TokenKind.GreaterThan)
        select (TypeSyntax)new ListTypeSyntax(keyword, open, element, close);

    /// <summary><c>"record" "{" { field } "}"</c>.</summary>
    public static readonly TokenListParser<TokenKind, TypeSyntax> RecordType =
        from keyword in P.Word("record")
        from body in BlockParser.Block(FieldBlock, "record type", Parse.Ref(() => Field!))
        select (TypeSyntax)new RecordTypeSyntax(keyword, body.OpenBrace, body.Members, body.CloseBrace);

    /// <summary>A plain type word; unknown words and a bare <c>decimal</c> are reported but kept (the binder maps them to the error type).</summary>
    public static readonly TokenListParser<TokenKind, TypeSyntax> NamedType = input =>
    {
        var session = ParseSession.Current;
        var index = input.Position;
        var token = session.TokenAt(index);
        if (!SyntaxFacts.IsName(token.Kind)) return P.Fail<TypeSyntax>(input);
        var word = token.ValueText;
        if (word == "decimal" && token.Kind == TokenKind.Identifier) session.Report(index, session.At(token.Span).DecimalNeedsPrecision());
        else if (!PlainTypeNames.Contains(word) || token.Kind != TokenKind.Identifier)
        {
            session.Report(index, session.At(token.Span).UnknownType(word, DidYouMean.Suggest(word, SyntaxFacts.BaseTypeNames)));
        }
        return P.Ok<TypeSyntax>(new NamedTypeSyntax(new NameSyntax(token)), input, P.Advance(input));
    };

    /// <summary><c>base_type</c>, or a missing type when none is written. Never fails.</summary>
    public static readonly TokenListParser<TokenKind, TypeSyntax> BaseType =
        DecimalType.Or(ListType).Or(RecordType).Or(NamedType).Or(MissingType("a type"));

    /// <summary><c>type = base_type [ "?" ]</c>. Never fails.</summary>
    public static readonly TokenListParser<TokenKind, TypeSyntax> Type =
        from baseType in BaseType
        from question in P.Token(TokenKind.Question).Optional()
        select question is null ? baseType : new NullableTypeSyntax(baseType, question);

    /// <summary>The field's name: a name, or a reserved word followed by <c>:</c> (reported, PULSE0121).</summary>
    private static readonly TokenListParser<TokenKind, NameSyntax> FieldName = input =>
    {
        var session = ParseSession.Current;
        var index = input.Position;
        var token = session.TokenAt(index);
        if (token.IsReservedKeyword && session.KindAt(index + 1) == TokenKind.Colon)
        {
            session.Report(index, session.At(token.Span).ReservedWordAsName(token.Text));
            return P.Ok(new NameSyntax(token), input, P.Advance(input));
        }
        return P.Name(input);
    };

    /// <summary><c>"from" STRING</c> after a field's type (only when a string follows, so a field may be called <c>from</c>).</summary>
    private static readonly TokenListParser<TokenKind, (SyntaxToken? Keyword, SyntaxToken? Column)> FromClause =
        from keyword in P.WordBefore("from", next => next == TokenKind.String)
        from column in P.Token(TokenKind.String)
        select ((SyntaxToken?)keyword, (SyntaxToken?)column);

    /// <summary><c>field = [ DOC ] name ":" type [ "from" STRING ]</c>.</summary>
    public static readonly TokenListParser<TokenKind, FieldSyntax> Field =
        from name in FieldName
        from colon in P.Expect(TokenKind.Colon)
        from type in Type
        from source in FromClause.OptionalOrDefault()
        select new FieldSyntax(name, colon, type, source.Keyword, source.Column);

    private static TokenListParser<TokenKind, TypeSyntax> MissingType(string expected) => input =>
    {
        var session = ParseSession.Current;
        var index = input.Position;
        session.Report(index, session.At(session.MissingSpan(index)).ExpectedToken(expected, session.Describe(index)));
        var missing = new NameSyntax(SyntaxToken.Missing(TokenKind.Identifier, session.TokenAt(index).FullSpan.Start));
        return P.Ok<TypeSyntax>(new NamedTypeSyntax(missing), input, input);
    };
}
