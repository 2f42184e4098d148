using System.Collections.Concurrent;
using System.Collections.Immutable;
using Pulse.Language.Lexing;
using Pulse.Language.Syntax;
using Superpower;
using Superpower.Model;

namespace Pulse.Language.Parsing;

/// <summary>
/// Token-level Superpower parsers the grammar is built from. Two families:
/// <list type="bullet">
/// <item>matchers (<see cref="Token"/>, <see cref="Word"/>, <see cref="Name"/>) fail without consuming
/// anything when the current token does not fit, so <c>Or</c>/<c>OptionalOrDefault</c> choose on one token;</item>
/// <item>expecters (<see cref="Expect"/>, <see cref="ExpectWord"/>, <see cref="ExpectName"/>) never fail:
/// when the token is not there they return a zero-width missing token and report what was expected.
/// Every grammar rule therefore fails only on its first token and otherwise always produces a
/// complete node, which is what keeps recovery simple and the tree full.</item>
/// </list>
/// </summary>
internal static class P
{
    public static TokenListParserResult<TokenKind, T> Ok<T>(T value, TokenList<TokenKind> input, TokenList<TokenKind> remainder) =>
        TokenListParserResult.Value(value, input, remainder);

    public static TokenListParserResult<TokenKind, T> Fail<T>(TokenList<TokenKind> input) =>
        TokenListParserResult.Empty<TokenKind, T>(input);

    public static TokenList<TokenKind> Advance(TokenList<TokenKind> input) => input.ConsumeToken().Remainder;

    // The grammar's query expressions (`from a in X from b in P.Expect(…)`) evaluate every `from` after
    // the first inside a lambda, that is once per parse of the rule: the primitives below are therefore
    // cached by their arguments, so parsing does not build a new parser for every token it expects.
    private static readonly TokenListParser<TokenKind, SyntaxToken>?[] TokenParsers = new TokenListParser<TokenKind, SyntaxToken>?[Enum.GetValues<TokenKind>().Length + 1];
    private static readonly TokenListParser<TokenKind, SyntaxToken>?[] ExpectParsers = new TokenListParser<TokenKind, SyntaxToken>?[Enum.GetValues<TokenKind>().Length + 1];
    private static readonly ConcurrentDictionary<string, TokenListParser<TokenKind, SyntaxToken>> WordParsers = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, TokenListParser<TokenKind, SyntaxToken>> ExpectWordParsers = new(StringComparer.Ordinal);

    /// <summary>The token of <paramref name="kind"/>, or failure.</summary>
    public static TokenListParser<TokenKind, SyntaxToken> Token(TokenKind kind) => TokenParsers[(int)kind] ??= input =>
    {
        var session = ParseSession.Current;
        return session.KindAt(input.Position) == kind ? Ok(session.TokenAt(input.Position), input, Advance(input)) : Fail<SyntaxToken>(input);
    };

    /// <summary>The contextual keyword <paramref name="word"/> (an identifier with exactly that text), or failure.</summary>
    public static TokenListParser<TokenKind, SyntaxToken> Word(string word) => WordParsers.GetOrAdd(word, static word => input =>
    {
        var session = ParseSession.Current;
        return session.IsWordAt(input.Position, word) ? Ok(session.TokenAt(input.Position), input, Advance(input)) : Fail<SyntaxToken>(input);
    });

    /// <summary>The word when the token after it is of <paramref name="next"/> (two-token lookahead; only the word is consumed).</summary>
    public static TokenListParser<TokenKind, SyntaxToken> WordBefore(string word, Func<TokenKind, bool> next) => input =>
    {
        var session = ParseSession.Current;
        return session.IsWordAt(input.Position, word) && next(session.KindAt(input.Position + 1))
            ? Ok(session.TokenAt(input.Position), input, Advance(input))
            : Fail<SyntaxToken>(input);
    };

    /// <summary>An identifier or quoted identifier, or failure.</summary>
    public static readonly TokenListParser<TokenKind, NameSyntax> Name = input =>
    {
        var session = ParseSession.Current;
        return session.IsNameAt(input.Position) ? Ok(new NameSyntax(session.TokenAt(input.Position)), input, Advance(input)) : Fail<NameSyntax>(input);
    };

    /// <summary>A name followed by a token of <paramref name="next"/> (only the name is consumed).</summary>
    public static TokenListParser<TokenKind, NameSyntax> NameBefore(TokenKind next) => input =>
    {
        var session = ParseSession.Current;
        return session.IsNameAt(input.Position) && session.KindAt(input.Position + 1) == next
            ? Ok(new NameSyntax(session.TokenAt(input.Position)), input, Advance(input))
            : Fail<NameSyntax>(input);
    };

    /// <summary>The token of <paramref name="kind"/>, or a missing one and "expected …".</summary>
    public static TokenListParser<TokenKind, SyntaxToken> Expect(TokenKind kind, string? hint = null) =>
        hint is null ? ExpectParsers[(int)kind] ??= ExpectCore(kind, null) : ExpectCore(kind, hint);

    private static TokenListParser<TokenKind, SyntaxToken> ExpectCore(TokenKind kind, string? hint) => input =>
    {
        var session = ParseSession.Current;
        var index = input.Position;
        if (session.KindAt(index) == kind) return Ok(session.TokenAt(index), input, Advance(input));
        session.Report(index, session.At(session.MissingSpan(index)).ExpectedToken(SyntaxFacts.Describe(kind), session.Describe(index), hint));
        return Ok(SyntaxToken.Missing(kind, session.TokenAt(index).FullSpan.Start), input, input);
    };

    /// <summary>The contextual keyword <paramref name="word"/>, or a missing identifier and "expected `word`".</summary>
    public static TokenListParser<TokenKind, SyntaxToken> ExpectWord(string word) => ExpectWordParsers.GetOrAdd(word, ExpectWordCore);

    private static TokenListParser<TokenKind, SyntaxToken> ExpectWordCore(string word) => input =>
    {
        var session = ParseSession.Current;
        var index = input.Position;
        if (session.IsWordAt(index, word)) return Ok(session.TokenAt(index), input, Advance(input));
        var token = session.TokenAt(index);
        if (token.Kind == TokenKind.Identifier && DidYouMean.Suggest(token.Text, [word]) is not null)
        {
            // A misspelt keyword (`batch vew v`): report it, but take it in the keyword's place so the rest parses.
            session.Report(index, session.At(token.Span).ExpectedToken($"`{word}`", session.Describe(index), $"did you mean `{word}`?"));
            return Ok(token, input, Advance(input));
        }
        session.Report(index, session.At(session.MissingSpan(index)).ExpectedToken($"`{word}`", session.Describe(index)));
        return Ok(SyntaxToken.Missing(TokenKind.Identifier, session.TokenAt(index).FullSpan.Start), input, input);
    };

    /// <summary>
    /// A name, or a missing one and "expected a name". A reserved word in a name's place (<c>source end: csv</c>)
    /// is taken as the name with PULSE0121, which says to quote it, so the rest of the line still parses.
    /// </summary>
    public static readonly TokenListParser<TokenKind, NameSyntax> ExpectName = input =>
    {
        var session = ParseSession.Current;
        var index = input.Position;
        var token = session.TokenAt(index);
        if (SyntaxFacts.IsName(token.Kind)) return Ok(new NameSyntax(token), input, Advance(input));
        if (token.IsReservedKeyword && token.Kind is not (TokenKind.NullKeyword or TokenKind.TrueKeyword or TokenKind.FalseKeyword)
            && !session.StartsLine(index))
        {
            session.Report(index, session.At(token.Span).ReservedWordAsName(token.Text));
            return Ok(new NameSyntax(token), input, Advance(input));
        }
        session.Report(index, session.At(session.MissingSpan(index)).ExpectedName(session.Describe(index)));
        return Ok(new NameSyntax(SyntaxToken.Missing(TokenKind.Identifier, token.FullSpan.Start)), input, input);
    };

    /// <summary>
    /// One of the contextual words in <paramref name="allowed"/>. Another identifier is consumed and
    /// reported with <paramref name="unknown"/> (the tree keeps it); anything else gives a missing token.
    /// </summary>
    public static TokenListParser<TokenKind, SyntaxToken> ExpectOneOf(IReadOnlyList<string> allowed, string expected, Func<Diagnostics.DiagnosticBuilder, string, Diagnostics.Diagnostic> unknown) => input =>
    {
        var session = ParseSession.Current;
        var index = input.Position;
        var token = session.TokenAt(index);
        if (token.Kind == TokenKind.Identifier)
        {
            if (!allowed.Contains(token.Text)) session.Report(index, unknown(session.At(token.Span), session.Describe(index)));
            return Ok(token, input, Advance(input));
        }
        session.Report(index, session.At(session.MissingSpan(index)).ExpectedToken(expected, session.Describe(index)));
        return Ok(SyntaxToken.Missing(TokenKind.Identifier, token.FullSpan.Start), input, input);
    };

    /// <summary>Runs <paramref name="parser"/> only when <paramref name="condition"/> holds at the current token; fails otherwise.</summary>
    public static TokenListParser<TokenKind, T> When<T>(Func<ParseSession, int, bool> condition, TokenListParser<TokenKind, T> parser) => input =>
        condition(ParseSession.Current, input.Position) ? parser(input) : Fail<T>(input);

    /// <summary>How messages name a declaration or block: <c>source `orders`</c>, or just <c>source</c> when the name is missing.</summary>
    public static string Owner(string kind, NameSyntax name) => name.IsMissing ? kind : $"{kind} `{name.Text}`";

    public const string DurationHint = "write a duration such as 500ms, 30s, 10m, 2h, 7d or 2w";
    public const string PercentHint = "write a percentage such as 99% or 0.5%";

    /// <summary><c>[ parser ]</c> for a node or token: null when it does not start here.</summary>
    public static TokenListParser<TokenKind, T?> Optional<T>(this TokenListParser<TokenKind, T> parser) where T : class =>
        parser.Select(value => (T?)value).OptionalOrDefault();

    /// <summary>Runs <paramref name="parser"/> one nesting level deeper; fails (nothing consumed) past the depth limit.</summary>
    public static TokenListParser<TokenKind, T> Deep<T>(TokenListParser<TokenKind, T> parser) => input =>
    {
        var session = ParseSession.Current;
        if (!session.TryEnter(input.Position)) return Fail<T>(input);
        try { return parser(input); }
        finally { session.Exit(); }
    };

    /// <summary>
    /// <c>item { "," item }</c> where <paramref name="item"/> never fails; the commas are kept in the list.
    /// </summary>
    public static TokenListParser<TokenKind, SyntaxList<T>> CommaList<T>(TokenListParser<TokenKind, T> item) where T : SyntaxNode => input =>
    {
        var session = ParseSession.Current;
        var elements = ImmutableArray.CreateBuilder<SyntaxElement>();
        var first = item(input);
        elements.Add(first.Value);
        var rest = first.Remainder;
        while (session.KindAt(rest.Position) == TokenKind.Comma)
        {
            elements.Add(session.TokenAt(rest.Position));
            var next = item(Advance(rest));
            elements.Add(next.Value);
            rest = next.Remainder;
        }
        return Ok(new SyntaxList<T>(elements.ToImmutable()), input, rest);
    };

    /// <summary>
    /// <c>open [ item { "," item } ] close</c> (call arguments, lists, <c>in (…)</c>, <c>unique (…)</c>, <c>using (…)</c>):
    /// the open token is matched by the caller's grammar, this reads the items and expects the close token.
    /// </summary>
    public static TokenListParser<TokenKind, (SyntaxList<T> Items, SyntaxToken Close)> DelimitedTail<T>(TokenListParser<TokenKind, T> item, TokenKind close, bool allowEmpty) where T : SyntaxNode
    {
        // Built once per grammar rule, not once per list parsed.
        var list = CommaList(item);
        var expectClose = Expect(close);
        return input =>
        {
            var session = ParseSession.Current;
            if (allowEmpty && session.KindAt(input.Position) == close)
            {
                return Ok((SyntaxList<T>.Empty, session.TokenAt(input.Position)), input, Advance(input));
            }
            var items = list(input);
            var closeToken = expectClose(items.Remainder);
            return Ok((items.Value, closeToken.Value), input, closeToken.Remainder);
        };
    }
}
