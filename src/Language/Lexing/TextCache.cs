namespace Pulse.Language.Lexing;

/// <summary>
/// Hands out one string instance per distinct short text (keywords, punctuation, common names,
/// indentation), so a large file does not allocate a new string for every repeated token or space.
/// </summary>
internal sealed class TextCache
{
    private const int MaxCachedLength = 32;
    private readonly Dictionary<string, string> strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> lookup;

    public TextCache() => lookup = strings.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(string text, int start, int length)
    {
        if (length == 0) return "";
        if (length > MaxCachedLength) return text.Substring(start, length);
        var span = text.AsSpan(start, length);
        if (lookup.TryGetValue(span, out var cached)) return cached;
        var created = span.ToString();
        strings[created] = created;
        return created;
    }
}
