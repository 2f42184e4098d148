using System.Globalization;
using DuckDB.NET.Data;

namespace Pulse.Bench.Batch;

/// <summary>
/// A diagnostic contender for the batch profile: hand-written DuckDB SQL that keeps the runner's
/// bookkeeping (every field read as text and converted with a per-row reason when it does not convert,
/// input positions, the original row as JSON in the quarantine, a count per rule, output in input order)
/// but runs the row-local cleaning steps as one fused statement of CTEs instead of one table per step,
/// and builds the row JSON only for quarantined rows. It was written to show what the runner's old
/// one-table-per-step design cost; the runner now cleans this way (<c>Pulse.Runtime.Cleaning.CleaningChain</c>),
/// so the ratio of the two is what the runner's generality, staging and publish cost. CSV only.
/// </summary>
public static class FusedBookkeepingSql
{
    public static BatchOutcome Run(SalesDataset data, string folder)
    {
        var file = Path.Combine(folder, "fused.duckdb");
        try
        {
            using var connection = new DuckDBConnection($"DataSource={file}");
            connection.Open();
            Execute(connection, $"""
                CREATE TEMP TABLE raw AS
                SELECT row_number() OVER () + 1 AS pos, *
                FROM read_csv('{data.SalesCsv.Replace("'", "''", StringComparison.Ordinal)}', header = true, auto_detect = false, delim = ',', quote = '"', nullstr = '',
                              columns = {"{"}'sale_id': 'VARCHAR', 'store_id': 'VARCHAR', 'customer': 'VARCHAR', 'sold_on': 'VARCHAR', 'amount': 'VARCHAR', 'quantity': 'VARCHAR', 'channel': 'VARCHAR'{"}"})
                """);
            Execute(connection, """
                CREATE TEMP TABLE flagged AS
                WITH typed AS (
                  SELECT pos, TRY_CAST(sale_id AS BIGINT) AS sale_id, TRY_CAST(store_id AS INTEGER) AS store_id, customer, sold_on,
                         TRY_CAST(amount AS DECIMAL(12, 2)) AS amount, TRY_CAST(quantity AS INTEGER) AS quantity, channel,
                         NULLIF(concat_ws('; ',
                           CASE WHEN sale_id IS NULL OR TRY_CAST(sale_id AS BIGINT) IS NULL THEN 'sale_id: ' || coalesce(sale_id, 'null') END,
                           CASE WHEN store_id IS NULL OR TRY_CAST(store_id AS INTEGER) IS NULL THEN 'store_id: ' || coalesce(store_id, 'null') END,
                           CASE WHEN customer IS NULL THEN 'customer: null' END,
                           CASE WHEN sold_on IS NULL THEN 'sold_on: null' END,
                           CASE WHEN amount IS NULL OR TRY_CAST(amount AS DECIMAL(12, 2)) IS NULL THEN 'amount: ' || coalesce(amount, 'null') END,
                           CASE WHEN quantity IS NOT NULL AND TRY_CAST(quantity AS INTEGER) IS NULL THEN 'quantity: ' || quantity END), '') AS malformed
                  FROM raw),
                cleaned AS (
                  SELECT pos, sale_id, store_id, trim(customer) AS customer, sold_on AS sold_on_text, CAST(try_strptime(sold_on, '%d/%m/%Y') AS DATE) AS sold_on,
                         amount, COALESCE(quantity, 1) AS quantity, COALESCE(lower(trim(channel)), 'unknown') AS channel, malformed
                  FROM typed)
                SELECT *,
                       CASE WHEN malformed IS NOT NULL THEN '_malformed'
                            WHEN sold_on IS NULL THEN '_malformed'
                            WHEN NOT COALESCE(amount > 0, FALSE) THEN 'positive_amount' END AS rule,
                       CASE WHEN malformed IS NOT NULL THEN malformed
                            WHEN sold_on IS NULL THEN 'column sold_on: ''' || sold_on_text || ''' is not a date in the format dd/MM/yyyy'
                            WHEN NOT COALESCE(amount > 0, FALSE) THEN 'expectation positive_amount failed' END AS reason
                FROM cleaned
                """);
            Execute(connection, "CREATE TABLE rule_counts AS SELECT rule, count(*) AS n FROM flagged GROUP BY rule");
            Execute(connection, """
                CREATE TABLE quarantine AS
                SELECT f.pos, f.rule, f.reason, json_object('sale_id', r.sale_id, 'store_id', r.store_id, 'customer', r.customer, 'sold_on', r.sold_on,
                                                          'amount', r.amount, 'quantity', r.quantity, 'channel', r.channel) AS "row"
                FROM flagged AS f JOIN raw AS r USING (pos) WHERE f.rule IS NOT NULL ORDER BY f.pos
                """);
            Execute(connection, "CREATE TABLE sales AS SELECT sale_id, store_id, customer, sold_on, amount, quantity, channel FROM flagged WHERE rule IS NULL ORDER BY pos");
            Execute(connection, $"CREATE TABLE stores AS SELECT * FROM read_csv('{data.StoresCsv.Replace("'", "''", StringComparison.Ordinal)}', header = true, auto_detect = false, " +
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
                Convert.ToDecimal(Scalar(connection, "SELECT sum(revenue) FROM sales_by_region_day"), CultureInfo.InvariantCulture));
        }
        finally
        {
            foreach (var path in new[] { file, file + ".wal" })
                if (File.Exists(path)) File.Delete(path);
        }
    }

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
}
