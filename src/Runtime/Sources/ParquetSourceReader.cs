using System.Globalization;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Sources;

/// <summary>
/// Parquet through DuckDB's <c>read_parquet</c>; fields map to columns by name. Values keep their
/// Parquet types and are cast to the field types (a value that does not cast is malformed).
/// Positions are 1-based row numbers within the file.
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
        var rowJson = "to_json(struct_pack(" + SqlText.Join(available.Select(a => $"{SqlText.Identifier(a)} := p.{SqlText.Identifier(a)}")) + "))";
        context.Execute(
            $"CREATE TABLE {context.RawTable} AS SELECT p.file_row_number + 1 AS {SqlText.Identifier(RawInput.Position)}, " +
            $"{rowJson} AS {SqlText.Identifier(RawInput.Row)}, CAST(NULL AS VARCHAR) AS {SqlText.Identifier(RawInput.Error)}" +
            (data.Count == 0 ? "" : ", " + SqlText.Join(data)) + $" FROM {scan} AS p ORDER BY 1");
        return Task.FromResult(new RawInput(context.RawTable, RawFamily.Typed, columnOf));
    }
}
