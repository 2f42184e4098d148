namespace Pulse.Runtime.Sources;

/// <summary>
/// What the cleaner reads: a relation (a table, or a parenthesized query scanned once) with the input
/// position, the reader's or conversion's error, one column per input field, and the columns
/// <see cref="RowJson"/> rebuilds the original row from. Rows are in input order.
/// </summary>
public sealed record TypedInput(string Relation, RowJson RowJson)
{
    /// <summary>Set when the relation has no positions yet (see <see cref="InputOrder{T}"/>).</summary>
    public InputOrder<TypedInput>? Order { get; init; }

    /// <summary>A typed table made by <see cref="SourceConversion.CreateTypedTableSql"/> (the row as JSON in <see cref="RawInput.Row"/>).</summary>
    public static TypedInput Table(string table) => new(table, RowJson.Column(RawInput.Row));
}
