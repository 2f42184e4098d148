using Pulse.Language.Lexing;
using Pulse.Language.Syntax;

namespace Pulse.Language.Tests;

/// <summary>The lexical grammar of docs/language.md, token by token.</summary>
public class TokenizerTests
{
    private static (TokenKind Kind, string Text)[] Lex(string text) =>
        SyntaxTree.Parse(text).Tokens.Where(t => t.Kind != TokenKind.EndOfFile && !t.IsMissing).Select(t => (t.Kind, t.Text)).ToArray();

    private static TokenKind[] Kinds(string text) => Lex(text).Select(t => t.Kind).ToArray();

    [Theory]
    [InlineData("42", TokenKind.Integer)]
    [InlineData("1_000_000", TokenKind.Integer)]
    [InlineData("3.14", TokenKind.Number)]
    [InlineData("1e6", TokenKind.Number)]
    [InlineData("2.5E-3", TokenKind.Number)]
    [InlineData("6e+2", TokenKind.Number)]
    [InlineData("\"text\"", TokenKind.String)]
    [InlineData("500ms", TokenKind.Duration)]
    [InlineData("30s", TokenKind.Duration)]
    [InlineData("10m", TokenKind.Duration)]
    [InlineData("2h", TokenKind.Duration)]
    [InlineData("7d", TokenKind.Duration)]
    [InlineData("2w", TokenKind.Duration)]
    [InlineData("99%", TokenKind.Percent)]
    [InlineData("99.5%", TokenKind.Percent)]
    [InlineData("country", TokenKind.Identifier)]
    [InlineData("_private", TokenKind.Identifier)]
    [InlineData("région", TokenKind.Identifier)]
    [InlineData("名前", TokenKind.Identifier)]
    [InlineData("x2", TokenKind.Identifier)]
    [InlineData("`Order ID`", TokenKind.QuotedIdentifier)]
    [InlineData("`a``b`", TokenKind.QuotedIdentifier)]
    public void Single_token_literals(string text, TokenKind kind)
    {
        var tree = SyntaxTree.Parse(text);
        Assert.Equal([(kind, text)], Lex(text));
        Assert.DoesNotContain(tree.Diagnostics, d => d.Code.StartsWith("PULSE00", StringComparison.Ordinal));
    }

    [Fact]
    public void Supplementary_plane_letters_are_identifier_characters()
    {
        var name = "x\U0001D49C\U00020000y"; // MATHEMATICAL SCRIPT CAPITAL A, a CJK extension B ideograph
        Assert.Equal([(TokenKind.Identifier, name)], Lex(name));
        var emoji = "\U0001F600";
        Assert.Equal([(TokenKind.Error, emoji)], Lex(emoji)); // a symbol, not a letter; kept whole
    }

    [Fact]
    public void Every_punctuator()
    {
        var text = "{ } ( ) [ ] < > , . : ; = == != <= >= + - * / % ?? ? -> @";
        Assert.Equal(
            [
                TokenKind.OpenBrace, TokenKind.CloseBrace, TokenKind.OpenParen, TokenKind.CloseParen, TokenKind.OpenBracket,
                TokenKind.CloseBracket, TokenKind.LessThan, TokenKind.GreaterThan, TokenKind.Comma, TokenKind.Dot, TokenKind.Colon,
                TokenKind.Semicolon, TokenKind.Equals, TokenKind.EqualsEquals, TokenKind.BangEquals, TokenKind.LessThanEquals,
                TokenKind.GreaterThanEquals, TokenKind.Plus, TokenKind.Minus, TokenKind.Star, TokenKind.Slash, TokenKind.PercentSign,
                TokenKind.QuestionQuestion, TokenKind.Question, TokenKind.Arrow, TokenKind.At,
            ],
            Kinds(text));
    }

    [Fact]
    public void Reserved_words_are_keywords_and_nothing_else_is()
    {
        Assert.Equal(
            [
                TokenKind.AndKeyword, TokenKind.OrKeyword, TokenKind.NotKeyword, TokenKind.IsKeyword, TokenKind.NullKeyword,
                TokenKind.InKeyword, TokenKind.BetweenKeyword, TokenKind.CaseKeyword, TokenKind.WhenKeyword, TokenKind.ThenKeyword,
                TokenKind.ElseKeyword, TokenKind.EndKeyword, TokenKind.TrueKeyword, TokenKind.FalseKeyword,
            ],
            Kinds("and or not is null in between case when then else end true false"));
        Assert.All(Kinds("source from key year count select view batch as on AND Null"), kind => Assert.Equal(TokenKind.Identifier, kind));
    }

    [Theory]
    [InlineData("year % 10", new[] { TokenKind.Identifier, TokenKind.PercentSign, TokenKind.Integer })]
    [InlineData("year%10", new[] { TokenKind.Identifier, TokenKind.PercentSign, TokenKind.Integer })]
    [InlineData("10%10", new[] { TokenKind.Integer, TokenKind.PercentSign, TokenKind.Integer })]
    [InlineData("10%x", new[] { TokenKind.Integer, TokenKind.PercentSign, TokenKind.Identifier })]
    [InlineData("10%_", new[] { TokenKind.Integer, TokenKind.PercentSign, TokenKind.Identifier })]
    [InlineData("10%(2)", new[] { TokenKind.Integer, TokenKind.PercentSign, TokenKind.OpenParen, TokenKind.Integer, TokenKind.CloseParen })]
    [InlineData("10% x", new[] { TokenKind.Percent, TokenKind.Identifier })]
    [InlineData("10%)", new[] { TokenKind.Percent, TokenKind.CloseParen })]
    [InlineData("mostly 99%\n", new[] { TokenKind.Identifier, TokenKind.Percent })]
    [InlineData("a-b", new[] { TokenKind.Identifier, TokenKind.Minus, TokenKind.Identifier })]
    [InlineData("a->b", new[] { TokenKind.Identifier, TokenKind.Arrow, TokenKind.Identifier })]
    [InlineData("a??b", new[] { TokenKind.Identifier, TokenKind.QuestionQuestion, TokenKind.Identifier })]
    [InlineData("int?", new[] { TokenKind.Identifier, TokenKind.Question })]
    [InlineData("1.x", new[] { TokenKind.Integer, TokenKind.Dot, TokenKind.Identifier })]
    [InlineData("a.b", new[] { TokenKind.Identifier, TokenKind.Dot, TokenKind.Identifier })]
    [InlineData("x!y", new[] { TokenKind.Identifier, TokenKind.Error, TokenKind.Identifier })]
    public void Adjacent_tokens_split_as_documented(string text, TokenKind[] kinds)
    {
        Assert.Equal(kinds, Kinds(text));
    }

    [Theory]
    [InlineData("\"plain\"", "plain")]
    [InlineData("\"q\\\"uote\"", "q\"uote")]
    [InlineData("\"back\\\\slash\"", "back\\slash")]
    [InlineData("\"a\\nb\\tc\\rd\"", "a\nb\tc\rd")]
    [InlineData("\"caf\\u00e9\"", "café")]
    [InlineData("`Order ID`", "Order ID")]
    [InlineData("`it``s`", "it`s")]
    [InlineData("`end`", "end")]
    public void Value_text_resolves_escapes(string text, string value)
    {
        var token = SyntaxTree.Parse(text).Tokens.First();
        Assert.Equal(value, token.ValueText);
        Assert.Equal(text, token.Text);
    }

    [Theory]
    [InlineData("1_000", 1000L)]
    [InlineData("42", 42L)]
    public void Integer_values(string text, long value)
    {
        Assert.True(SyntaxFacts.TryParseInteger(text, out var parsed));
        Assert.Equal(value, parsed);
    }

    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("30s", 30)]
    [InlineData("10m", 600)]
    [InlineData("2h", 7200)]
    [InlineData("7d", 604800)]
    [InlineData("2w", 1209600)]
    public void Duration_values(string text, double seconds)
    {
        Assert.True(SyntaxFacts.TryParseDuration(text, out var value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData("5y")]
    [InlineData("1.5h")]
    [InlineData("3msec")]
    [InlineData("9999999999999999999d")]
    public void Bad_durations_are_rejected(string text)
    {
        Assert.False(SyntaxFacts.TryParseDuration(text, out _));
        Assert.Contains(SyntaxTree.Parse($"schedule {{ sla = {text} }}").Diagnostics, d => d.Code == "PULSE0007");
    }

    [Fact]
    public void Trivia_kinds_and_attachment()
    {
        var tree = SyntaxTree.Parse("/// doc\n// note\n/* block\n comment */ source x: csv {} // trailing\n\n");
        var source = tree.Root.Declarations.Single();
        Assert.Equal(
            [SyntaxTriviaKind.DocComment, SyntaxTriviaKind.EndOfLine, SyntaxTriviaKind.LineComment, SyntaxTriviaKind.EndOfLine, SyntaxTriviaKind.BlockComment, SyntaxTriviaKind.Whitespace],
            source.FirstToken.LeadingTrivia.Select(t => t.Kind).ToArray());
        var close = source.LastToken;
        Assert.Equal([SyntaxTriviaKind.Whitespace, SyntaxTriviaKind.LineComment, SyntaxTriviaKind.EndOfLine], close.TrailingTrivia.Select(t => t.Kind).ToArray());
        Assert.Equal("// trailing", close.TrailingTrivia[1].Text);
        Assert.Equal([SyntaxTriviaKind.EndOfLine], tree.Root.EndOfFile.LeadingTrivia.Select(t => t.Kind).ToArray());
        Assert.Null(source.DocComment); // the `//` and `/* */` comments separate the doc comment from the declaration
    }

    [Fact]
    public void Four_slashes_are_not_documentation()
    {
        var tree = SyntaxTree.Parse("//// ruler\nsource x: csv {}");
        Assert.Equal(SyntaxTriviaKind.LineComment, tree.Root.Declarations[0].FirstToken.LeadingTrivia[0].Kind);
        Assert.Null(tree.Root.Declarations[0].DocComment);
    }

    [Fact]
    public void Doc_comment_lines_are_joined()
    {
        var tree = SyntaxTree.Parse("/// First line.\n///   Indented second.\n///\nsource x: csv {}");
        Assert.Equal("First line.\n  Indented second.", tree.Root.Declarations[0].DocComment);
        Assert.Null(SyntaxTree.Parse("/// detached\n\nsource x: csv {}").Root.Declarations[0].DocComment);
    }

    [Fact]
    public void Line_endings_are_trivia_of_every_style()
    {
        var text = "pipeline a\r\npipeline b\rpipeline c\n";
        var tree = SyntaxTree.Parse(text);
        Assert.Empty(tree.Diagnostics);
        Assert.Equal(["\r\n", "\r", "\n"], tree.Tokens.SelectMany(t => t.TrailingTrivia).Where(t => t.Kind == SyntaxTriviaKind.EndOfLine).Select(t => t.Text).ToArray());
        Assert.Equal(text, tree.Root.ToFullString());
    }

    [Fact]
    public void Unterminated_literals_stop_at_the_line_end()
    {
        var tree = SyntaxTree.Parse("pipeline p { a = \"open\n b = 1 }");
        var strings = tree.Tokens.Where(t => t.Kind == TokenKind.String).ToArray();
        Assert.Equal("\"open", Assert.Single(strings).Text);
        Assert.Equal(["PULSE0002"], tree.Diagnostics.Select(d => d.Code).ToArray());
        Assert.Equal(["a", "b"], tree.Root.Declarations.OfType<PipelineDeclarationSyntax>().Single().Properties.Select(p => p.Name.Text).ToArray());
    }
}
