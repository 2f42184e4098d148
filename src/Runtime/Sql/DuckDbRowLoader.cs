using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;

namespace Pulse.Runtime.Sql;

/// <summary>
/// Loads CLR rows into a new DuckDB table through the appender (no SQL text per value, so nothing to
/// escape). Scalar columns are appended in their type; json, list and record columns are appended
/// as JSON text into a load table and cast once, because the appender cannot build nested values.
/// </summary>
public static class DuckDbRowLoader
{
    /// <summary>Creates <c>catalog.schema.table</c> with <paramref name="columns"/> and appends <paramref name="rows"/>; returns the row count.</summary>
    public static long Load(DuckDBConnection connection, string catalog, string schema, string table, RelSchema columns, IEnumerable<object?[]> rows)
    {
        var nested = columns.Columns.Any(c => IsNested(c.Type));
        var loadTable = nested ? table + "__load" : table;
        var loadColumns = columns.Columns.Select(c => SqlText.Identifier(c.Name) + " " + (IsNested(c.Type) ? "VARCHAR" : DuckDbTypes.Name(c.Type)));
        Execute(connection, $"CREATE TABLE {SqlText.Qualified(catalog, schema, loadTable)} ({SqlText.Join(loadColumns)})");
        long count = 0;
        using (var appender = connection.CreateAppender(catalog, schema, loadTable))
        {
            foreach (var row in rows)
            {
                if (row.Length != columns.Columns.Length)
                    throw new ArgumentException($"a row for {table} has {row.Length} values, expected {columns.Columns.Length}");
                var appended = appender.CreateRow();
                for (var i = 0; i < row.Length; i++)
                    appended = Append(appended, IsNested(columns.Columns[i].Type) ? AsJson(row[i]) : row[i]);
                appended.EndRow();
                count++;
            }
        }
        if (nested)
        {
            var casts = columns.Columns.Select(c => (IsNested(c.Type)
                ? $"CAST(CAST({SqlText.Identifier(c.Name)} AS JSON) AS {DuckDbTypes.Name(c.Type)})"
                : SqlText.Identifier(c.Name)) + " AS " + SqlText.Identifier(c.Name));
            Execute(connection, $"CREATE TABLE {SqlText.Qualified(catalog, schema, table)} AS SELECT {SqlText.Join(casts)} FROM {SqlText.Qualified(catalog, schema, loadTable)}");
            Execute(connection, $"DROP TABLE {SqlText.Qualified(catalog, schema, loadTable)}");
        }
        return count;
    }

    private static bool IsNested(PulseType type) => type.Kind is TypeKind.Json or TypeKind.List or TypeKind.Record;

    private static string? AsJson(object? value) => value switch
    {
        null => null,
        string text => text,
        JsonElement element => element.GetRawText(),
        _ => JsonSerializer.Serialize(value),
    };

    public static IDuckDBAppenderRow Append(IDuckDBAppenderRow row, object? value) => value switch
    {
        null or DBNull => row.AppendNullValue(),
        string text => row.AppendValue(text),
        bool flag => row.AppendValue(flag),
        int number => row.AppendValue(number),
        long number => row.AppendValue(number),
        short number => row.AppendValue((int)number),
        double number => row.AppendValue(number),
        float number => row.AppendValue((double)number),
        decimal number => row.AppendValue(number),
        DateOnly date => row.AppendValue(date),
        DateTime time => row.AppendValue(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time),
        DateTimeOffset time => row.AppendValue(time.UtcDateTime),
        System.Numerics.BigInteger number => row.AppendValue(number),
        _ => row.AppendValue(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
