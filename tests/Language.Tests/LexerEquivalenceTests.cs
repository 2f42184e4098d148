using System.Text;
using Pulse.Language.Lexing;
using Pulse.Language.Text;

namespace Pulse.Language.Tests;

/// <summary>
/// The lexer's hand-written loop against the Superpower tokenizer it replaced on the hot path: the
/// same tokens (kind, offset, text) for the examples, the kitchen-sink sample, and random text full of
/// broken literals, odd line breaks and surrogates.
/// </summary>
public class LexerEquivalenceTests
{
    private static void AssertSameTokens(string text, string label)
    {
        var reference = PulseTokenizer.Instance.TryTokenize(text);
        Assert.True(reference.HasValue, $"{label}: the Superpower tokenizer failed");
        var expected = reference.Value.ToArray();
        var lexed = Lexer.Lex(new SourceText(label, text));
        var actual = lexed.Tokens[..^1]; // without the end-of-file token
        Assert.Equal(expected.Length, actual.Length);
        Assert.Equal(TokenKind.EndOfFile, lexed.Tokens[^1].Kind);
        for (var i = 0; i < expected.Length; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            Assert.True(e.Kind == a.Kind && e.Span.Position.Absolute == a.Position && e.Span.Length == a.Text.Length && e.Span.ToStringValue() == a.Text,
                $"{label}: token {i} differs: expected {e.Kind} at {e.Span.Position.Absolute} \"{e.Span.ToStringValue()}\", got {a.Kind} at {a.Position} \"{a.Text}\"");
        }
        // The grammar's cursor: one entry per token (its contents are never read, see Lexer.CursorTokens).
        Assert.Equal(expected.Length, lexed.TokenList.Count());
    }

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in TestPaths.ExampleFiles()) data.Add(file);
        data.Add(Path.Combine(TestPaths.RepoRoot, "tests", "Language.Tests", "Samples", "kitchen-sink.pulse"));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Examples_lex_to_the_reference_tokens(string path) => AssertSameTokens(File.ReadAllText(path), Path.GetFileName(path));

    [Fact]
    public void Edge_cases_lex_to_the_reference_tokens()
    {
        string[] cases =
        [
            "", " ", "\n", "\r\n", "\r", "a", "a\rb\r\nc\nd", "// only a comment", "/* open", "/* a */ b /* c",
            "\"unterminated", "\"esc\\\"aped\" x", "`quoted``name` `open", "1_000 1__0 1e 1e+ 2.5E-3 99% 99.5% 500ms 10m 7d 2w 3x",
            "x\U0001D49C\U00020000y \U0001F600 \uD800 \uDC00", "région 名前 _private", "a->b ?? c?.d <= >= == != = < >", "#$&|^~'",
            "\t\v\f\u00A0\u2028x\u2029y", "///doc\n////ruler\n// c\n/**/",
        ];
        foreach (var text in cases) AssertSameTokens(text, $"case {text}");
    }

    [Fact]
    public void Random_text_lexes_to_the_reference_tokens()
    {
        var random = new Random(6);
        const string alphabet = "{}()[]<>,.:;=!+-*/%?@\"`\\ \t\r\n_#$&|^~'abcdefgxyz0123456789eEsmhdw";
        for (var n = 0; n < 400; n++)
        {
            var builder = new StringBuilder();
            var length = random.Next(0, 300);
            for (var i = 0; i < length; i++)
            {
                builder.Append(random.Next(12) switch
                {
                    0 => (char)random.Next(0, 0x10000),
                    1 => "and or not source \"s\" `q` 12.5% 30s // c\n /* b */ ",
                    _ => alphabet[random.Next(alphabet.Length)],
                });
            }
            AssertSameTokens(builder.ToString(), $"random #{n}");
        }
    }
}
