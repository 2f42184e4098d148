using System.Collections.Immutable;
using Pulse.Runtime.Sql;

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
/// A source as read, before any conversion: a relation (a table, or a parenthesized query the cleaner
/// scans once) with <see cref="Position"/> (1-based input position: line, element or row number),
/// <see cref="Error"/> (why the reader could not make a row of it, or null) and, for the Text and Typed
/// families, one column per input field named in <see cref="ColumnOf"/>. The original row, kept for the
/// quarantine, is <see cref="Row"/>: by default the <see cref="RowColumn"/> column (a JSON document), or
/// an expression the reader gives over its own columns, evaluated only for the rows that need it (building
/// JSON for every row costs about as much as reading the file). The bookkeeping columns carry the
/// <c>__pulse_</c> prefix, which user columns must not use. Rows are in input order.
/// </summary>
public sealed record RawInput(string Table, RawFamily Family, IReadOnlyDictionary<string, string> ColumnOf)
{
    public const string Position = "__pulse_pos";
    public const string Row = "__pulse_row";
    public const string Error = "__pulse_error";

    /// <summary>How to rebuild the original row as JSON from the raw relation's columns.</summary>
    public RowJson RowJson { get; init; } = RowJson.Column(Row);

    /// <summary>
    /// Set when the relation has no positions yet (<see cref="Position"/> is null): see <see cref="InputOrder{T}"/>.
    /// </summary>
    public InputOrder<RawInput>? Order { get; init; }

    /// <summary>What to drop once the source is cleaned (the raw table by default; a query over scratch tables lists them).</summary>
    public ImmutableArray<string> DropTables { get; init; } = [];

    /// <summary>Statements that remove what the reader created.</summary>
    public IEnumerable<string> DropSql() => DropTables.IsDefaultOrEmpty
        ? Table.StartsWith('(') ? [] : [$"DROP TABLE IF EXISTS {Table}"]
        : DropTables.Select(t => $"DROP TABLE IF EXISTS {t}");
}

/// <summary>
/// The original row as JSON, as an expression over some columns of a relation: <see cref="Build"/> receives
/// the SQL references of <see cref="Columns"/>, in order, and returns the expression. Keeping it an
/// expression lets the cleaner carry the few raw columns along and build the JSON only for quarantined rows.
/// </summary>
public sealed record RowJson(ImmutableArray<string> Columns, Func<IReadOnlyList<string>, string> Build)
{
    /// <summary>The row is already a JSON document in one column.</summary>
    public static RowJson Column(string name) => new([name], refs => refs[0]);

    /// <summary><c>json_object(key, column, ...)</c>: one string value per key (text readers).</summary>
    public static RowJson Object(IReadOnlyList<(string Key, string Column)> pairs) =>
        new([.. pairs.Select(p => p.Column)],
            refs => "json_object(" + SqlText.Join(pairs.Select((p, i) => $"{SqlText.String(p.Key)}, {refs[i]}")) + ")");

    /// <summary>The expression over columns referenced as <c>alias.column</c> (alias null: bare names).</summary>
    public string Sql(string? alias) =>
        Build([.. Columns.Select(c => alias is null ? SqlText.Identifier(c) : SqlText.Identifier(alias) + "." + SqlText.Identifier(c))]);
}

/// <summary>
/// A relation read straight from its file, without positions: rows arrive in input order, so the n-th row
/// (0-based) of a table created from it in one order-preserving pass is at position n + <see cref="Offset"/>.
/// That holds only if the reader dropped no record, which is known after the pass: <see cref="Confirm"/>
/// (given the table that pass wrote, with the reader's <see cref="RawInput.Error"/> in the cleaner's reason
/// column) then returns null, or a positioned relation to start again from. A consumer that needs positions
/// inside its query (a window, a join) asks for <see cref="Positioned"/> up front. <see cref="Lookup"/> is
/// the same relation for reading one row again by its offset (examples in messages).
/// </summary>
public sealed record InputOrder<T>(long Offset, string Lookup, Func<string, T?> Confirm, Func<T> Positioned) where T : class;
