using System.Globalization;

namespace Pulse.Language.Lexing;

/// <summary>Character classes of the lexical grammar, on raw text (surrogate pairs count as one letter).</summary>
internal static class CharFacts
{
    /// <summary>Length (1 or 2) of the identifier-start character at <paramref name="index"/>, or 0.</summary>
    public static int IdentifierStartLength(string text, int index)
    {
        var c = text[index];
        if (c == '_' || char.IsAsciiLetter(c)) return 1;
        if (c < 128) return 0;
        var category = CharUnicodeInfo.GetUnicodeCategory(text, index);
        if (!IsLetter(category)) return 0;
        return char.IsHighSurrogate(c) && index + 1 < text.Length ? 2 : 1;
    }

    /// <summary>Length (1 or 2) of the identifier-part character at <paramref name="index"/>, or 0.</summary>
    public static int IdentifierPartLength(string text, int index)
    {
        var c = text[index];
        if (c == '_' || char.IsAsciiLetterOrDigit(c)) return 1;
        if (c < 128) return 0;
        var category = CharUnicodeInfo.GetUnicodeCategory(text, index);
        if (!IsLetter(category) && category != UnicodeCategory.DecimalDigitNumber) return 0;
        return char.IsHighSurrogate(c) && index + 1 < text.Length ? 2 : 1;
    }

    public static bool IsLetter(UnicodeCategory category) => category is UnicodeCategory.UppercaseLetter
        or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter;

    public static bool IsLineBreak(char c) => c is '\n' or '\r';

    /// <summary>White space other than line breaks.</summary>
    public static bool IsSpace(char c) => c is ' ' or '\t' or '\f' or '\v' || (c > 127 && char.IsWhiteSpace(c) && !IsLineBreak(c));
}
