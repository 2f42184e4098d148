using System.Collections.Immutable;
using Pulse.Language.Diagnostics;
using Pulse.Language.Parsing;
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
/// Given the previous parse of the file, the tokens well before the first changed character are taken
/// over (with their diagnostics and comments) and lexing starts at the gap before the first token
/// that is not: positions before an edit do not move, so those tokens are exactly what a new pass makes.
/// </summary>
internal static class Lexer
{
    /// <summary>
    /// Characters between a kept token's full span and the first edit. Where a token, or the trivia
    /// after it, ends can depend on a few characters after it (<c>1e+5</c>, <c>\r\n</c>); none looks this far.
    /// </summary>
    private const int Margin = 8;

    public static LexResult Lex(SourceText source, ParseState? previous = null)
    {
        var text = source.Text;
        var tokens = new List<SyntaxToken>(text.Length / 5 + 8);
        var diagnostics = new CappedDiagnostics(source, ParseSession.MaxDiagnostics);
        var cache = new TextCache();
        var pieces = new List<SyntaxTrivia>();
        var lineComments = ImmutableArray.CreateBuilder<SyntaxTrivia>();

        var i = TakeOverUnchanged(source, previous, tokens, diagnostics, lineComments);
        // The token waiting for its trailing trivia (the gap after it is scanned before it is made).
        var pendingKind = TokenKind.EndOfFile;
        var pendingStart = -1;
        var pendingLength = 0;
        var leading = ImmutableArray<SyntaxTrivia>.Empty;
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
            (pendingKind, pendingStart, pendingLength) = (kind, i, length);
            i += length;
        }
        var count = tokens.Count;
        tokens.Add(new SyntaxToken(TokenKind.EndOfFile, text.Length, "", leading, []));
        return new LexResult([.. tokens], new TokenList<TokenKind>(CursorTokens.OfLength(count)), diagnostics.ToImmutable(), lineComments.ToImmutable());
    }

    /// <summary>
    /// Copies the leading tokens of the previous parse that the edit cannot have changed, with their
    /// diagnostics and comments; returns where lexing resumes (the start of the next token's leading trivia).
    /// </summary>
    private static int TakeOverUnchanged(SourceText source, ParseState? previous, List<SyntaxToken> tokens, CappedDiagnostics diagnostics, ImmutableArray<SyntaxTrivia>.Builder lineComments)
    {
        // Near the diagnostics cap the order of reports decides what is dropped: lex it all.
        if (previous is null || previous.LexicalDiagnostics.Length >= ParseSession.MaxDiagnostics / 2) return 0;
        var text = source.Text;
        var max = Math.Min(previous.Text.Length, text.Length);
        var firstChange = previous.Text.AsSpan(0, max).CommonPrefixLength(text.AsSpan(0, max));
        if (firstChange == previous.Text.Length && firstChange == text.Length) firstChange = int.MaxValue - Margin; // the same text

        // The last old token (end of file included) whose leading trivia starts at least Margin before the change.
        var old = previous.Tokens;
        int low = 0, high = old.Length - 1, keep = 0;
        while (low <= high)
        {
            var mid = (low + high) / 2;
            if (old[mid].FullSpan.Start + Margin <= firstChange) { keep = mid; low = mid + 1; }
            else high = mid - 1;
        }
        if (keep == 0) return 0;
        var resume = old[keep].FullSpan.Start;
        tokens.AddRange(old.AsSpan(0, keep));
        foreach (var diagnostic in previous.LexicalDiagnostics)
            if (diagnostic.Span.Start < resume) diagnostics.Add(diagnostic with { Source = source });
        foreach (var comment in previous.LineComments)
            if (comment.Span.Start < resume) lineComments.Add(comment);
        return resume;
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
    /// The Superpower token list is only the grammar's cursor: every rule reads the tokens through the
    /// <see cref="ParseSession"/> (index i of the list is index i of the session's tokens), and Superpower's
    /// combinators compare positions, never token contents. So it is a list of blank tokens of the right
    /// length, reused between parses of the same length (the usual case while typing inside a word)
    /// instead of a new array of positioned tokens for every keystroke.
    /// </summary>
    private static class CursorTokens
    {
        [ThreadStatic] private static Token<TokenKind>[]?[]? recent;
        [ThreadStatic] private static int next;

        public static Token<TokenKind>[] OfLength(int length)
        {
            recent ??= new Token<TokenKind>[]?[4];
            foreach (var array in recent)
                if (array is not null && array.Length == length) return array;
            var created = new Token<TokenKind>[length];
            recent[next] = created;
            next = (next + 1) % recent.Length;
            return created;
        }
    }
}
