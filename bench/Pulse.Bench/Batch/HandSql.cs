using System.Globalization;
using DuckDB.NET.Data;

namespace Pulse.Bench.Batch;

/// <summary>
/// The baseline: the same cleaning, quarantine, join and aggregate written by hand as DuckDB SQL and
/// run through DuckDB.NET, into a fresh database file (the runner also writes to disk). It is what a
/// competent engineer would write knowing the data: typed reading, one pass of cleaning, the quarantined
/// rows kept with their reason. It does not keep the original row as JSON, input positions, per-rule
/// counts or a staging/publish step, which the runner does; that difference is the overhead measured.
/// </summary>
public static class HandSql
{
    public static BatchOutcome Run(SalesDataset data, string format, string folder)
    {
        var file = Path.Combine(folder, "hand.duckdb");
        try
        {
            using var connection = new DuckDBConnection($"DataSource={file}");
            connection.Open();
            var scan = format == "parquet"
                ? $"read_parquet({Quote(data.SalesParquet)})"
                : format == "ndjson"
                ? $"read_json({Quote(data.SalesNdjson())}, format = 'newline_delimited', " +
                  "columns = {'sale_id': 'BIGINT', 'store_id': 'INTEGER', 'customer': 'VARCHAR', 'sold_on': 'VARCHAR', " +
                  "'amount': 'DECIMAL(12,2)', 'quantity': 'INTEGER', 'channel': 'VARCHAR'})"
                : $"read_csv({Quote(data.SalesCsv)}, header = true, auto_detect = false, delim = ',', quote = '\"', nullstr = '', " +
                  "columns = {'sale_id': 'BIGINT', 'store_id': 'INTEGER', 'customer': 'VARCHAR', 'sold_on': 'VARCHAR', " +
                  "'amount': 'DECIMAL(12,2)', 'quantity': 'INTEGER', 'channel': 'VARCHAR'})";
            Execute(connection, $"""
                CREATE TABLE staged AS
                SELECT sale_id, store_id, trim(customer) AS customer, lower(trim(channel)) AS channel, sold_on AS sold_on_text,
                       CAST(try_strptime(sold_on, '%d/%m/%Y') AS DATE) AS sold_on, amount, quantity
                FROM {scan}
                """);
            Execute(connection, """
                CREATE TABLE quarantine AS
                SELECT CASE WHEN sold_on IS NULL THEN '_malformed' ELSE 'positive_amount' END AS rule,
                       CASE WHEN sold_on IS NULL THEN 'sold_on is not a date: ' || sold_on_text ELSE 'amount > 0 failed' END AS reason,
                       *
                FROM staged WHERE sold_on IS NULL OR NOT (amount > 0)
                """);
            Execute(connection, """
                CREATE TABLE sales AS
                SELECT sale_id, store_id, customer, sold_on, amount, COALESCE(quantity, 1) AS quantity, COALESCE(channel, 'unknown') AS channel
                FROM staged WHERE sold_on IS NOT NULL AND amount > 0
                """);
            Execute(connection, "DROP TABLE staged");
            Execute(connection, $"CREATE TABLE stores AS SELECT * FROM read_csv({Quote(data.StoresCsv)}, header = true, auto_detect = false, " +
                                "columns = {'store_id': 'INTEGER', 'region': 'VARCHAR', 'city': 'VARCHAR'})");
            Execute(connection, """
                CREATE TABLE sales_by_region_day AS
                SELECT st.region, s.sold_on AS day, s.channel, sum(s.amount) AS revenue, sum(s.quantity) AS units, count(*) AS sales, max(s.amount) AS largest
                FROM sales AS s JOIN stores AS st ON s.store_id = st.store_id
                GROUP BY st.region, s.sold_on, s.channel
                """);
            return new BatchOutcome(
                Long(connection, "SELECT count(*) FROM sales"),
                Long(connection, "SELECT count(*) FROM quarantine"),
                Long(connection, "SELECT count(*) FROM sales_by_region_day"),
                Decimal(connection, "SELECT sum(revenue) FROM sales_by_region_day"));
        }
        finally
        {
            foreach (var path in new[] { file, file + ".wal" })
                if (File.Exists(path)) File.Delete(path);
        }
    }

    /// <summary>The aggregate's row count and revenue in a published Pulse state database (to check the runner's result).</summary>
    public static (long Rows, decimal Revenue) ReadView(string stateDatabase, string view)
    {
        using var connection = new DuckDBConnection($"DataSource={stateDatabase}");
        connection.Open();
        var table = $"views.\"{view}\"";
        return (Long(connection, $"SELECT count(*) FROM {table}"), Decimal(connection, $"SELECT sum(revenue) FROM {table}"));
    }

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static long Long(DuckDBConnection connection, string sql) => Convert.ToInt64(Scalar(connection, sql), CultureInfo.InvariantCulture);

    private static decimal Decimal(DuckDBConnection connection, string sql) => Scalar(connection, sql) is { } value and not DBNull
        ? Convert.ToDecimal(value, CultureInfo.InvariantCulture)
        : 0m;
}
