using Superpower;
using Superpower.Model;

namespace Pulse.Language.Lexing;

/// <summary>
/// The Superpower tokenizer for .pulse text. Permissive: it never fails; a character that starts no
/// token becomes an <see cref="TokenKind.Error"/> token and literals that are malformed (unterminated
/// strings, bad durations) still become tokens, so the lexical checks can report them precisely.
/// White space and comments are skipped here; <see cref="Lexer"/> rebuilds them as trivia.
/// The lexical rules are <see cref="MeasureTrivia"/> and <see cref="MeasureToken"/>; <see cref="Lexer"/>
/// runs the same two in one hand-written loop (no iterator, no per-character position updates), so this
/// Superpower tokenizer is the reference it is tested against rather than the hot path.
/// </summary>
internal sealed class PulseTokenizer : Tokenizer<TokenKind>
{
    public static readonly PulseTokenizer Instance = new();

    protected override IEnumerable<Result<TokenKind>> Tokenize(TextSpan span)
    {
        var text = span.Source!;
        var current = span;
        while (!current.IsAtEnd)
        {
            var start = current.Position.Absolute;
            var c = text[start];

            var skip = MeasureTrivia(text, start);
            if (skip > 0)
            {
                current = current.Skip(skip);
                continue;
            }

            var (length, kind) = MeasureToken(text, start);
            var next = current.Skip(length);
            yield return Result.Value(kind, current, next);
            current = next;
        }
    }

    /// <summary>Length of white space or a comment at <paramref name="start"/>, or 0.</summary>
    internal static int MeasureTrivia(string text, int start)
    {
        var c = text[start];
        if (char.IsWhiteSpace(c))
        {
            var i = start + 1;
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            return i - start;
        }
        if (c == '/' && start + 1 < text.Length)
        {
            if (text[start + 1] == '/') return LiteralScanner.LineComment(text, start);
            if (text[start + 1] == '*') return LiteralScanner.BlockComment(text, start).Length;
        }
        return 0;
    }

    internal static (int Length, TokenKind Kind) MeasureToken(string text, int start)
    {
        var c = text[start];
        if (CharFacts.IdentifierStartLength(text, start) is var identifierStart and > 0)
        {
            var i = start + identifierStart;
            while (i < text.Length && CharFacts.IdentifierPartLength(text, i) is var n and > 0) i += n;
            var word = text.AsSpan(start, i - start);
            var keyword = word.Length <= 7 ? Syntax.SyntaxFacts.GetReservedKeywordKind(word) : null;
            return (i - start, keyword ?? TokenKind.Identifier);
        }
        if (char.IsAsciiDigit(c)) return LiteralScanner.Numeric(text, start);
        if (c == '"') return (LiteralScanner.String(text, start).Length, TokenKind.String);
        if (c == '`') return (LiteralScanner.QuotedName(text, start).Length, TokenKind.QuotedIdentifier);

        var next = start + 1 < text.Length ? text[start + 1] : '\0';
        switch (c)
        {
            case '=' when next == '=': return (2, TokenKind.EqualsEquals);
            case '!' when next == '=': return (2, TokenKind.BangEquals);
            case '<' when next == '=': return (2, TokenKind.LessThanEquals);
            case '>' when next == '=': return (2, TokenKind.GreaterThanEquals);
            case '?' when next == '?': return (2, TokenKind.QuestionQuestion);
            case '-' when next == '>': return (2, TokenKind.Arrow);
            case '{': return (1, TokenKind.OpenBrace);
            case '}': return (1, TokenKind.CloseBrace);
            case '(': return (1, TokenKind.OpenParen);
            case ')': return (1, TokenKind.CloseParen);
            case '[': return (1, TokenKind.OpenBracket);
            case ']': return (1, TokenKind.CloseBracket);
            case '<': return (1, TokenKind.LessThan);
            case '>': return (1, TokenKind.GreaterThan);
            case ',': return (1, TokenKind.Comma);
            case '.': return (1, TokenKind.Dot);
            case ':': return (1, TokenKind.Colon);
            case ';': return (1, TokenKind.Semicolon);
            case '=': return (1, TokenKind.Equals);
            case '+': return (1, TokenKind.Plus);
            case '-': return (1, TokenKind.Minus);
            case '*': return (1, TokenKind.Star);
            case '/': return (1, TokenKind.Slash);
            case '%': return (1, TokenKind.PercentSign);
            case '?': return (1, TokenKind.Question);
            case '@': return (1, TokenKind.At);
        }
        // Keep a surrogate pair together so an error token never splits a character.
        return (char.IsHighSurrogate(c) && char.IsLowSurrogate(next) ? 2 : 1, TokenKind.Error);
    }
}
