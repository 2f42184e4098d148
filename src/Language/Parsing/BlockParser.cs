using System.Collections.Immutable;
using Pulse.Language.Lexing;
using Pulse.Language.Syntax;
using Superpower;

namespace Pulse.Language.Parsing;

/// <summary>What a block accepts, for recovery and messages.</summary>
/// <param name="Expected">How messages name a valid member: "a clean step (rename, cast, …)".</param>
/// <param name="Words">Member-starting words, for "did you mean".</param>
/// <param name="CanStartMember">True when the token at an index can start a member: where recovery resumes.</param>
/// <param name="AllowsSeparators">Members may be separated by <c>,</c> (and <c>;</c>).</param>
/// <param name="AcceptsConnections">An environment: <c>connection name: kind { … }</c> is a member, not the next declaration.</param>
internal sealed record BlockSpec(string Expected, IReadOnlyList<string> Words, Func<ParseSession, int, bool> CanStartMember, bool AllowsSeparators = true, bool AcceptsConnections = false);

internal readonly record struct BlockBody<T>(SyntaxToken OpenBrace, SyntaxList<T> Members, SyntaxToken CloseBrace) where T : SyntaxNode;

/// <summary>
/// <c>"{" { member } "}"</c> with recovery. Written by hand rather than with Superpower's
/// <c>Many</c>: a member that does not parse must not lose the rest of the block, so the loop skips
/// tokens (kept as <see cref="SkippedSyntax"/>) to the next line that starts a member, the block's
/// <c>}</c> or the next top-level declaration, and a block left open at a declaration or at the end
/// of the file is closed with a missing <c>}</c> (PULSE0102).
/// </summary>
internal static class BlockParser
{
    public static TokenListParser<TokenKind, BlockBody<T>> Block<T>(BlockSpec spec, string owner, TokenListParser<TokenKind, T> member) where T : SyntaxNode => input =>
    {
        var session = ParseSession.Current;
        var openIndex = input.Position;
        var open = P.Expect(TokenKind.OpenBrace)(input);
        if (open.Value.IsMissing)
        {
            // Without its `{` the block's contents are not recognisable; the caller's recovery takes them.
            return P.Ok(new BlockBody<T>(open.Value, SyntaxList<T>.Empty, SyntaxToken.Missing(TokenKind.CloseBrace, open.Value.Position)), input, input);
        }
        if (!session.TryEnter(openIndex))
        {
            // Too deep to descend: keep the whole balanced block as skipped tokens.
            var skipped = SkipBalanced(session, open.Remainder);
            var elementsTooDeep = ImmutableArray.Create<SyntaxElement>(new SkippedSyntax(skipped.Tokens));
            var closeTooDeep = session.KindAt(skipped.Remainder.Position) == TokenKind.CloseBrace
                ? P.Ok(session.TokenAt(skipped.Remainder.Position), skipped.Remainder, P.Advance(skipped.Remainder))
                : P.Ok(SyntaxToken.Missing(TokenKind.CloseBrace, session.TokenAt(skipped.Remainder.Position).FullSpan.Start), skipped.Remainder, skipped.Remainder);
            return P.Ok(new BlockBody<T>(open.Value, new SyntaxList<T>(skipped.Tokens.IsEmpty ? [] : elementsTooDeep), closeTooDeep.Value), input, closeTooDeep.Remainder);
        }
        try
        {
            var elements = ImmutableArray.CreateBuilder<SyntaxElement>();
            var rest = open.Remainder;
            while (true)
            {
                var index = rest.Position;
                var kind = session.KindAt(index);
                if (kind == TokenKind.CloseBrace || (session.StartsLine(index) && spec.CanStartMember(session, index))) session.Resync();
                if (kind == TokenKind.CloseBrace)
                {
                    return P.Ok(new BlockBody<T>(open.Value, new SyntaxList<T>(elements.ToImmutable()), session.TokenAt(index)), input, P.Advance(rest));
                }
                if (kind == TokenKind.EndOfFile || Headers.StartsDeclaration(session, index, insideBlock: true, spec.AcceptsConnections))
                {
                    var openedAt = session.Source.GetPosition(open.Value.Position);
                    session.Report(index, session.At(session.AfterPrevious(index)).UnclosedBrace(owner, openedAt));
                    var missing = SyntaxToken.Missing(TokenKind.CloseBrace, session.TokenAt(index).FullSpan.Start);
                    return P.Ok(new BlockBody<T>(open.Value, new SyntaxList<T>(elements.ToImmutable()), missing), input, rest);
                }
                if (spec.AllowsSeparators && kind is TokenKind.Comma or TokenKind.Semicolon)
                {
                    elements.Add(session.TokenAt(index));
                    rest = P.Advance(rest);
                    continue;
                }
                var parsed = member(rest);
                if (parsed.HasValue && parsed.Remainder.Position > index)
                {
                    elements.Add(parsed.Value);
                    rest = parsed.Remainder;
                    continue;
                }
                var found = session.TokenAt(index);
                if (session.WouldReport(index))
                {
                    var suggestion = found.Kind == TokenKind.Identifier ? DidYouMean.Suggest(found.Text, spec.Words) : null;
                    session.Report(index, session.At(found.Span).UnexpectedInBlock(session.Describe(index), owner, spec.Expected, suggestion));
                }
                var skip = SkipMember(session, rest, spec);
                elements.Add(new SkippedSyntax(skip.Tokens));
                rest = skip.Remainder;
                session.Resync();
            }
        }
        finally
        {
            session.Exit();
        }
    };

    /// <summary>
    /// Skips the token at <paramref name="input"/> and everything after it up to (not including) the
    /// block's <c>}</c>, a separator, a top-level declaration, or a new line that starts a member or is
    /// not indented deeper than the line the skip started on.
    /// Braces inside the skipped part are balanced so a garbled nested block is skipped whole.
    /// </summary>
    private static (ImmutableArray<SyntaxToken> Tokens, Superpower.Model.TokenList<TokenKind> Remainder) SkipMember(ParseSession session, Superpower.Model.TokenList<TokenKind> input, BlockSpec spec)
    {
        var tokens = ImmutableArray.CreateBuilder<SyntaxToken>();
        var rest = input;
        var braces = 0;
        var indent = session.ColumnOf(session.LineStartIndex(input.Position));
        do
        {
            var kind = session.KindAt(rest.Position);
            if (kind == TokenKind.OpenBrace) braces++;
            else if (kind == TokenKind.CloseBrace) braces--;
            tokens.Add(session.TokenAt(rest.Position));
            rest = P.Advance(rest);
        }
        while (!StopsSkipping(session, rest.Position, spec, braces, indent));
        return (tokens.ToImmutable(), rest);
    }

    /// <summary>
    /// A line that starts a member, or that starts no further right than the broken member's line
    /// (a line of its own, not a continuation), ends the skip; the new line is then parsed or reported on its own.
    /// </summary>
    private static bool StopsSkipping(ParseSession session, int index, BlockSpec spec, int braces, int indent)
    {
        var kind = session.KindAt(index);
        if (kind == TokenKind.EndOfFile) return true;
        if (Headers.StartsDeclaration(session, index, insideBlock: true, spec.AcceptsConnections) && session.StartsLine(index)) return true;
        if (braces > 0) return false;
        if (kind == TokenKind.CloseBrace) return true;
        if (spec.AllowsSeparators && kind is TokenKind.Comma or TokenKind.Semicolon) return true;
        return session.StartsLine(index) && (spec.CanStartMember(session, index) || session.ColumnOf(index) <= indent);
    }

    /// <summary>Everything up to the <c>}</c> that balances an already consumed <c>{</c> (not including it).</summary>
    public static (ImmutableArray<SyntaxToken> Tokens, Superpower.Model.TokenList<TokenKind> Remainder) SkipBalanced(ParseSession session, Superpower.Model.TokenList<TokenKind> input)
    {
        var tokens = ImmutableArray.CreateBuilder<SyntaxToken>();
        var rest = input;
        var braces = 0;
        while (true)
        {
            var kind = session.KindAt(rest.Position);
            if (kind == TokenKind.EndOfFile) break;
            if (kind == TokenKind.CloseBrace && braces == 0) break;
            if (kind == TokenKind.OpenBrace) braces++;
            else if (kind == TokenKind.CloseBrace) braces--;
            tokens.Add(session.TokenAt(rest.Position));
            rest = P.Advance(rest);
        }
        return (tokens.ToImmutable(), rest);
    }
}
