using System.Collections.Immutable;
using Pulse.Language.Diagnostics;
using Pulse.Language.Syntax;
using Pulse.Language.Text;

namespace Pulse.Language.Lexing;

/// <summary>The lexical diagnostics of one token: bad characters and malformed literals.</summary>
internal static class LiteralChecks
{
    public static void Check(SourceText source, SyntaxToken token, CappedDiagnostics diagnostics)
    {
        if (diagnostics.IsFull) return;
        var at = DiagnosticBuilder.For(source, token.Span);
        switch (token.Kind)
        {
            case TokenKind.Error:
                diagnostics.Add(at.UnexpectedCharacter(token.Text));
                break;
            case TokenKind.String:
                CheckString(source, token, diagnostics);
                break;
            case TokenKind.QuotedIdentifier:
                var (length, terminated) = LiteralScanner.QuotedName(token.Text, 0);
                if (!terminated) diagnostics.Add(at.UnterminatedQuotedName());
                else if (length == 2) diagnostics.Add(at.EmptyQuotedName());
                break;
            case TokenKind.Integer:
                if (!HasValidUnderscores(token.Text)) diagnostics.Add(at.InvalidNumber(token.Text));
                else if (!SyntaxFacts.TryParseInteger(token.Text, out _)) diagnostics.Add(at.IntegerTooLarge(token.Text));
                break;
            case TokenKind.Number:
                if (!HasValidUnderscores(token.Text) || !SyntaxFacts.TryParseDouble(token.Text, out _)) diagnostics.Add(at.InvalidNumber(token.Text));
                break;
            case TokenKind.Percent:
                if (!HasValidUnderscores(token.Text[..^1]) || !SyntaxFacts.TryParsePercent(token.Text, out _)) diagnostics.Add(at.InvalidNumber(token.Text));
                break;
            case TokenKind.Duration:
                if (!HasValidUnderscores(DigitsPart(token.Text)) || !SyntaxFacts.TryParseDuration(token.Text, out _)) diagnostics.Add(at.InvalidDuration(token.Text));
                break;
        }
    }

    private static void CheckString(SourceText source, SyntaxToken token, CappedDiagnostics diagnostics)
    {
        var text = token.Text;
        var (_, terminated) = LiteralScanner.String(text, 0);
        var end = terminated ? text.Length - 1 : text.Length;
        for (var i = 1; i < end; i++)
        {
            if (text[i] != '\\') continue;
            if (i + 1 >= end)
            {
                break; // a lone backslash before the end: the string is unterminated, reported below
            }
            var next = text[i + 1];
            if (next is '"' or '\\' or 'n' or 't' or 'r') { i++; continue; }
            if (next == 'u' && i + 6 <= end && IsHex4(text.AsSpan(i + 2, 4))) { i += 5; continue; }
            var escapeLength = next == 'u' ? Math.Min(end - i, 6) : 2;
            diagnostics.Add(DiagnosticBuilder.For(source, new TextSpan(token.Position + i, escapeLength)).InvalidEscape(text.Substring(i, escapeLength)));
            i++;
        }
        if (!terminated) diagnostics.Add(DiagnosticBuilder.For(source, token.Span).UnterminatedString());
    }

    private static bool IsHex4(ReadOnlySpan<char> span)
    {
        foreach (var c in span) if (!char.IsAsciiHexDigit(c)) return false;
        return true;
    }

    private static string DigitsPart(string text)
    {
        var i = 0;
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '_')) i++;
        return text[..i];
    }

    /// <summary>Every <c>_</c> sits between two digits.</summary>
    private static bool HasValidUnderscores(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '_' && (i == 0 || i + 1 >= text.Length || !char.IsAsciiDigit(text[i - 1]) || !char.IsAsciiDigit(text[i + 1]))) return false;
        }
        return true;
    }
}
