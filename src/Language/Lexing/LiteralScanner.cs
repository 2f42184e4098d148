namespace Pulse.Language.Lexing;

/// <summary>
/// Measures the literal at a position of raw text. Shared by the tokenizer (to cut tokens) and the
/// lexical checks (to know whether a string or quoted name was closed), so both agree.
/// </summary>
internal static class LiteralScanner
{
    /// <summary>A string: up to the closing unescaped quote, or to the end of the line when unterminated.</summary>
    public static (int Length, bool Terminated) String(string text, int start)
    {
        var i = start + 1;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"') return (i + 1 - start, true);
            if (CharFacts.IsLineBreak(c)) break;
            if (c == '\\' && i + 1 < text.Length && !CharFacts.IsLineBreak(text[i + 1])) i += 2;
            else i++;
        }
        return (Math.Min(i, text.Length) - start, false);
    }

    /// <summary>A quoted name: up to the closing backtick (doubled backticks stay inside), or to the end of the line.</summary>
    public static (int Length, bool Terminated) QuotedName(string text, int start)
    {
        var i = start + 1;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '`')
            {
                if (i + 1 < text.Length && text[i + 1] == '`') { i += 2; continue; } // a doubled backtick is part of the name
                return (i + 1 - start, true);
            }
            if (CharFacts.IsLineBreak(c)) break;
            i++;
        }
        return (i - start, false);
    }

    /// <summary>
    /// A numeric literal starting with a digit: integer, number, duration (digits then letters) or
    /// percent (number then <c>%</c> not followed by a digit, letter, <c>_</c> or <c>(</c>).
    /// </summary>
    public static (int Length, TokenKind Kind) Numeric(string text, int start)
    {
        var i = Digits(text, start);
        var kind = TokenKind.Integer;
        if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
        {
            i = Digits(text, i + 1);
            kind = TokenKind.Number;
        }
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < text.Length && text[j] is '+' or '-') j++;
            if (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                i = Digits(text, j);
                kind = TokenKind.Number;
            }
        }
        if (i < text.Length && CharFacts.IdentifierPartLength(text, i) > 0)
        {
            // Letters glued to a number: a duration (500ms, 2h); the lexical check rejects bad units.
            while (i < text.Length && CharFacts.IdentifierPartLength(text, i) is var n and > 0) i += n;
            return (i - start, TokenKind.Duration);
        }
        if (i < text.Length && text[i] == '%' && !(i + 1 < text.Length && IsPercentBlocker(text, i + 1)))
        {
            return (i + 1 - start, TokenKind.Percent);
        }
        return (i - start, kind);
    }

    private static bool IsPercentBlocker(string text, int index) =>
        text[index] == '(' || CharFacts.IdentifierPartLength(text, index) > 0;

    private static int Digits(string text, int i)
    {
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '_')) i++;
        return i;
    }

    /// <summary>A block comment: up to and including <c>*/</c>, or to the end of the text.</summary>
    public static (int Length, bool Terminated) BlockComment(string text, int start)
    {
        var end = text.IndexOf("*/", start + 2, StringComparison.Ordinal);
        return end < 0 ? (text.Length - start, false) : (end + 2 - start, true);
    }

    /// <summary>A line comment: up to (not including) the line break.</summary>
    public static int LineComment(string text, int start)
    {
        var i = start;
        while (i < text.Length && !CharFacts.IsLineBreak(text[i])) i++;
        return i - start;
    }
}
