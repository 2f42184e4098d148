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
/// Splits the text into tokens with the rules of <see cref="PulseTokenizer"/>, rebuilds trivia from
/// the gaps between tokens (a token's trailing trivia runs to its line break; the rest of a gap leads
/// the next token) and checks literals (PULSE0001-0009).
/// One pass over the text, calling <see cref="PulseTokenizer.MeasureTrivia"/> and
/// <see cref="PulseTokenizer.MeasureToken"/> directly: the Superpower tokenizer gives the same tokens
/// (a test compares them) but costs several times more, and this runs on every keystroke in the editor.
/// </summary>
internal static class Lexer
{
    public static LexResult Lex(SourceText source)
    {
        var text = source.Text;
        var raw = new List<Token<TokenKind>>(text.Length / 5 + 8);
        var tokens = new List<SyntaxToken>(text.Length / 5 + 8);
        var diagnostics = new CappedDiagnostics(source, Parsing.ParseSession.MaxDiagnostics);
        var cache = new TextCache();
        var pieces = new List<SyntaxTrivia>();
        var lineComments = ImmutableArray.CreateBuilder<SyntaxTrivia>();
        var lines = new SuperpowerPositions(text);

        // The token waiting for its trailing trivia (the gap after it is scanned before it is made).
        var pendingKind = TokenKind.EndOfFile;
        var pendingStart = -1;
        var pendingLength = 0;
        var leading = ImmutableArray<SyntaxTrivia>.Empty;
        var i = 0;
        while (true)
        {
            var gapStart = i;
            while (i < text.Length && PulseTokenizer.MeasureTrivia(text, i) is var skip and > 0) i += skip;
            TriviaScanner.Scan(text, gapStart, i, cache, pieces);
            CheckComments(source, pieces, diagnostics, lineComments);
            if (pendingStart < 0)
            {
                leading = TriviaScanner.Slice(pieces, 0, pieces.Count);
            }
            else
            {
                var trailing = TriviaScanner.TrailingCount(pieces);
                var token = new SyntaxToken(pendingKind, pendingStart, cache.Get(text, pendingStart, pendingLength), leading, TriviaScanner.Slice(pieces, 0, trailing));
                tokens.Add(token);
                LiteralChecks.Check(source, token, diagnostics);
                leading = TriviaScanner.Slice(pieces, trailing, pieces.Count - trailing);
            }
            if (i >= text.Length) break;

            var (length, kind) = PulseTokenizer.MeasureToken(text, i);
            raw.Add(new Token<TokenKind>(kind, new TextSpan(text, lines.At(i), length)));
            (pendingKind, pendingStart, pendingLength) = (kind, i, length);
            i += length;
        }
        tokens.Add(new SyntaxToken(TokenKind.EndOfFile, text.Length, "", leading, []));
        return new LexResult([.. tokens], new TokenList<TokenKind>([.. raw]), diagnostics.ToImmutable(), lineComments.ToImmutable());
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

    /// <summary>
    /// Superpower positions (line and column from 1, only <c>\n</c> starts a line, as Superpower's own
    /// tokenizer counts) for increasing offsets, counting the line breaks of each stretch once.
    /// </summary>
    private struct SuperpowerPositions(string text)
    {
        private int offset;
        private int line = 1;
        private int lineStart;

        public Position At(int absolute)
        {
            var stretch = text.AsSpan(offset, absolute - offset);
            var breaks = stretch.Count('\n');
            if (breaks > 0)
            {
                line += breaks;
                lineStart = offset + stretch.LastIndexOf('\n') + 1;
            }
            offset = absolute;
            return new Position(absolute, line, absolute - lineStart + 1);
        }
    }
}
