using Pulse.Language.Lexing;
using Pulse.Language.Syntax;
using Pulse.Lsp.Analysis;

namespace Pulse.Lsp.Completion;

/// <summary>
/// Where the cursor is, read from the tokens rather than the tree so that it works at any point of
/// typing: the word being typed, the tokens before it, the innermost open brace (and so the block
/// kind, from the brace's node) and whether a new member starts here.
/// </summary>
public sealed class CompletionPosition
{
    private readonly DocumentAnalysis file;
    private readonly int previousIndex;

    public CompletionPosition(DocumentAnalysis file, int offset)
    {
        this.file = file;
        Offset = offset;
        var text = file.Text;
        var start = Math.Clamp(offset, 0, text.Length);
        while (start > 0 && IsWordChar(text[start - 1])) start--;
        WordStart = start;
        Prefix = text[start..Math.Clamp(offset, start, text.Length)];

        previousIndex = file.LastTokenIndexBefore(WordStart);
        // The word being typed may already be a token: skip it.
        while (previousIndex >= 0 && file.PresentTokens[previousIndex].Position >= WordStart) previousIndex--;

        var braces = new Stack<SyntaxToken>();
        for (var i = 0; i <= previousIndex; i++)
        {
            var token = file.PresentTokens[i];
            if (token.Kind == TokenKind.OpenBrace) braces.Push(token);
            else if (token.Kind == TokenKind.CloseBrace && braces.Count > 0) braces.Pop();
        }
        OpenBrace = braces.Count > 0 ? braces.Peek() : null;
        EnclosingBraces = braces.ToArray();
        IsMemberStart = ComputeMemberStart();
    }

    public int Offset { get; }
    public int WordStart { get; }
    /// <summary>The part of the word before the cursor (what the editor filters with).</summary>
    public string Prefix { get; }
    /// <summary>The innermost unclosed <c>{</c> before the cursor; null at top level.</summary>
    public SyntaxToken? OpenBrace { get; }
    /// <summary>Every unclosed <c>{</c>, innermost first.</summary>
    public SyntaxToken[] EnclosingBraces { get; }
    /// <summary>The node that owns the innermost open brace: the kind of block the cursor is in.</summary>
    public SyntaxNode? Block => OpenBrace?.Parent;
    public bool IsMemberStart { get; }

    /// <summary>The n-th present token before the word (1 = the one right before); null past the start.</summary>
    public SyntaxToken? Before(int n = 1)
    {
        var index = previousIndex - (n - 1);
        return index >= 0 ? file.PresentTokens[index] : null;
    }

    public string? BeforeText(int n = 1) => Before(n)?.Text;

    /// <summary>The first token of the statement the cursor is in (after the last brace or line start), when it is on the cursor's line.</summary>
    public SyntaxToken? StatementStart()
    {
        var cursorLine = file.PositionOf(WordStart).Line;
        SyntaxToken? first = null;
        for (var i = previousIndex; i >= 0; i--)
        {
            var token = file.PresentTokens[i];
            if (token.Kind is TokenKind.OpenBrace or TokenKind.CloseBrace or TokenKind.Semicolon) break;
            if (file.PositionOf(token.Position).Line != cursorLine) break;
            first = token;
        }
        return first;
    }

    private bool ComputeMemberStart()
    {
        var previous = Before();
        if (previous is null) return true;
        if (previous.Kind is TokenKind.OpenBrace or TokenKind.CloseBrace or TokenKind.Semicolon) return true;
        var sameLine = file.PositionOf(previous.Position).Line == file.PositionOf(WordStart).Line;
        if (sameLine) return false;
        return previous.Kind is not (TokenKind.Comma or TokenKind.Equals or TokenKind.OpenParen or TokenKind.OpenBracket
            or TokenKind.Colon or TokenKind.Dot or TokenKind.Arrow or TokenKind.Plus or TokenKind.Minus or TokenKind.Star
            or TokenKind.Slash or TokenKind.PercentSign or TokenKind.QuestionQuestion or TokenKind.EqualsEquals
            or TokenKind.BangEquals or TokenKind.LessThan or TokenKind.LessThanEquals or TokenKind.GreaterThan
            or TokenKind.GreaterThanEquals or TokenKind.AndKeyword or TokenKind.OrKeyword or TokenKind.NotKeyword);
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
