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
