using System.Collections.Immutable;
using System.Text;
using Pulse.Language.Lexing;
using Pulse.Language.Text;

namespace Pulse.Language.Syntax;

/// <summary>
/// One token with its trivia. Leading trivia is everything between the previous token's trailing
/// trivia and this token; trailing trivia runs to the end of the token's line (line break included).
/// A missing token (<see cref="IsMissing"/>) has no text and no trivia: the parser inserted it where
/// the grammar requires a token that is not there, and reported what it expected.
/// </summary>
public sealed class SyntaxToken : SyntaxElement
{
    private string? valueText;

    public SyntaxToken(TokenKind kind, int position, string text, ImmutableArray<SyntaxTrivia> leadingTrivia, ImmutableArray<SyntaxTrivia> trailingTrivia, bool isMissing = false)
    {
        Kind = kind;
        Position = position;
        Text = text;
        LeadingTrivia = leadingTrivia.IsDefault ? [] : leadingTrivia;
        TrailingTrivia = trailingTrivia.IsDefault ? [] : trailingTrivia;
        IsMissing = isMissing;
    }

    /// <summary>A zero-width token the parser inserted at <paramref name="position"/>.</summary>
    public static SyntaxToken Missing(TokenKind kind, int position) => new(kind, position, "", [], [], isMissing: true);

    public TokenKind Kind { get; }

    /// <summary>Offset of the token's first character (after its leading trivia).</summary>
    public int Position { get; }

    /// <summary>The token exactly as written (quotes, backticks, escapes and underscores included).</summary>
    public string Text { get; }

    public ImmutableArray<SyntaxTrivia> LeadingTrivia { get; }
    public ImmutableArray<SyntaxTrivia> TrailingTrivia { get; }
    public bool IsMissing { get; }

    public override TextSpan Span => new(Position, Text.Length);

    public override TextSpan FullSpan
    {
        get
        {
            var start = LeadingTrivia.IsEmpty ? Position : LeadingTrivia[0].Span.Start;
            var end = TrailingTrivia.IsEmpty ? Position + Text.Length : TrailingTrivia[^1].Span.End;
            return new TextSpan(start, end - start);
        }
    }

    /// <summary>
    /// The meaning of the token's text: an identifier's name, a quoted identifier without backticks
    /// (doubled backticks undone), a string's contents with escapes resolved; otherwise <see cref="Text"/>.
    /// Malformed escapes are kept verbatim (the lexer reported them).
    /// </summary>
    public string ValueText => valueText ??= SyntaxFacts.GetValueText(Kind, Text);

    /// <summary>True for the reserved words (<c>and or not is null in between case when then else end true false</c>).</summary>
    public bool IsReservedKeyword => SyntaxFacts.IsReservedKeyword(Kind);

    public override void WriteTo(StringBuilder builder)
    {
        foreach (var trivia in LeadingTrivia) builder.Append(trivia.Text);
        builder.Append(Text);
        foreach (var trivia in TrailingTrivia) builder.Append(trivia.Text);
    }

    public override string ToString() => Text;
}
