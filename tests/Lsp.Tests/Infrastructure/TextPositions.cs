using Pulse.Lsp.Protocol;

namespace Pulse.Lsp.Tests.Infrastructure;

/// <summary>Positions in a text found by searching, so tests read like "the `country` in `count_distinct(country)`".</summary>
public static class TextPositions
{
    /// <summary>The position <paramref name="delta"/> characters into the <paramref name="occurrence"/>-th (0-based) match of <paramref name="needle"/>.</summary>
    public static Position Of(string text, string needle, int delta = 0, int occurrence = 0)
    {
        var index = -1;
        for (var i = 0; i <= occurrence; i++)
        {
            index = text.IndexOf(needle, index + 1, StringComparison.Ordinal);
            if (index < 0) throw new ArgumentException($"`{needle}` (occurrence {occurrence}) not found");
        }
        return PositionAt(text, index + delta);
    }

    public static Position PositionAt(string text, int offset)
    {
        var line = 0;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
            if (text[i] == '\n') { line++; lineStart = i + 1; }
        return new Position(line, offset - lineStart);
    }

    public static LspRange RangeOf(string text, string needle, int occurrence = 0, int delta = 0, int? length = null)
    {
        var start = Of(text, needle, delta, occurrence);
        return new LspRange(start, start with { Character = start.Character + (length ?? needle.Length - delta) });
    }

    /// <summary>The text a range covers.</summary>
    public static string Slice(string text, LspRange range)
    {
        var lines = text.Split('\n');
        if (range.Start.Line != range.End.Line) throw new ArgumentException("multi-line range");
        return lines[range.Start.Line][range.Start.Character..range.End.Character];
    }
}
