namespace Pulse.Language.Syntax;

/// <summary>Reads the <c>///</c> lines that document a declaration or field out of its first token's leading trivia.</summary>
public static class DocComments
{
    /// <summary>
    /// The last run of <c>///</c> lines directly above the token (a blank line or an ordinary comment
    /// ends the run), each without <c>///</c> and one following space, joined with <c>\n</c>; null when none.
    /// </summary>
    public static string? From(SyntaxToken firstToken)
    {
        var trivia = firstToken.LeadingTrivia;
        var lines = new List<string>();
        var lineBreaks = 0;
        for (var i = trivia.Length - 1; i >= 0; i--)
        {
            var piece = trivia[i];
            if (piece.Kind == SyntaxTriviaKind.Whitespace) continue;
            if (piece.Kind == SyntaxTriviaKind.EndOfLine)
            {
                if (++lineBreaks > 1) break; // a blank line separates the comment from the declaration
                continue;
            }
            if (piece.Kind != SyntaxTriviaKind.DocComment) break;
            lineBreaks = 0;
            var text = piece.Text[3..];
            lines.Add(text.StartsWith(' ') ? text[1..] : text);
        }
        if (lines.Count == 0) return null;
        lines.Reverse();
        return string.Join("\n", lines).TrimEnd();
    }
}
