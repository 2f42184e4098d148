using System.Collections.Immutable;
using Pulse.Language.Diagnostics;
using Pulse.Language.Lexing;
using Pulse.Language.Syntax;
using Pulse.Language.Text;
using Superpower.Model;
using TextSpan = Pulse.Language.Text.TextSpan;

namespace Pulse.Language.Parsing;

internal readonly record struct ParseResult(FileSyntax Root, ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<SyntaxTrivia> LineComments);

/// <summary>
/// <c>file = { import | declaration } EOF</c>. The declaration-by-declaration loop is hand-written
/// around the Superpower <see cref="DeclarationGrammar.Declaration"/> rule: on a token that starts
/// no declaration it reports once (with "did you mean"), keeps the tokens up to the next
/// declaration at brace depth 0 as <see cref="SkippedSyntax"/>, and goes on.
/// </summary>
internal static class PulseParser
{
    public static ParseResult ParseFile(SourceText source)
    {
        LexResult lexed;
        try
        {
            lexed = Lexer.Lex(source);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return Fallback(source, exception);
        }
        try
        {
            var session = new ParseSession(source, lexed.Tokens);
            var root = ParseSession.Run(session, () => ParseDeclarations(session, lexed.TokenList));
            return new ParseResult(root, lexed.Diagnostics.AddRange(session.Diagnostics), lexed.LineComments);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A parser bug must not take the language server or the CLI down: keep every token, skipped.
            var eof = lexed.Tokens[^1];
            var skipped = lexed.Tokens.Length > 1 ? ImmutableArray.Create<SyntaxElement>(new SkippedSyntax([.. lexed.Tokens[..^1]])) : [];
            var diagnostic = DiagnosticBuilder.For(source, new TextSpan(0, 0)).InternalParserError(exception.GetType().Name);
            return new ParseResult(new FileSyntax(new SyntaxList<DeclarationSyntax>(skipped), eof), lexed.Diagnostics.Add(diagnostic), lexed.LineComments);
        }
    }

    /// <summary>When even the lexer fails (a bug): the whole text as trivia of the end-of-file token, so it still round-trips.</summary>
    private static ParseResult Fallback(SourceText source, Exception exception)
    {
        var text = source.Text;
        ImmutableArray<SyntaxTrivia> trivia = text.Length == 0 ? [] : [new SyntaxTrivia(SyntaxTriviaKind.Whitespace, new TextSpan(0, text.Length), text)];
        var eof = new SyntaxToken(TokenKind.EndOfFile, text.Length, "", trivia, []);
        var diagnostic = DiagnosticBuilder.For(source, new TextSpan(0, 0)).InternalParserError(exception.GetType().Name);
        return new ParseResult(new FileSyntax(SyntaxList<DeclarationSyntax>.Empty, eof), [diagnostic], []);
    }

    private static FileSyntax ParseDeclarations(ParseSession session, TokenList<TokenKind> input)
    {
        var elements = ImmutableArray.CreateBuilder<SyntaxElement>();
        var rest = input;
        while (session.KindAt(rest.Position) != TokenKind.EndOfFile)
        {
            var index = rest.Position;
            var token = session.TokenAt(index);
            session.StartDeclaration();
            if (token.Kind == TokenKind.CloseBrace)
            {
                session.Report(index, session.At(token.Span).UnmatchedCloseBrace());
                elements.Add(new SkippedSyntax([token]));
                rest = P.Advance(rest);
                continue;
            }
            var parsed = DeclarationGrammar.Declaration(rest);
            if (parsed.HasValue && parsed.Remainder.Position > index)
            {
                elements.Add(parsed.Value);
                rest = parsed.Remainder;
                continue;
            }
            if (session.WouldReport(index))
            {
                var suggestion = token.Kind == TokenKind.Identifier ? DidYouMean.Suggest(token.Text, SyntaxFacts.DeclarationKeywords) : null;
                session.Report(index, session.At(token.Span).UnknownDeclaration(session.Describe(index), suggestion));
            }
            var skipped = SkipToDeclaration(session, rest);
            elements.Add(new SkippedSyntax(skipped.Tokens));
            rest = skipped.Remainder;
        }
        return new FileSyntax(new SyntaxList<DeclarationSyntax>(elements.ToImmutable()), session.TokenAt(session.EndOfFileIndex));
    }

    /// <summary>Skips at least one token, then up to the next declaration start at brace depth 0 (or a stray <c>}</c>).</summary>
    private static (ImmutableArray<SyntaxToken> Tokens, TokenList<TokenKind> Remainder) SkipToDeclaration(ParseSession session, TokenList<TokenKind> input)
    {
        var tokens = ImmutableArray.CreateBuilder<SyntaxToken>();
        var rest = input;
        var braces = 0;
        while (true)
        {
            var kind = session.KindAt(rest.Position);
            if (kind == TokenKind.OpenBrace) braces++;
            else if (kind == TokenKind.CloseBrace) braces = Math.Max(0, braces - 1);
            tokens.Add(session.TokenAt(rest.Position));
            rest = P.Advance(rest);

            var index = rest.Position;
            var next = session.KindAt(index);
            if (next == TokenKind.EndOfFile) break;
            // An unbalanced `{` in the garbage must not swallow the rest of the file: a declaration at column 1 ends it.
            if (braces > 0 && !(session.StartsLine(index) && session.ColumnOf(index) == 0 && Headers.StartsDeclaration(session, index, insideBlock: false))) continue;
            if (next == TokenKind.CloseBrace) break;
            if (Headers.StartsDeclaration(session, index, insideBlock: false)) break;
            if (Headers.IsDeclarationKeyword(session, index) && session.StartsLine(index)) break;
        }
        return (tokens.ToImmutable(), rest);
    }
}
