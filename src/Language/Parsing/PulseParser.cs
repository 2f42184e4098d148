using System.Collections.Immutable;
using Pulse.Language.Diagnostics;
using Pulse.Language.Lexing;
using Pulse.Language.Syntax;
using Pulse.Language.Text;

namespace Pulse.Language.Parsing;

internal readonly record struct ParseResult(FileSyntax Root, ImmutableArray<Diagnostic> Diagnostics);

/// <summary>Entry point of the parser (stub: the whole text becomes trivia of the end-of-file token).</summary>
internal static class PulseParser
{
    public static ParseResult ParseFile(SourceText source)
    {
        var text = source.Text;
        ImmutableArray<SyntaxTrivia> trivia = text.Length == 0 ? [] : [new SyntaxTrivia(SyntaxTriviaKind.Whitespace, new TextSpan(0, text.Length), text)];
        var eof = new SyntaxToken(TokenKind.EndOfFile, text.Length, "", trivia, []);
        return new ParseResult(new FileSyntax(SyntaxList<DeclarationSyntax>.Empty, eof), []);
    }
}
