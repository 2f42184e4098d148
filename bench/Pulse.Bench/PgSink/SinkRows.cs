using System.Globalization;
using DuckDB.NET.Data;

namespace Pulse.Bench.PgSink;

/// <summary>
/// The pgsink suite's rows: N rows of eight common column types (bigint, text, numeric, double,
/// nullable integer, boolean, date, timestamp) in an in-memory DuckDB table, where the batch runtime
/// keeps a view's rows before its sinks write them. Values come from the row number, so every run
/// writes the same rows.
/// </summary>
public static class SinkRows
{
    public const string Table = "sink_rows";

    /// <summary>The spec of a pipeline whose source has these columns and whose PostgreSQL sink writes them.</summary>
    public static string Spec(string schema, string table) => $$"""
        pipeline bench_pgsink {
          owner = "bench@pulse.example"
        }

        connection warehouse: postgres {
          url = env("BENCH_PG_URL")
        }

        environment local {}

        source rows: parquet {
          path = "rows.parquet"
          schema {
            id: long
            customer: string
            amount: decimal(12, 2)
            ratio: double
            quantity: int?
            active: bool
            day: date
            updated_at: timestamp
          }
        }

        sink rows_table: postgres {
          from = rows
          connection = warehouse
          table = "{{schema}}.{{table}}"
          mode = replace
        }
        """;

    public static DuckDBConnection Create(long rows)
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SET TimeZone = 'UTC';
            CREATE TABLE {Table} AS
            SELECT i AS id,
                   'customer ' || CAST(i % 100003 AS VARCHAR) AS customer,
                   CAST((i % 100000) / 100.0 AS DECIMAL(12, 2)) AS amount,
                   (i % 1000) / 7.0 AS ratio,
                   CASE WHEN i % 20 = 0 THEN NULL ELSE CAST(i % 50 AS INTEGER) END AS quantity,
                   i % 3 = 0 AS active,
                   DATE '2024-01-01' + CAST(i % 366 AS INTEGER) AS day,
                   TIMESTAMP '2024-01-01 00:00:00' + to_seconds(i) AS updated_at
            FROM range(1, {rows.ToString(CultureInfo.InvariantCulture)} + 1) AS t(i)
            ORDER BY i
            """;
        command.ExecuteNonQuery();
        return connection;
    }
}
