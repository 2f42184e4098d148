using System.Collections.Immutable;
using Pulse.Language.Diagnostics;
using Pulse.Language.Syntax;
using Superpower.Model;
using PulseSpan = Pulse.Language.Text.TextSpan;
using SourceText = Pulse.Language.Text.SourceText;

namespace Pulse.Language.Lexing;

/// <summary>The tokens of one file, end-of-file token last, plus the Superpower token list the grammar runs on.</summary>
internal sealed record LexResult(SyntaxToken[] Tokens, TokenList<TokenKind> TokenList, ImmutableArray<Diagnostic> Diagnostics);

/// <summary>
/// Runs the Superpower tokenizer, then rebuilds trivia from the gaps between tokens (a token's
/// trailing trivia runs to its line break; the rest of a gap leads the next token) and checks
/// literals (PULSE0001-0009).
/// </summary>
internal static class Lexer
{
    public static LexResult Lex(SourceText source)
    {
        var text = source.Text;
        var tokenized = PulseTokenizer.Instance.TryTokenize(text);
        // The tokenizer never fails (unknown characters are error tokens); this guards the invariant.
        var list = tokenized.HasValue ? tokenized.Value : new TokenList<TokenKind>([]);
        var raw = list.ToArray();

        var tokens = new SyntaxToken[raw.Length + 1];
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        var gapStart = 0;
        for (var i = 0; i <= raw.Length; i++)
        {
            var start = i < raw.Length ? raw[i].Span.Position.Absolute : text.Length;
            var pieces = TriviaScanner.Scan(text, gapStart, start);
            CheckBlockComments(source, pieces, diagnostics);
            var leadingFrom = 0;
            if (i > 0)
            {
                var trailing = TriviaScanner.TrailingCount(pieces);
                var previous = tokens[i - 1];
                tokens[i - 1] = new SyntaxToken(previous.Kind, previous.Position, previous.Text, previous.LeadingTrivia, TriviaScanner.Slice(pieces, 0, trailing));
                leadingFrom = trailing;
            }
            var leading = TriviaScanner.Slice(pieces, leadingFrom, pieces.Count - leadingFrom);
            if (i == raw.Length)
            {
                tokens[i] = new SyntaxToken(TokenKind.EndOfFile, text.Length, "", leading, []);
                break;
            }
            var length = raw[i].Span.Length;
            tokens[i] = new SyntaxToken(raw[i].Kind, start, text.Substring(start, length), leading, []);
            LiteralChecks.Check(source, tokens[i], diagnostics);
            gapStart = start + length;
        }
        return new LexResult(tokens, list, diagnostics.ToImmutable());
    }

    private static void CheckBlockComments(SourceText source, List<SyntaxTrivia> pieces, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        foreach (var piece in pieces)
        {
            if (piece.Kind == SyntaxTriviaKind.BlockComment && (piece.Text.Length < 4 || !piece.Text.EndsWith("*/", StringComparison.Ordinal)))
            {
                diagnostics.Add(DiagnosticBuilder.For(source, new PulseSpan(piece.Span.Start, 2)).UnterminatedBlockComment());
            }
        }
    }
}
