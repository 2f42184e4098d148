using System.Collections.Immutable;
using Pulse.Language.Lexing;
using Pulse.Language.Syntax;
using Superpower;
using Superpower.Model;
using Superpower.Parsers;

namespace Pulse.Language.Parsing;

/// <summary>
/// The expression rules of docs/language.md as Superpower parsers, named after the grammar. Each
/// fails only when the first token cannot start it; inside, missing parts become missing tokens or
/// <see cref="MissingExpressionSyntax"/>. Operator levels use <see cref="BinaryLevel"/> (Superpower's
/// <c>Parse.Chain</c> plus depth accounting, so a 100,000-term <c>a + a + …</c> cannot build a tree
/// too deep for later recursive passes).
/// </summary>
internal static class ExpressionGrammar
{
    private static readonly TokenKind[] ComparisonOperators =
        [TokenKind.EqualsEquals, TokenKind.BangEquals, TokenKind.LessThan, TokenKind.LessThanEquals, TokenKind.GreaterThan, TokenKind.GreaterThanEquals];

    /// <summary>Where an expression is required but none is written: a zero-width node, reported.</summary>
    public static readonly TokenListParser<TokenKind, ExpressionSyntax> Missing = input =>
    {
        var session = ParseSession.Current;
        var index = input.Position;
        session.Report(index, session.At(session.MissingSpan(index)).ExpectedExpression(session.Describe(index)));
        return P.Ok<ExpressionSyntax>(new MissingExpressionSyntax(SyntaxToken.Missing(TokenKind.Identifier, session.TokenAt(index).FullSpan.Start)), input, input);
    };

    /// <summary><c>expr = or_expr</c>; fails (consuming nothing) when no expression starts here or nesting is too deep.</summary>
    public static readonly TokenListParser<TokenKind, ExpressionSyntax> Expr = P.Deep(Parse.Ref(() => OrExpr!));

    /// <summary>An expression, or a reported <see cref="MissingExpressionSyntax"/>. Never fails.</summary>
    public static readonly TokenListParser<TokenKind, ExpressionSyntax> ExpectExpr = Expr.Or(Missing);

    /// <summary><c>literal = INTEGER | NUMBER | STRING | DURATION | PERCENT | "true" | "false" | "null"</c>.</summary>
    public static readonly TokenListParser<TokenKind, ExpressionSyntax> Literal = input =>
    {
        var session = ParseSession.Current;
        var token = session.TokenAt(input.Position);
        return token.Kind is TokenKind.Integer or TokenKind.Number or TokenKind.String or TokenKind.Duration or TokenKind.Percent
            or TokenKind.TrueKeyword or TokenKind.FalseKeyword or TokenKind.NullKeyword
            ? P.Ok<ExpressionSyntax>(new LiteralExpressionSyntax(token), input, P.Advance(input))
            : P.Fail<ExpressionSyntax>(input);
    };

    /// <summary><c>[ "format" STRING ]</c> of a cast.</summary>
    public static readonly TokenListParser<TokenKind, (SyntaxToken? Keyword, SyntaxToken? Pattern)> FormatClause =
        from keyword in P.Word("format")
        from pattern in P.Expect(TokenKind.String)
        select ((SyntaxToken?)keyword, (SyntaxToken?)pattern);

    /// <summary><c>cast = "cast" "(" expr "as" type [ "format" STRING ] ")"</c>.</summary>
    public static readonly TokenListParser<TokenKind, ExpressionSyntax> Cast =
        from keyword in P.WordBefore("cast", next => next == TokenKind.OpenParen)
        from open in P.Token(TokenKind.OpenParen)
        from value in ExpectExpr
        from asKeyword in P.ExpectWord("as")
        from type in Parse.Ref(() => TypeGrammar.Type)
        from format in FormatClause.OptionalOrDefault()
        from close in P.Expect(TokenKind.CloseParen)
        select (ExpressionSyntax)new CastExpressionSyntax(keyword, open, value, asKeyword, type, format.Keyword, format.Pattern, close);

    /// <summary><c>"when" expr "then" expr</c>.</summary>
    public static readonly TokenListParser<TokenKind, WhenClauseSyntax> WhenClause =
        from when in P.Token(TokenKind.WhenKeyword)
        from condition in ExpectExpr
        from then in P.Expect(TokenKind.ThenKeyword)
        from result in ExpectExpr
        select new WhenClauseSyntax(when, condition, then, result);

    /// <summary><c>"else" expr</c> of a case.</summary>
    public static readonly TokenListParser<TokenKind, ElseClauseSyntax> ElseClause =
        from elseKeyword in P.Token(TokenKind.ElseKeyword)
        from result in ExpectExpr
        select new ElseClauseSyntax(elseKeyword, result);

    /// <summary><c>case = "case" { "when" expr "then" expr } [ "else" expr ] "end"</c>.</summary>
    public static readonly TokenListParser<TokenKind, ExpressionSyntax> Case =
        from caseKeyword in P.Token(TokenKind.CaseKeyword)
        from whens in WhenClause.Many()
        from elseClause in ElseClause.Optional()
        from end in P.Expect(TokenKind.EndKeyword)
        select (ExpressionSyntax)new CaseExpressionSyntax(caseKeyword, ToList(whens), elseClause, end);

    /// <summary><c>list = "[" [ expr { "," expr } ] "]"</c>.</summary>
    public static readonly TokenListParser<TokenKind, ExpressionSyntax> List =
        from open in P.Token(TokenKind.OpenBracket)
        from tail in P.DelimitedTail(ExpectExpr, TokenKind.CloseBracket, allowEmpty: true)
        select (ExpressionSyntax)new ListExpressionSyntax(open, tail.Items, tail.Close);

    /// <summary><c>"(" expr ")"</c>.</summary>
    public static readonly TokenListParser<TokenKind, ExpressionSyntax> Parenthesized =
        from open in P.Token(TokenKind.OpenParen)
        from inner in ExpectExpr
        from close in P.Expect(TokenKind.CloseParen)
        select (ExpressionSyntax)new ParenthesizedExpressionSyntax(open, inner, close);

    /// <summary>A call argument: an expression, or the <c>*</c> of <c>count(*)</c>.</summary>
    public static readonly TokenListParser<TokenKind, ExpressionSyntax> Argument = input =>
    {
        var session = ParseSession.Current;
        if (session.KindAt(input.Position) == TokenKind.Star && session.KindAt(input.Position + 1) == TokenKind.CloseParen)
        {
            return P.Ok<ExpressionSyntax>(new StarExpressionSyntax(session.TokenAt(input.Position)), input, P.Advance(input));
        }
        return ExpectExpr(input);
    };

    /// <summary>The optional <c>"(" [ expr { "," expr } ] ")"</c> after a name. A field of its own: written inline in
    /// <see cref="CallOrName"/>'s query, this parser would be built anew for every name in every expression.</summary>
    private static readonly TokenListParser<TokenKind, (SyntaxToken? Open, SyntaxList<ExpressionSyntax> Items, SyntaxToken Close)> CallTail = (
        from open in P.Token(TokenKind.OpenParen)
        from tail in P.DelimitedTail(Argument, TokenKind.CloseParen, allowEmpty: true)
        select ((SyntaxToken?)open, tail.Items, tail.Close)).OptionalOrDefault();

    /// <summary><c>call = name "(" [ expr { "," expr } ] ")"</c> or a bare <c>name</c>.</summary>
    public static readonly TokenListParser<TokenKind, ExpressionSyntax> CallOrName =
        from name in P.Name
        from call in CallTail
        select call.Open is null
            ? (ExpressionSyntax)new NameExpressionSyntax(name)
            : new CallExpressionSyntax(name, call.Open, call.Items, call.Close);

    /// <summary><c>primary = literal | name | call | "(" expr ")" | list | case | cast</c>.</summary>
    public static readonly TokenListParser<TokenKind, ExpressionSyntax> Primary =
        Literal.Or(Cast).Or(Case).Or(List).Or(Parenthesized).Or(CallOrName);

    /// <summary><c>postfix = primary { "." name }</c>. A loop rather than a combinator so each <c>.</c> counts one level of depth.</summary>
    public static readonly TokenListParser<TokenKind, ExpressionSyntax> Postfix = input =>
    {
        var first = Primary(input);
        if (!first.HasValue) return first;
        var session = ParseSession.Current;
        var result = first.Value;
        var rest = first.Remainder;
        var levels = 0;
        try
        {
            while (session.KindAt(rest.Position) == TokenKind.Dot && session.TryEnter(rest.Position))
            {
                levels++;
                var dot = session.TokenAt(rest.Position);
                var member = P.ExpectName(P.Advance(rest));
                result = new MemberAccessExpressionSyntax(result, dot, member.Value);
                rest = member.Remainder;
            }
        }
        finally { session.Exit(levels); }
        return P.Ok(result, input, rest);
    };

    /// <summary><c>unary = "-" unary | postfix</c>.</summary>
    public static readonly TokenListParser<TokenKind, ExpressionSyntax> Unary =
        (from minus in P.Token(TokenKind.Minus)
         from operand in P.Deep(Parse.Ref(() => Unary!)).Or(Missing)
         select (ExpressionSyntax)new UnaryExpressionSyntax(minus, operand))
        .Or(Postfix);

    /// <summary><c>multiplicative = unary { ( "*" | "/" | "%" ) unary }</c>.</summary>
    public static readonly TokenListParser<TokenKind, ExpressionSyntax> Multiplicative =
        BinaryLevel(Unary, TokenKind.Star, TokenKind.Slash, TokenKind.PercentSign);

    /// <summary><c>additive = multiplicative { ( "+" | "-" ) multiplicative }</c>.</summary>
    public static readonly TokenListParser<TokenKind, ExpressionSyntax> Additive =
        BinaryLevel(Multiplicative, TokenKind.Plus, TokenKind.Minus);

    /// <summary><c>coalesce = additive { "??" additive }</c>.</summary>
    public static readonly TokenListParser<TokenKind, ExpressionSyntax> Coalesce =
        BinaryLevel(Additive, TokenKind.QuestionQuestion);

    /// <summary>A coalesce-level operand, or a reported missing expression (the bounds of <c>between</c>).</summary>
    public static readonly TokenListParser<TokenKind, ExpressionSyntax> ExpectCoalesce = Coalesce.Or(Missing);

    /// <summary>
    /// <c>predicate = coalesce [ compare coalesce | "is" [ "not" ] "null" | [ "not" ] "in" "(" … ")" | [ "not" ] "between" coalesce "and" coalesce ]</c>.
    /// A second comparison (<c>a &lt; b &lt; c</c>) is reported (PULSE0118) and kept as a nested comparison.
    /// Hand-written: the tail needs two-token lookahead (<c>not in</c>, <c>not between</c>, <c>is not null</c>)
    /// and the bounds of <c>between</c> are coalesce-level so that <c>and</c> is not taken as a conjunction.
    /// </summary>
    public static readonly TokenListParser<TokenKind, ExpressionSyntax> Predicate = input =>
    {
        var left = Coalesce(input);
        if (!left.HasValue) return left;
        var session = ParseSession.Current;
        var rest = left.Remainder;
        var index = rest.Position;
        var kind = session.KindAt(index);

        if (ComparisonOperators.Contains(kind))
        {
            var result = left.Value;
            var levels = 0;
            try
            {
                var first = true;
                while (ComparisonOperators.Contains(session.KindAt(rest.Position)) && session.TryEnter(rest.Position))
                {
                    levels++;
                    if (!first) session.Report(rest.Position, session.At(session.TokenAt(rest.Position).Span).ChainedComparison());
                    first = false;
                    var op = session.TokenAt(rest.Position);
                    var right = ExpectCoalesce(P.Advance(rest));
                    result = new BinaryExpressionSyntax(result, op, right.Value);
                    rest = right.Remainder;
                }
            }
            finally { session.Exit(levels); }
            return P.Ok(result, input, rest);
        }

        if (kind == TokenKind.IsKeyword)
        {
            var isKeyword = session.TokenAt(index);
            var afterIs = P.Advance(rest);
            SyntaxToken? not = null;
            if (session.KindAt(afterIs.Position) == TokenKind.NotKeyword)
            {
                not = session.TokenAt(afterIs.Position);
                afterIs = P.Advance(afterIs);
            }
            var nullKeyword = P.Expect(TokenKind.NullKeyword)(afterIs);
            return P.Ok<ExpressionSyntax>(new IsNullExpressionSyntax(left.Value, isKeyword, not, nullKeyword.Value), input, nullKeyword.Remainder);
        }

        SyntaxToken? negation = null;
        if (kind == TokenKind.NotKeyword && session.KindAt(index + 1) is TokenKind.InKeyword or TokenKind.BetweenKeyword)
        {
            negation = session.TokenAt(index);
            rest = P.Advance(rest);
            kind = session.KindAt(rest.Position);
        }

        if (kind == TokenKind.InKeyword)
        {
            var inKeyword = session.TokenAt(rest.Position);
            var open = P.Expect(TokenKind.OpenParen)(P.Advance(rest));
            var tail = P.DelimitedTail(ExpectExpr, TokenKind.CloseParen, allowEmpty: false)(open.Remainder);
            return P.Ok<ExpressionSyntax>(new InExpressionSyntax(left.Value, negation, inKeyword, open.Value, tail.Value.Items, tail.Value.Close), input, tail.Remainder);
        }

        if (kind == TokenKind.BetweenKeyword)
        {
            var between = session.TokenAt(rest.Position);
            var low = ExpectCoalesce(P.Advance(rest));
            var and = P.Expect(TokenKind.AndKeyword)(low.Remainder);
            var high = ExpectCoalesce(and.Remainder);
            return P.Ok<ExpressionSyntax>(new BetweenExpressionSyntax(left.Value, negation, between, low.Value, and.Value, high.Value), input, high.Remainder);
        }

        return left;
    };

    /// <summary><c>not_expr = "not" not_expr | predicate</c>.</summary>
    public static readonly TokenListParser<TokenKind, ExpressionSyntax> NotExpr =
        (from not in P.Token(TokenKind.NotKeyword)
         from operand in P.Deep(Parse.Ref(() => NotExpr!)).Or(Missing)
         select (ExpressionSyntax)new UnaryExpressionSyntax(not, operand))
        .Or(Predicate);

    /// <summary><c>and_expr = not_expr { "and" not_expr }</c>.</summary>
    public static readonly TokenListParser<TokenKind, ExpressionSyntax> AndExpr = BinaryLevel(NotExpr, TokenKind.AndKeyword);

    /// <summary><c>or_expr = and_expr { "or" and_expr }</c>.</summary>
    public static readonly TokenListParser<TokenKind, ExpressionSyntax> OrExpr = BinaryLevel(AndExpr, TokenKind.OrKeyword);

    /// <summary>
    /// <c>operand { op operand }</c>, left-associative. Each operator adds one level of tree depth,
    /// so a chain stops (reporting PULSE0103) where the tree would get too deep; block recovery skips the rest.
    /// </summary>
    private static TokenListParser<TokenKind, ExpressionSyntax> BinaryLevel(TokenListParser<TokenKind, ExpressionSyntax> operand, params TokenKind[] operators)
    {
        var expectOperand = operand.Or(Missing);
        return input =>
        {
            var first = operand(input);
            if (!first.HasValue) return first;
            var session = ParseSession.Current;
            var result = first.Value;
            var rest = first.Remainder;
            var levels = 0;
            try
            {
                while (Array.IndexOf(operators, session.KindAt(rest.Position)) >= 0 && session.TryEnter(rest.Position))
                {
                    levels++;
                    var op = session.TokenAt(rest.Position);
                    var right = expectOperand(P.Advance(rest));
                    result = new BinaryExpressionSyntax(result, op, right.Value);
                    rest = right.Remainder;
                }
            }
            finally { session.Exit(levels); }
            return P.Ok(result, input, rest);
        };
    }

    private static SyntaxList<T> ToList<T>(T[] items) where T : SyntaxNode =>
        new([.. items.Cast<SyntaxElement>()]);
}
