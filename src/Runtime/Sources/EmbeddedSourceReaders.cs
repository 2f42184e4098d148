using System.Globalization;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Sources;

/// <summary>
/// A postgres source in the local environment: its <c>table</c> is read from the embedded DuckDB
/// state database (where embedded postgres sinks write), or its <c>query</c> runs there. Values keep
/// their DuckDB types and are cast to the field types. The table is read in place by the cleaning statement.
/// </summary>
public sealed class EmbeddedTableSourceReader : ISourceReader
{
    public Task<RawInput> ReadAsync(SourceReadContext context, CancellationToken cancellation)
    {
        var source = context.Source;
        string from;
        if (source.Options.Table is { } table)
        {
            var (schema, name) = SplitTable(table);
            var exists = context.Scalar<long>(
                $"SELECT count(*) FROM duckdb_tables() WHERE database_name = {SqlText.String(context.StateCatalog)} " +
                $"AND schema_name = {SqlText.String(schema)} AND table_name = {SqlText.String(name)}") > 0;
            if (!exists)
                throw new PulseRunException(RunError.At(source.Origin, RuntimeCodes.EmbeddedTableMissing,
                    $"source {source.Name}: table {table} does not exist in the embedded database {Path.Combine(context.StateDirectory, Batch.StateLayout.DatabaseFile)}",
                    "locally, postgres connections read the embedded DuckDB database; create the table there, or point the connection at a real server (environment block or connection override)"));
            from = SqlText.Qualified(context.StateCatalog, schema, name);
        }
        else if (source.Options.Query is { } query) from = $"({query})";
        else throw new PulseRunException(RunError.At(source.Origin, RuntimeCodes.EmbeddedTableMissing,
            $"source {source.Name} has neither table nor query", "add table = \"schema.table\""));

        var columnOf = new Dictionary<string, string>();
        var data = new List<string>();
        for (var i = 0; i < source.InputFields.Length; i++)
        {
            var column = "c" + i.ToString(CultureInfo.InvariantCulture);
            columnOf[source.InputFields[i].Name] = column;
            data.Add($"t.{SqlText.Identifier(source.InputFields[i].ReadFrom)} AS {SqlText.Identifier(column)}");
        }
        // Read in place: the cleaning statement scans the table (or query) once; rows come in scan order, none is
        // ever dropped by the reader, so the order gives the positions. The original row is the whole input row
        // (every column, not only the fields), carried as a struct and made JSON only for quarantined rows.
        const string whole = "__pulse_t";
        var dataColumns = data.Count == 0 ? "" : ", " + SqlText.Join(data);
        var relation = $"(SELECT CAST(NULL AS BIGINT) AS {SqlText.Identifier(RawInput.Position)}, CAST(NULL AS VARCHAR) AS {SqlText.Identifier(RawInput.Error)}, " +
                       $"t AS {SqlText.Identifier(whole)}{dataColumns} FROM {from} AS t)";
        var rowJson = new RowJson([whole], refs => $"to_json({refs[0]})");
        RawInput Positioned()
        {
            context.Execute(
                $"{ScratchTables.Create(context.RawTable)} AS SELECT row_number() OVER () AS {SqlText.Identifier(RawInput.Position)}, " +
                $"to_json(t) AS {SqlText.Identifier(RawInput.Row)}, CAST(NULL AS VARCHAR) AS {SqlText.Identifier(RawInput.Error)}{dataColumns} FROM {from} AS t");
            return new RawInput(context.RawTable, RawFamily.Typed, columnOf);
        }
        return Task.FromResult(new RawInput(relation, RawFamily.Typed, columnOf)
        {
            RowJson = rowJson,
            DropTables = [context.RawTable],
            Order = new InputOrder<RawInput>(1, relation, Confirm: _ => null, Positioned: Positioned),
        });
    }

    /// <summary>"schema.table" split once; a bare name is in the main schema.</summary>
    public static (string Schema, string Table) SplitTable(string table)
    {
        var dot = table.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? ("main", table) : (table[..dot], table[(dot + 1)..]);
    }
}

/// <summary>
/// An elasticsearch source in the local environment reads the NDJSON file an embedded
/// elasticsearch sink writes for the same index (<c>elasticsearch/&lt;index&gt;.ndjson</c> in the state
/// directory), in place like any NDJSON file. The source's <c>query</c> is not applied locally.
/// </summary>
public sealed class EmbeddedIndexSourceReader : ISourceReader
{
    public static string IndexFile(string stateDirectory, string index) =>
        Path.Combine(stateDirectory, "elasticsearch", index + ".ndjson");

    public Task<RawInput> ReadAsync(SourceReadContext context, CancellationToken cancellation)
    {
        var source = context.Source;
        var index = source.Options.Index ?? throw new PulseRunException(RunError.At(source.Origin, RuntimeCodes.EmbeddedTableMissing,
            $"source {source.Name} has no index", "add index = \"...\""));
        var file = IndexFile(context.StateDirectory, index);
        if (!File.Exists(file))
            throw new PulseRunException(RunError.At(source.Origin, RuntimeCodes.EmbeddedTableMissing,
                $"source {source.Name}: the local index {index} does not exist ({file})",
                "locally, elasticsearch reads the NDJSON file an elasticsearch sink writes; put the documents there, or point the connection at a cluster"));
        return Task.FromResult(JsonInPlaceScan.Read(context, file));
    }
}
