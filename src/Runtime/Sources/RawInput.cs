namespace Pulse.Runtime.Sources;

/// <summary>How the values of a raw table are represented, which decides how they convert to field types.</summary>
public enum RawFamily
{
    /// <summary>Text columns (CSV, PostgreSQL read as text): values are parsed from their text.</summary>
    Text,
    /// <summary>One JSON document per row in <c>_row</c> (JSON, NDJSON, HTTP, Kafka replay, Elasticsearch): JSON types are checked.</summary>
    Json,
    /// <summary>Typed columns (Parquet, embedded tables): values are cast.</summary>
    Typed,
}

/// <summary>
/// A source as read, before any conversion: a table with <see cref="Position"/> (1-based input position:
/// line, element or row number), <see cref="Row"/> (the original row as JSON, kept for quarantine),
/// <see cref="Error"/> (why the reader could not make a row of it, or null) and, for the Text and Typed
/// families, one column per input field named in <see cref="ColumnOf"/>. The bookkeeping columns carry
/// the <c>__pulse_</c> prefix, which user columns must not use.
/// </summary>
public sealed record RawInput(string Table, RawFamily Family, IReadOnlyDictionary<string, string> ColumnOf)
{
    public const string Position = "__pulse_pos";
    public const string Row = "__pulse_row";
    public const string Error = "__pulse_error";
}
