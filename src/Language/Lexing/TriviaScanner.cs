using System.Collections.Immutable;
using Pulse.Language.Syntax;
using Pulse.Language.Text;

namespace Pulse.Language.Lexing;

/// <summary>Splits the text between two tokens (only white space and comments) into trivia pieces.</summary>
internal static class TriviaScanner
{
    /// <summary>Fills <paramref name="pieces"/> (cleared first) with the trivia of <c>text[start..end)</c>.</summary>
    public static void Scan(string text, int start, int end, TextCache cache, List<SyntaxTrivia> pieces)
    {
        pieces.Clear();
        var i = start;
        while (i < end)
        {
            var c = text[i];
            int length;
            SyntaxTriviaKind kind;
            if (c == '\r')
            {
                length = i + 1 < end && text[i + 1] == '\n' ? 2 : 1;
                kind = SyntaxTriviaKind.EndOfLine;
            }
            else if (c == '\n')
            {
                length = 1;
                kind = SyntaxTriviaKind.EndOfLine;
            }
            else if (c == '/' && i + 1 < end && text[i + 1] == '/')
            {
                length = Math.Min(LiteralScanner.LineComment(text, i), end - i);
                // `///` documents; `////…` is an ordinary comment (a ruler), as in C#.
                var isDoc = length >= 3 && text[i + 2] == '/' && (length == 3 || text[i + 3] != '/');
                kind = isDoc ? SyntaxTriviaKind.DocComment : SyntaxTriviaKind.LineComment;
            }
            else if (c == '/' && i + 1 < end && text[i + 1] == '*')
            {
                length = Math.Min(LiteralScanner.BlockComment(text, i).Length, end - i);
                kind = SyntaxTriviaKind.BlockComment;
            }
            else
            {
                length = 1;
                while (i + length < end && !CharFacts.IsLineBreak(text[i + length]) && text[i + length] != '/') length++;
                kind = SyntaxTriviaKind.Whitespace;
            }
            pieces.Add(new SyntaxTrivia(kind, new TextSpan(i, length), cache.Get(text, i, length)));
            i += length;
        }
    }

    /// <summary>Trailing trivia of the token before the gap: the pieces up to and including the first line break.</summary>
    public static int TrailingCount(List<SyntaxTrivia> pieces)
    {
        for (var i = 0; i < pieces.Count; i++)
        {
            if (pieces[i].Kind == SyntaxTriviaKind.EndOfLine) return i + 1;
        }
        return pieces.Count;
    }

    public static ImmutableArray<SyntaxTrivia> Slice(List<SyntaxTrivia> pieces, int start, int count) =>
        count == 0 ? ImmutableArray<SyntaxTrivia>.Empty : ImmutableArray.Create(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pieces).Slice(start, count));
}
