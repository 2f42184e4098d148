namespace Pulse.Language.Text;

/// <summary>The text of one spec file with its path and a line map, built once.</summary>
public sealed class SourceText
{
    private readonly int[] lineStarts;

    public SourceText(string path, string text)
    {
        Path = path;
        Text = text;
        lineStarts = LineStarts(text);
    }

    /// <summary>Where each line starts; a line ends at <c>\n</c>, <c>\r\n</c> or a lone <c>\r</c>.</summary>
    public static int[] LineStarts(string text)
    {
        var span = text.AsSpan();
        if (span.IndexOf('\r') < 0)
        {
            // The common case, vectorized: count the breaks, then find each one.
            var starts = new int[span.Count('\n') + 1];
            var from = 0;
            for (var line = 1; line < starts.Length; line++)
            {
                from += span[from..].IndexOf('\n') + 1;
                starts[line] = from;
            }
            return starts;
        }
        var list = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n') list.Add(i + 1);
            else if (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')) list.Add(i + 1);
        }
        return list.ToArray();
    }

    public string Path { get; }
    public string Text { get; }
    public int LineCount => lineStarts.Length;

    /// <summary>0-based line and column (in UTF-16 code units) of a character offset.</summary>
    public LinePosition GetPosition(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        var line = Array.BinarySearch(lineStarts, offset);
        if (line < 0) line = ~line - 1;
        return new LinePosition(line, offset - lineStarts[line]);
    }

    /// <summary>The character offset of a 0-based line and column (clamped to the text).</summary>
    public int GetOffset(LinePosition position)
    {
        if (position.Line >= lineStarts.Length) return Text.Length;
        var lineEnd = position.Line + 1 < lineStarts.Length ? lineStarts[position.Line + 1] : Text.Length;
        return Math.Min(lineStarts[Math.Max(position.Line, 0)] + Math.Max(position.Character, 0), lineEnd);
    }

    public int GetLineStart(int line) => lineStarts[Math.Clamp(line, 0, lineStarts.Length - 1)];

    public string GetLineText(int line)
    {
        var start = GetLineStart(line);
        var end = line + 1 < lineStarts.Length ? lineStarts[line + 1] : Text.Length;
        return Text[start..end].TrimEnd('\r', '\n');
    }

    public string Slice(TextSpan span) => Text.Substring(span.Start, span.Length);
}

/// <summary>A 0-based line and character, as the language server protocol counts them.</summary>
public readonly record struct LinePosition(int Line, int Character);
