using System.Text;
using Pulse.Language.Lexing;
using Pulse.Language.Syntax;

namespace Pulse.Lsp.Formatting;

/// <summary>
/// Re-emits a file's tokens in the canonical layout: every member of a block on its own line,
/// indented two spaces per block; the author's other line breaks kept, with continuation lines
/// aligned under a list's first item, inside an open bracket, or four spaces in; at most one blank
/// line between members and none at the edges of a block; single spaces by <see cref="TokenSpacing"/>;
/// every comment kept (own-line comments on their own line, end-of-line comments after one space).
/// </summary>
internal sealed class FormattingWriter
{
    private const int IndentSize = 2;
    private const int ContinuationIndent = 4;

    private readonly SyntaxTree tree;
    private readonly BlockStructure structure;
    private readonly string newline;
    private readonly StringBuilder output = new();
    private readonly StringBuilder line = new();
    private readonly Stack<BracketFrame> brackets = new();
    private readonly Dictionary<SyntaxNode, int> memberIndents = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<SyntaxNode, int> alignColumns = new(ReferenceEqualityComparer.Instance);
    private int currentLineIndent;
    private bool anythingWritten;

    private sealed class BracketFrame(SyntaxToken open, int lineIndent)
    {
        public SyntaxToken Open { get; } = open;
        public int LineIndent { get; } = lineIndent;
        /// <summary>Column of the first token after the bracket on the same line; null when the bracket ended its line.</summary>
        public int? ContentColumn { get; set; }
        public bool ContentSeen { get; set; }
    }

    public FormattingWriter(SyntaxTree tree)
    {
        this.tree = tree;
        structure = new BlockStructure(tree.Root);
        newline = DetectNewline(tree.Source.Text);
    }

    public string Write()
    {
        SyntaxToken? previous = null;
        foreach (var token in tree.Tokens)
        {
            WriteGapAndToken(previous, token);
            previous = token;
        }
        EndLine();
        var text = output.ToString();
        return text.Length == 0 ? text : text.TrimEnd('\r', '\n') + newline;
    }

    private void WriteGapAndToken(SyntaxToken? previous, SyntaxToken token)
    {
        var newlines = 0;
        var mustBreak = false;      // a comment ended the line
        var spaceNeeded = false;    // an inline /* */ comment sits before the token
        var afterComment = false;   // an own-line comment separates the token from `previous`
        var gap = previous is null ? token.LeadingTrivia : previous.TrailingTrivia.AddRange(token.LeadingTrivia);
        foreach (var trivia in gap)
        {
            if (trivia.Kind == SyntaxTriviaKind.Whitespace) continue;
            if (trivia.Kind == SyntaxTriviaKind.EndOfLine)
            {
                newlines++;
                continue;
            }
            if (newlines == 0 && line.Length > 0 && !mustBreak)
            {
                line.Append(' ').Append(CommentText(trivia));
                if (trivia.Kind == SyntaxTriviaKind.BlockComment) spaceNeeded = true;
                else mustBreak = true;
            }
            else
            {
                EndLine();
                var afterOpenBrace = !afterComment && previous is { Kind: TokenKind.OpenBrace };
                if (newlines >= 2 && anythingWritten && !afterOpenBrace) output.Append(newline);
                StartLine(CommentIndent(token));
                line.Append(CommentText(trivia));
                anythingWritten = true;
                mustBreak = true;
                spaceNeeded = false;
                afterComment = true;
            }
            newlines = 0;
        }

        if (token.Kind == TokenKind.EndOfFile) return;

        var forced = structure.IsMemberStart(token) || structure.ClosesMemberBlock(token)
                     || (previous is not null && structure.OpensMemberBlock(previous));
        var isFirst = !anythingWritten;
        var emptyBlock = !afterComment && !mustBreak && previous is { Kind: TokenKind.OpenBrace } && token.Kind == TokenKind.CloseBrace;
        var breakLine = !isFirst && !emptyBlock && (mustBreak || forced || newlines > 0);

        if (breakLine)
        {
            EndLine();
            var afterOpenBrace = !afterComment && previous is { Kind: TokenKind.OpenBrace };
            if (newlines >= 2 && !afterOpenBrace && structure.IsMemberStart(token)) output.Append(newline);
            StartLine(IndentFor(token));
        }
        else if (isFirst)
        {
            StartLine(0);
        }
        else if (spaceNeeded || previous is null || TokenSpacing.SpaceBetween(previous, token))
        {
            line.Append(' ');
        }

        Emit(token);
    }

    private void Emit(SyntaxToken token)
    {
        var column = line.Length;
        if (brackets.Count > 0 && !brackets.Peek().ContentSeen && !IsClosing(token.Kind))
        {
            var frame = brackets.Peek();
            frame.ContentSeen = true;
            frame.ContentColumn = column > 0 && !IsLineStartColumn(column) ? column : null;
        }
        if (structure.IsMemberStart(token) && structure.OwnerOf(token) is { } member) memberIndents[member] = column;
        if (structure.AlignedMemberOf(token) is { } listStep) alignColumns[listStep] = column;

        line.Append(token.Text);
        anythingWritten = true;

        if (IsClosing(token.Kind) && brackets.Count > 0) brackets.Pop();
        if (token.Kind is TokenKind.OpenBrace or TokenKind.OpenParen or TokenKind.OpenBracket)
            brackets.Push(new BracketFrame(token, currentLineIndent));
    }

    private bool IsLineStartColumn(int column) => column == currentLineIndent;

    private int IndentFor(SyntaxToken token)
    {
        if (IsClosing(token.Kind) && brackets.Count > 0) return brackets.Peek().LineIndent;
        if (structure.IsMemberStart(token)) return MemberIndent();
        return ContinuationIndentFor(token);
    }

    /// <summary>Own-line comments take the indentation of what follows them; before a <c>}</c>, that of the block's members.</summary>
    private int CommentIndent(SyntaxToken next)
    {
        if (next.Kind == TokenKind.EndOfFile) return 0;
        if (next.Kind == TokenKind.CloseBrace && brackets.Count > 0) return brackets.Peek().LineIndent + IndentSize;
        return IndentFor(next);
    }

    /// <summary>A member sits one level inside the innermost open brace (column 0 at file level).</summary>
    private int MemberIndent() => brackets.FirstOrDefault(b => b.Open.Kind == TokenKind.OpenBrace) is { } brace ? brace.LineIndent + IndentSize : 0;

    private int ContinuationIndentFor(SyntaxToken token)
    {
        var member = structure.OwnerOf(token);
        var memberStart = member?.FirstToken.Position ?? 0;
        if (member is not null && brackets.Count > 0 && brackets.Peek().Open.Position >= memberStart)
        {
            var frame = brackets.Peek();
            return frame.ContentColumn ?? frame.LineIndent + IndentSize;
        }
        if (member is not null && alignColumns.TryGetValue(member, out var aligned)) return aligned;
        var baseIndent = member is not null && memberIndents.TryGetValue(member, out var indent) ? indent : MemberIndent();
        return baseIndent + ContinuationIndent;
    }

    private bool JustOpenedBlock(SyntaxToken? previous) => previous is { Kind: TokenKind.OpenBrace };

    private void StartLine(int indent)
    {
        currentLineIndent = indent;
        line.Append(' ', indent);
    }

    private void EndLine()
    {
        if (line.Length == 0) return;
        output.Append(line.ToString().TrimEnd()).Append(newline);
        line.Clear();
    }

    private static string CommentText(SyntaxTrivia trivia) =>
        trivia.Kind == SyntaxTriviaKind.BlockComment ? trivia.Text : trivia.Text.TrimEnd();

    private static bool IsClosing(TokenKind kind) => kind is TokenKind.CloseBrace or TokenKind.CloseParen or TokenKind.CloseBracket;

    private static string DetectNewline(string text)
    {
        var index = text.IndexOf('\n');
        return index > 0 && text[index - 1] == '\r' ? "\r\n" : "\n";
    }
}
