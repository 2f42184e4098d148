using System.Collections.Immutable;
using Pulse.Language.Diagnostics;
using Pulse.Language.Syntax;
using Superpower.Model;
using PulseSpan = Pulse.Language.Text.TextSpan;
using SourceText = Pulse.Language.Text.SourceText;

namespace Pulse.Language.Lexing;

/// <summary>The tokens of one file, end-of-file token last, plus the Superpower token list the grammar runs on.</summary>
/// <param name="LineComments">Every <c>//</c> comment, in order (suppression comments are among them).</param>
internal sealed record LexResult(SyntaxToken[] Tokens, TokenList<TokenKind> TokenList, ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<SyntaxTrivia> LineComments);

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
        var diagnostics = new CappedDiagnostics(source, Parsing.ParseSession.MaxDiagnostics);
        var cache = new TextCache();
        var pieces = new List<SyntaxTrivia>();
        var lineComments = ImmutableArray.CreateBuilder<SyntaxTrivia>();

        var firstStart = raw.Length > 0 ? raw[0].Span.Position.Absolute : text.Length;
        TriviaScanner.Scan(text, 0, firstStart, cache, pieces);
        CheckComments(source, pieces, diagnostics, lineComments);
        var leading = TriviaScanner.Slice(pieces, 0, pieces.Count);
        for (var i = 0; i < raw.Length; i++)
        {
            var start = raw[i].Span.Position.Absolute;
            var end = start + raw[i].Span.Length;
            var nextStart = i + 1 < raw.Length ? raw[i + 1].Span.Position.Absolute : text.Length;
            TriviaScanner.Scan(text, end, nextStart, cache, pieces);
            CheckComments(source, pieces, diagnostics, lineComments);
            var trailing = TriviaScanner.TrailingCount(pieces);
            tokens[i] = new SyntaxToken(raw[i].Kind, start, cache.Get(text, start, end - start), leading, TriviaScanner.Slice(pieces, 0, trailing));
            LiteralChecks.Check(source, tokens[i], diagnostics);
            leading = TriviaScanner.Slice(pieces, trailing, pieces.Count - trailing);
        }
        tokens[raw.Length] = new SyntaxToken(TokenKind.EndOfFile, text.Length, "", leading, []);
        return new LexResult(tokens, list, diagnostics.ToImmutable(), lineComments.ToImmutable());
    }

    private static void CheckComments(SourceText source, List<SyntaxTrivia> pieces, CappedDiagnostics diagnostics, ImmutableArray<SyntaxTrivia>.Builder lineComments)
    {
        foreach (var piece in pieces)
        {
            if (piece.Kind == SyntaxTriviaKind.LineComment) lineComments.Add(piece);
            if (piece.Kind == SyntaxTriviaKind.BlockComment && (piece.Text.Length < 4 || !piece.Text.EndsWith("*/", StringComparison.Ordinal)))
            {
                diagnostics.Add(DiagnosticBuilder.For(source, new PulseSpan(piece.Span.Start, 2)).UnterminatedBlockComment());
            }
        }
    }
}
