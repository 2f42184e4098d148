using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Pulse.Compiler.Types;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Sources;

/// <summary>
/// A PostgreSQL table or query, streamed with binary COPY. Every field is selected as text (json,
/// list and record fields as their jsonb text) so that conversion and malformed-row handling are the
/// same as for CSV; the rows are appended to DuckDB in batches, reporting progress per batch. The
/// session runs in UTC so timestamptz text carries +00.
/// </summary>
public sealed class PostgresSourceReader : ISourceReader
{
    public async Task<RawInput> ReadAsync(SourceReadContext context, CancellationToken cancellation)
    {
        var source = context.Source;
        var connection = context.SourceConnection!;
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnections.ConnectionString(connection)) { Timezone = "UTC" };
        var fields = source.InputFields;
        var columns = fields.Select(f => f.Type.Kind is TypeKind.Json or TypeKind.List or TypeKind.Record
            ? $"to_jsonb(q.{SqlText.Identifier(f.ReadFrom)})::text"
            : $"q.{SqlText.Identifier(f.ReadFrom)}::text").ToList();
        string from;
        if (source.Options.Table is { } table)
        {
            var (schema, name) = EmbeddedTableSourceReader.SplitTable(table);
            from = SqlText.Qualified(schema == "main" ? "public" : schema, name);
        }
        else from = $"({source.Options.Query})";
        var copy = $"COPY (SELECT {(columns.Count == 0 ? "1" : SqlText.Join(columns))} FROM {from} AS q) TO STDOUT (FORMAT BINARY)";

        var (catalog, scratchSchema, scratchTable) = context.ScratchTableParts(source.Name + "_pg");
        var scratch = SqlText.Qualified(catalog, scratchSchema, scratchTable);
        var names = fields.Select((_, i) => "c" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        context.Execute($"{ScratchTables.Create(scratch)} (pos BIGINT{string.Concat(names.Select(n => ", " + SqlText.Identifier(n) + " VARCHAR"))})");
        long count = 0;
        try
        {
            await using var pg = new NpgsqlConnection(builder.ConnectionString);
            await pg.OpenAsync(cancellation).ConfigureAwait(false);
            await using var reader = await pg.BeginBinaryExportAsync(copy, cancellation).ConfigureAwait(false);
            using var appender = context.Connection.CreateAppender(catalog, scratchSchema, scratchTable);
            while (await reader.StartRowAsync(cancellation).ConfigureAwait(false) >= 0)
            {
                var row = appender.CreateRow().AppendValue(++count);
                for (var i = 0; i < fields.Length; i++)
                    row = reader.IsNull ? Skip(reader, row) : row.AppendValue(await reader.ReadAsync<string>(NpgsqlDbType.Text, cancellation).ConfigureAwait(false));
                row.EndRow();
                if (count % context.Options.LoadBatchSize == 0) context.Progress?.Report(count);
            }
        }
        catch (Exception e) when (e is NpgsqlException or PostgresException or TimeoutException)
        {
            throw PostgresConnections.Failure(connection, $"source {source.Name} cannot be read", e);
        }
        context.Progress?.Report(count);

        // Rows were appended in order, so the scratch table is the raw relation; the row JSON is built only for quarantined rows.
        var raw = $"(SELECT pos AS {SqlText.Identifier(RawInput.Position)}, CAST(NULL AS VARCHAR) AS {SqlText.Identifier(RawInput.Error)}" +
                  $"{string.Concat(names.Select(n => ", " + SqlText.Identifier(n)))} FROM {scratch})";
        return new RawInput(raw, RawFamily.Text, fields.Select((f, i) => (f.Name, names[i])).ToDictionary(x => x.Name, x => x.Item2))
        {
            RowJson = RowJson.Object([.. fields.Select((f, i) => (f.ReadFrom, names[i]))]),
            DropTables = [scratch],
        };
    }

    private static DuckDB.NET.Data.IDuckDBAppenderRow Skip(NpgsqlBinaryExporter reader, DuckDB.NET.Data.IDuckDBAppenderRow row)
    {
        reader.Skip();
        return row.AppendNullValue();
    }
}
