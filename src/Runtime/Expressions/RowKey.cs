namespace Pulse.Runtime.Expressions;

/// <summary>
/// A composite key (group-by keys, dedupe keys) with value equality: two keys are equal when every
/// part is (strings ordinal, decimals by value, nulls equal to nulls, as GROUP BY treats them).
/// </summary>
public sealed class RowKey : IEquatable<RowKey>
{
    private readonly int hash;

    public RowKey(object?[] parts)
    {
        Parts = parts;
        var h = new HashCode();
        foreach (var part in parts) h.Add(part);
        hash = h.ToHashCode();
    }

    public object?[] Parts { get; }

    public bool HasNull => Array.IndexOf(Parts, null) >= 0;

    public bool Equals(RowKey? other)
    {
        if (other is null || other.hash != hash || other.Parts.Length != Parts.Length) return false;
        for (var i = 0; i < Parts.Length; i++)
            if (!Equals(Parts[i], other.Parts[i])) return false;
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as RowKey);

    public override int GetHashCode() => hash;

    public override string ToString() => "(" + string.Join(", ", Parts.Select(ValueText.Json)) + ")";
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
