using Pulse.Language.Text;

namespace Pulse.Language.Syntax;

public enum SyntaxTriviaKind
{
    /// <summary>Spaces and tabs (and any other non-newline white space).</summary>
    Whitespace,
    /// <summary>One line break: <c>\n</c>, <c>\r\n</c> or <c>\r</c>.</summary>
    EndOfLine,
    /// <summary><c>// …</c> to the end of the line (not including the line break).</summary>
    LineComment,
    /// <summary><c>/// …</c> to the end of the line: documentation for the declaration or field that follows.</summary>
    DocComment,
    /// <summary><c>/* … */</c>, possibly spanning lines; unterminated ones run to the end of the file.</summary>
    BlockComment,
}

/// <summary>Text between tokens that carries no grammar: white space, line breaks and comments.</summary>
public readonly record struct SyntaxTrivia(SyntaxTriviaKind Kind, TextSpan Span, string Text)
{
    public bool IsComment => Kind is SyntaxTriviaKind.LineComment or SyntaxTriviaKind.DocComment or SyntaxTriviaKind.BlockComment;
}
