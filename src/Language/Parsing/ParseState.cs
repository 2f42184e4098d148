using System.Collections.Immutable;
using Pulse.Language.Diagnostics;
using Pulse.Language.Syntax;

namespace Pulse.Language.Parsing;

/// <summary>
/// What a parse leaves behind so the next parse of the same file can skip the top-level elements
/// before the first edit: the tokens, and for each top-level element (declaration, import or skipped
/// garbage) where it ended and the parser's state at that point.
/// </summary>
/// <param name="Text">The text that was parsed (the next parse finds the first edit by comparing with it).</param>
/// <param name="Root">The tree; its top-level elements are the ones <paramref name="Elements"/> describes.</param>
/// <param name="Tokens">The file's tokens, end-of-file last; index i is Superpower's token position i.</param>
/// <param name="LexicalDiagnostics">The lexer's diagnostics, in the order it reported them.</param>
/// <param name="LineComments">Every <c>//</c> comment (for suppressions).</param>
/// <param name="SyntaxDiagnostics">The parser's own diagnostics (not the lexer's), in the order it reported them.</param>
internal sealed record ParseState(string Text, FileSyntax Root, SyntaxToken[] Tokens, ImmutableArray<Diagnostic> LexicalDiagnostics, ImmutableArray<SyntaxTrivia> LineComments,
    ImmutableArray<ElementState> Elements, ImmutableArray<Diagnostic> SyntaxDiagnostics);

/// <summary>The parser's state right after one top-level element.</summary>
/// <param name="End">Token index where the next element starts.</param>
/// <param name="LastReportedIndex">The token of the last report (the parser reports once per token, across elements too).</param>
/// <param name="DiagnosticCount">How many syntax diagnostics had been reported.</param>
internal readonly record struct ElementState(int End, int LastReportedIndex, int DiagnosticCount);

/// <summary>
/// Decides how many leading top-level elements of the previous parse a new parse can take as they
/// are: those whose tokens, and the few tokens after them the parser looked at, are unchanged.
/// </summary>
internal static class ParseReuse
{
    /// <summary>
    /// Tokens past an element's end that its parse may have looked at. Deciding where an element ends
    /// takes at most three tokens of the next one (<c>source x:</c>, <see cref="Headers.StartsDeclaration"/>);
    /// one more for safety.
    /// </summary>
    private const int Lookahead = 4;

    /// <summary>The number of leading elements of <paramref name="previous"/> that parse identically over <paramref name="tokens"/>.</summary>
    public static int ReusableElements(ParseState previous, SyntaxToken[] tokens)
    {
        if (previous.SyntaxDiagnostics.Length >= ParseSession.MaxDiagnostics) return 0; // the cap is global: parse it all
        var unchanged = UnchangedTokens(previous.Tokens, tokens);
        var count = 0;
        while (count < previous.Elements.Length && previous.Elements[count].End + Lookahead <= unchanged) count++;
        return count;
    }

    /// <summary>How many leading tokens are the same in both lists: kind, text, position and trivia.</summary>
    private static int UnchangedTokens(SyntaxToken[] before, SyntaxToken[] after)
    {
        var max = Math.Min(before.Length, after.Length);
        var i = 0;
        while (i < max && Same(before[i], after[i])) i++;
        return i;
    }

    private static bool Same(SyntaxToken a, SyntaxToken b) =>
        a.Kind == b.Kind && a.Position == b.Position && a.IsMissing == b.IsMissing
        && string.Equals(a.Text, b.Text, StringComparison.Ordinal)
        && a.LeadingTrivia.AsSpan().SequenceEqual(b.LeadingTrivia.AsSpan())
        && a.TrailingTrivia.AsSpan().SequenceEqual(b.TrailingTrivia.AsSpan());
}
