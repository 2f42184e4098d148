using System.Globalization;
using DuckDB.NET.Data;
using Pulse.Runtime.Batch;

namespace Pulse.Runtime.Tests.Fixtures;

/// <summary>Reads the state database after a run; rows come back as "a|b|c" strings (invariant culture, ISO times, null as ∅).</summary>
public static class StateQuery
{
    public static List<string> Rows(string stateDirectory, string sql)
    {
        using var connection = new DuckDBConnection("DataSource=" + Path.Combine(stateDirectory, StateLayout.DatabaseFile));
        connection.Open();
        return Rows(connection, sql);
    }

    public static List<string> Rows(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "∅" : Format(reader.GetValue(i)))));
        return rows;
    }

    public static string Scalar(string stateDirectory, string sql) => Rows(stateDirectory, sql).Single();

    public static long Count(string stateDirectory, string table) => long.Parse(Scalar(stateDirectory, $"SELECT count(*) FROM {table}"), CultureInfo.InvariantCulture);

    public static string Format(object value) => value switch
    {
        DateTime time => time.ToString(time.TimeOfDay == TimeSpan.Zero && time.Kind != DateTimeKind.Utc ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        decimal number => number.ToString(CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
