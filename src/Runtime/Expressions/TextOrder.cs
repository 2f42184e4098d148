namespace Pulse.Runtime.Expressions;

/// <summary>
/// Strings compare by Unicode code point, which is DuckDB's (UTF-8 byte) order and PostgreSQL's with
/// the C collation. Plain UTF-16 ordinal order differs only where a surrogate pair (a code point above
/// U+FFFF) meets a character from U+E000 to U+FFFF, so that is the only case fixed up here.
/// </summary>
public static class TextOrder
{
    public static int Compare(string a, string b)
    {
        var common = a.AsSpan().CommonPrefixLength(b);
        if (common == a.Length || common == b.Length) return a.Length.CompareTo(b.Length);
        var x = a[common];
        var y = b[common];
        if (char.IsSurrogate(x) != char.IsSurrogate(y) && (x >= '\uE000' || y >= '\uE000'))
            return char.IsSurrogate(x) ? 1 : -1;
        return x.CompareTo(y);
    }

    /// <summary>The number of code points (what DuckDB's <c>length</c> counts).</summary>
    public static int CodePoints(string text)
    {
        var surrogates = 0;
        foreach (var ch in text)
            if (char.IsHighSurrogate(ch)) surrogates++;
        return text.Length - surrogates;
    }
}
