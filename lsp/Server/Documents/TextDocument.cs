using Pulse.Lsp.Protocol;

namespace Pulse.Lsp.Documents;

/// <summary>An immutable version of one document's text, as the client sees it.</summary>
public sealed class TextDocument
{
    private LineMap? lines;

    public TextDocument(string uri, string path, int version, string text)
    {
        Uri = uri;
        Path = path;
        Version = version;
        Text = text;
    }

    public string Uri { get; }
    public string Path { get; }
    public int Version { get; }
    public string Text { get; }
    public LineMap Lines => lines ??= new LineMap(Text);

    public int OffsetOf(Position position) => Lines.GetOffset(position.Line, position.Character);

    public Position PositionOf(int offset)
    {
        var (line, character) = Lines.GetPosition(offset);
        return new Position(line, character);
    }

    public LspRange RangeOf(int start, int end) => new(PositionOf(start), PositionOf(end));

    /// <summary>
    /// Applies the changes of one <c>didChange</c> in order: each ranged change is relative to the
    /// text the previous one produced; a change without a range replaces the whole text.
    /// </summary>
    public TextDocument WithChanges(int version, IReadOnlyList<TextDocumentContentChangeEvent> changes)
    {
        var text = Text;
        LineMap? map = lines;
        foreach (var change in changes)
        {
            if (change.Range is null)
            {
                text = change.Text;
                map = null;
                continue;
            }
            map ??= new LineMap(text);
            var start = map.GetOffset(change.Range.Start.Line, change.Range.Start.Character);
            var end = map.GetOffset(change.Range.End.Line, change.Range.End.Character);
            if (end < start) (start, end) = (end, start);
            text = string.Concat(text.AsSpan(0, start), change.Text, text.AsSpan(end));
            map = null;
        }
        return new TextDocument(Uri, Path, version, text);
    }
}
