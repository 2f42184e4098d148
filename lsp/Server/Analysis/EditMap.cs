namespace Pulse.Lsp.Analysis;

/// <summary>
/// Maps offsets of a newer text back to an older version of it. The texts are compared once: the
/// common prefix and suffix are unchanged, whatever lies between is the edited region. An offset
/// before the edit maps to itself, one after it shifts by the length difference, one inside it maps to
/// the start of the edit (the nearest place the older text still has).
/// </summary>
public readonly struct EditMap
{
    private readonly int prefix;
    private readonly int oldSuffixStart;
    private readonly int newSuffixStart;

    public EditMap(string older, string newer)
    {
        var max = Math.Min(older.Length, newer.Length);
        var common = older.AsSpan(0, max).CommonPrefixLength(newer.AsSpan(0, max));
        var tail = 0;
        while (tail < max - common && older[older.Length - 1 - tail] == newer[newer.Length - 1 - tail]) tail++;
        prefix = common;
        oldSuffixStart = older.Length - tail;
        newSuffixStart = newer.Length - tail;
    }

    /// <summary>True when both texts are the same.</summary>
    public bool IsIdentity => prefix == oldSuffixStart && prefix == newSuffixStart;

    public int ToOlder(int newOffset)
    {
        if (newOffset <= prefix) return newOffset;
        if (newOffset >= newSuffixStart) return newOffset - newSuffixStart + oldSuffixStart;
        return prefix;
    }
}
