using Pulse.Lsp.Protocol;

namespace Pulse.Lsp.Bench;

/// <summary>
/// One place where the benchmark types: a character inserted at <see cref="At"/> (then deleted
/// again, so the spec is the same after every round) and completion asked right after it, with the
/// cursor just behind the typed character.
/// </summary>
internal sealed record EditSite(string Name, Position At, string Typed, string Why);

/// <summary>The edit script, located on the generated spec: the top, the middle and the end of the file.</summary>
internal static class EditScript
{
    public static IReadOnlyList<EditSite> Sites(string text)
    {
        var lines = text.Split('\n');
        var blocks = lines.Count(l => l.StartsWith("/// Orders of shop ", StringComparison.Ordinal));
        var middle = blocks / 2;
        var last = blocks - 1;
        return
        [
            new("doc comment, first block", new(Find(lines, "/// Orders of shop 0."), 3), "x",
                "text only: the diagnostics do not change, but the file is re-checked"),
            new("where clause, middle block", new(Find(lines, "  where o.amount > 0", After(lines, $"batch view revenue_{middle} ")), "  where ".Length), "x",
                "`xo.amount`: an unknown alias, then gone again"),
            new("schema field, last block", new(Find(lines, "    segment: string?", After(lines, $"source customers_{last}: ")), "    segment".Length), "x",
                "renames a field the view of that block reads: errors in another declaration"),
            new("syntax error, middle block", new(Find(lines, "  where o.amount > 0", After(lines, $"batch view revenue_{middle} ")), "  where o.amount > 0".Length), "(",
                "an unclosed parenthesis: syntax recovery, then well-formed again"),
        ];
    }

    /// <summary>Where the typing burst types: the end of the middle block's where clause.</summary>
    public static Position BurstStart(string text)
    {
        var lines = text.Split('\n');
        var blocks = lines.Count(l => l.StartsWith("/// Orders of shop ", StringComparison.Ordinal));
        var line = Find(lines, "  where o.amount > 0", After(lines, $"batch view revenue_{blocks / 2} "));
        return new Position(line, lines[line].Length);
    }

    private static int After(string[] lines, string prefix) => Find(lines, prefix);

    private static int Find(string[] lines, string prefix, int from = 0)
    {
        for (var i = from; i < lines.Length; i++)
            if (lines[i].StartsWith(prefix, StringComparison.Ordinal)) return i;
        throw new InvalidOperationException($"the generated spec has no line starting with \"{prefix}\" after line {from}");
    }
}
