using System.Runtime.InteropServices;
using Pulse.Language.Syntax;
using Pulse.Lsp.Documents;
using Pulse.Lsp.Protocol;

namespace Pulse.Lsp.Analysis;

/// <summary>One file of the workspace, parsed: its text as the editor (or the disk) has it and its syntax tree.</summary>
public sealed class DocumentAnalysis
{
    public DocumentAnalysis(string path, string uri, string text, int? version, SyntaxTree tree)
    {
        Path = path;
        Uri = uri;
        Text = text;
        Version = version;
        Tree = tree;
        Lines = new LineMap(text);
    }

    public string Path { get; }
    public string Uri { get; }
    public string Text { get; }
    /// <summary>The editor's version for an open document; null for a file read from disk.</summary>
    public int? Version { get; }
    public SyntaxTree Tree { get; }
    public LineMap Lines { get; }

    /// <summary>The file's present (not missing) tokens in order, end of file excluded: the lexer's tokens, no copy.</summary>
    public IReadOnlyList<Pulse.Language.Syntax.SyntaxToken> PresentTokens =>
        presentTokens ??= new ArraySegment<Pulse.Language.Syntax.SyntaxToken>(ImmutableCollectionsMarshal.AsArray(Tree.LexedTokens)!, 0, Tree.LexedTokens.Length - 1);

    private IReadOnlyList<Pulse.Language.Syntax.SyntaxToken>? presentTokens;

    /// <summary>Index of the last present token that starts before the offset; -1 when none.</summary>
    public int LastTokenIndexBefore(int offset)
    {
        var tokens = PresentTokens;
        int low = 0, high = tokens.Count - 1, found = -1;
        while (low <= high)
        {
            var mid = (low + high) / 2;
            if (tokens[mid].Position < offset) { found = mid; low = mid + 1; }
            else high = mid - 1;
        }
        return found;
    }

    public int OffsetOf(Position position) => Lines.GetOffset(position.Line, position.Character);

    public Position PositionOf(int offset)
    {
        var (line, character) = Lines.GetPosition(offset);
        return new Position(line, character);
    }

    public LspRange RangeOf(int start, int end) => new(PositionOf(start), PositionOf(end));

    public LspRange RangeOf(Pulse.Language.Text.TextSpan span) => RangeOf(span.Start, span.End);

    public static DocumentAnalysis Parse(string path, string uri, string text, int? version) =>
        new(path, uri, text, version, SyntaxTree.Parse(text, path));
}
