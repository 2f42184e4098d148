namespace Pulse.Lsp.Documents;

/// <summary>
/// Converts between character offsets and LSP positions for one text. Lines end at <c>\n</c>,
/// <c>\r\n</c> or <c>\r</c> (as the protocol says); characters are UTF-16 code units, which is
/// exactly what a .NET string indexes, so no transcoding is needed.
/// </summary>
public sealed class LineMap
{
    private readonly string text;
    private readonly int[] lineStarts;

    public LineMap(string text)
    {
        this.text = text;
        lineStarts = Pulse.Language.Text.SourceText.LineStarts(text);
    }

    public int LineCount => lineStarts.Length;

    /// <summary>
    /// The offset of a position. A line past the end maps to the end of the text; a character past
    /// the end of its line maps to the end of that line (before its line break), as LSP requires.
    /// </summary>
    public int GetOffset(int line, int character)
    {
        if (line < 0) return 0;
        if (line >= lineStarts.Length) return text.Length;
        var start = lineStarts[line];
        var end = LineContentEnd(line);
        return Math.Min(start + Math.Max(character, 0), end);
    }

    public (int Line, int Character) GetPosition(int offset)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        var line = Array.BinarySearch(lineStarts, offset);
        if (line < 0) line = ~line - 1;
        return (line, offset - lineStarts[line]);
    }

    public int LineStart(int line) => lineStarts[Math.Clamp(line, 0, lineStarts.Length - 1)];

    /// <summary>The offset where a line's text ends, excluding its line break.</summary>
    public int LineContentEnd(int line)
    {
        var start = lineStarts[line];
        var end = line + 1 < lineStarts.Length ? lineStarts[line + 1] : text.Length;
        if (end > start && text[end - 1] == '\n') end--;
        if (end > start && text[end - 1] == '\r') end--;
        return end;
    }
}
