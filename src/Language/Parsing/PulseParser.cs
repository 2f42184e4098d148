using System.Collections.Immutable;
using Pulse.Language.Diagnostics;
using Pulse.Language.Lexing;
using Pulse.Language.Syntax;
using Pulse.Language.Text;
using Superpower.Model;
using TextSpan = Pulse.Language.Text.TextSpan;

namespace Pulse.Language.Parsing;

/// <param name="State">What the next parse of this file can reuse; null after a fallback.</param>
/// <param name="ReusedElements">How many leading top-level elements were taken from the previous parse (their parents are already set).</param>
internal readonly record struct ParseResult(FileSyntax Root, ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<SyntaxTrivia> LineComments, ParseState? State = null, int ReusedElements = 0);

/// <summary>
/// <c>file = { import | declaration } EOF</c>. The declaration-by-declaration loop is hand-written
/// around the Superpower <see cref="DeclarationGrammar.Declaration"/> rule: on a token that starts
/// no declaration it reports once (with "did you mean"), keeps the tokens up to the next
/// declaration at brace depth 0 as <see cref="SkippedSyntax"/>, and goes on.
/// Given the state of the previous parse of the same file, it takes the top-level elements before the
/// first changed token as they are and parses from there on (<see cref="ParseReuse"/>): an edit in the
/// editor re-parses the declaration it touches and those after it, not the whole file. The result is
/// the same tree a full parse gives (tests compare them); the reused nodes are the earlier tree's.
/// </summary>
internal static class PulseParser
{
    public static ParseResult ParseFile(SourceText source, ParseState? previous = null)
    {
        LexResult lexed;
        try
        {
            lexed = Lexer.Lex(source, previous);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return Fallback(source, exception);
        }
        try
        {
            var session = new ParseSession(source, lexed.Tokens);
            var reused = previous is null ? 0 : ParseReuse.ReusableElements(previous, lexed.Tokens);
            var states = ImmutableArray.CreateBuilder<ElementState>();
            var root = ParseSession.Run(session, () => ParseDeclarations(session, lexed.TokenList, previous, reused, states));
            if (reused > 0) Array.Copy(previous!.Tokens, lexed.Tokens, previous.Elements[reused - 1].End); // the reused nodes hold these
            var state = new ParseState(source.Text, root, lexed.Tokens, lexed.Diagnostics, lexed.LineComments, states.ToImmutable(), [.. session.Diagnostics]);
            return new ParseResult(root, lexed.Diagnostics.AddRange(session.Diagnostics), lexed.LineComments, state, reused);
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

    private static FileSyntax ParseDeclarations(ParseSession session, TokenList<TokenKind> input, ParseState? previous, int reused, ImmutableArray<ElementState>.Builder states)
    {
        var elements = ImmutableArray.CreateBuilder<SyntaxElement>();
        var rest = input;
        if (reused > 0)
        {
            var earlier = previous!.Elements[reused - 1];
            elements.AddRange(previous.Root.Declarations.Elements, reused);
            states.AddRange(previous.Elements, reused);
            session.ContinueAfter(earlier, previous.SyntaxDiagnostics.Take(earlier.DiagnosticCount));
            while (rest.Position < earlier.End && !rest.IsAtEnd) rest = P.Advance(rest);
        }
        while (session.KindAt(rest.Position) != TokenKind.EndOfFile)
        {
            if (elements.Count > states.Count) states.Add(new ElementState(rest.Position, session.LastReportedIndex, session.Diagnostics.Count));
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
        if (elements.Count > states.Count) states.Add(new ElementState(rest.Position, session.LastReportedIndex, session.Diagnostics.Count));
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
