using System.Globalization;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Sources;

/// <summary>
/// Parquet through DuckDB's <c>read_parquet</c>; fields map to columns by name. Values keep their
/// Parquet types and are cast to the field types (a value that does not cast is malformed).
/// Positions are 1-based row numbers within the file. The file is not copied: the raw relation is a query over it.
/// </summary>
public sealed class ParquetSourceReader : ISourceReader
{
    public Task<RawInput> ReadAsync(SourceReadContext context, CancellationToken cancellation)
    {
        var source = context.Source;
        var path = context.RequirePath(source.Options.Path);
        var scan = $"read_parquet({SqlText.String(path)}, file_row_number = true)";
        var available = new List<string>();
        using (var command = context.Connection.CreateCommand())
        {
            command.CommandText = $"SELECT column_name FROM (DESCRIBE SELECT * FROM {scan}) WHERE column_name <> 'file_row_number'";
            using var reader = command.ExecuteReader();
            while (reader.Read()) available.Add(reader.GetString(0));
        }

        var columnOf = new Dictionary<string, string>();
        var data = new List<string>();
        for (var i = 0; i < source.InputFields.Length; i++)
        {
            var field = source.InputFields[i];
            if (!available.Contains(field.ReadFrom))
                throw new PulseRunException(RunError.At(field.Origin, RuntimeCodes.InputColumnMissing,
                    $"source {source.Name}: column \"{field.ReadFrom}\" is not in {Path.GetFileName(path)}",
                    $"the file has {string.Join(", ", available.Select(a => $"\"{a}\""))}"));
            var column = "c" + i.ToString(CultureInfo.InvariantCulture);
            columnOf[field.Name] = column;
            data.Add($"p.{SqlText.Identifier(field.ReadFrom)} AS {SqlText.Identifier(column)}");
        }
        // Nothing is copied: the cleaner scans the file once through this query. Every column of the file
        // rides along (as a0, a1, ...) so a quarantined row can be shown whole.
        var all = available.Select((a, i) => (Name: a, Column: "a" + i.ToString(CultureInfo.InvariantCulture))).ToList();
        var raw = $"(SELECT p.file_row_number + 1 AS {SqlText.Identifier(RawInput.Position)}, CAST(NULL AS VARCHAR) AS {SqlText.Identifier(RawInput.Error)}" +
                  string.Concat(data.Select(d => ", " + d)) + string.Concat(all.Select(a => $", p.{SqlText.Identifier(a.Name)} AS {SqlText.Identifier(a.Column)}")) +
                  $" FROM {scan} AS p)";
        var rowJson = new RowJson([.. all.Select(a => a.Column)],
            refs => "to_json(struct_pack(" + SqlText.Join(all.Select((a, i) => $"{SqlText.Identifier(a.Name)} := {refs[i]}")) + "))");
        return Task.FromResult(new RawInput(raw, RawFamily.Typed, columnOf) { RowJson = rowJson });
    }
}
