namespace Pulse.Runtime.Expressions;

/// <summary>
/// A composite key (group-by keys, dedupe keys) with value equality: two keys are equal when every
/// part is (strings ordinal, decimals by value, nulls equal to nulls, as GROUP BY treats them).
/// Dictionaries of keys are made with <see cref="RowKeyComparer.Instance"/>, so a hot path can look a key up
/// from a reused buffer of parts (<see cref="RowKeyComparer"/>'s span lookup) and allocate a key only for a new group.
/// </summary>
public sealed class RowKey : IEquatable<RowKey>
{
    private readonly int hash;

    public RowKey(object?[] parts)
    {
        Parts = parts;
        hash = HashOf(parts);
    }

    public object?[] Parts { get; }

    public bool HasNull => Array.IndexOf(Parts, null) >= 0;

    /// <summary>The hash of a key with these parts (the same for a <see cref="RowKey"/> and a span of its parts).</summary>
    public static int HashOf(ReadOnlySpan<object?> parts)
    {
        var h = new HashCode();
        foreach (var part in parts) h.Add(part);
        return h.ToHashCode();
    }

    /// <summary>Part by part equality (strings ordinal without a virtual call; other values by their own Equals).</summary>
    public static bool PartsEqual(ReadOnlySpan<object?> a, ReadOnlySpan<object?> b)
    {
        if (a.Length != b.Length) return false;
        for (var i = 0; i < a.Length; i++)
        {
            var (x, y) = (a[i], b[i]);
            if (ReferenceEquals(x, y)) continue;
            if (x is string text ? !(y is string other && string.Equals(text, other)) : !Equals(x, y)) return false;
        }
        return true;
    }

    public bool Equals(RowKey? other) => other is not null && other.hash == hash && PartsEqual(Parts, other.Parts);

    public override bool Equals(object? obj) => Equals(obj as RowKey);

    public override int GetHashCode() => hash;

    public override string ToString() => "(" + string.Join(", ", Parts.Select(ValueText.Json)) + ")";
}

/// <summary>
/// Equality of <see cref="RowKey"/>s that also looks keys up by a span of their parts
/// (<c>dictionary.GetAlternateLookup&lt;ReadOnlySpan&lt;object?&gt;&gt;()</c>): the same hash and equality, no key allocated.
/// </summary>
public sealed class RowKeyComparer : IEqualityComparer<RowKey>, IAlternateEqualityComparer<ReadOnlySpan<object?>, RowKey>
{
    public static readonly RowKeyComparer Instance = new();

    private RowKeyComparer() { }

    public bool Equals(RowKey? x, RowKey? y) => ReferenceEquals(x, y) || x is not null && x.Equals(y);

    public int GetHashCode(RowKey key) => key.GetHashCode();

    public bool Equals(ReadOnlySpan<object?> alternate, RowKey other) => RowKey.PartsEqual(alternate, other.Parts);

    public int GetHashCode(ReadOnlySpan<object?> alternate) => RowKey.HashOf(alternate);

    /// <summary>The key to store when a span lookup adds an entry: a copy, so the caller may reuse its buffer.</summary>
    public RowKey Create(ReadOnlySpan<object?> alternate) => new(alternate.ToArray());
}

/// <summary>Values as short JSON-like text for messages (quarantine reasons, errors).</summary>
public static class ValueText
{
    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Json(object? value) => value switch
    {
        null => "null",
        string text => System.Text.Json.JsonSerializer.Serialize(text, Relaxed),
        bool b => b ? "true" : "false",
        DateOnly date => "\"" + date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "\"",
        DateTime time => "\"" + IsoTime.Format(time) + "\"",
        double d => ValueCasts.FormatDouble(d),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
