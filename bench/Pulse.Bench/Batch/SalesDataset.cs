using System.Globalization;
using DuckDB.NET.Data;

namespace Pulse.Bench.Batch;

/// <summary>
/// The batch suite's input: <c>sales</c> (N rows, as CSV and as Parquet with the same values) and a
/// 200-row <c>stores</c> dimension. Values come from integer hashing of the row number, so a size
/// always gives the same files, cached between runs. Defects, by design: padded and mixed-case text
/// (trim, lower), 0.4% dates that do not parse (malformed rows), 1% negative amounts (quarantined by
/// the expectation), 5% missing quantities and 3% missing channels (filled).
/// </summary>
public sealed record SalesDataset(long Rows, string Folder, string SalesCsv, string SalesParquet, string StoresCsv)
{
    private const string Version = "v1";
    public const int Stores = 200;

    public static SalesDataset Prepare(long rows, string folder, Action<string> log)
    {
        var tag = $"{Version}-{rows.ToString(CultureInfo.InvariantCulture)}";
        var dataset = new SalesDataset(rows, folder, Path.Combine(folder, $"sales-{tag}.csv"), Path.Combine(folder, $"sales-{tag}.parquet"),
            Path.Combine(folder, $"stores-{Version}.csv"));
        var done = Path.Combine(folder, $"sales-{tag}.complete");
        if (File.Exists(done)) return dataset;

        log($"generating {rows:#,0} sales rows as CSV and Parquet in {folder} (cached for later runs)");
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        Execute(connection, $"CREATE TABLE sales AS {SalesSelect(rows)}");
        Execute(connection, $"COPY sales TO {Quote(dataset.SalesCsv)} (FORMAT csv, HEADER true, DELIMITER ',')");
        Execute(connection, $"COPY sales TO {Quote(dataset.SalesParquet)} (FORMAT parquet, ROW_GROUP_SIZE 122880)");
        Execute(connection, $"COPY ({StoresSelect}) TO {Quote(dataset.StoresCsv)} (FORMAT csv, HEADER true)");
        File.WriteAllText(done, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        return dataset;
    }

    /// <summary>The sales as NDJSON (one object per line, JSON types), written from the Parquet file on first use and cached.</summary>
    public string SalesNdjson()
    {
        var ndjson = Path.ChangeExtension(SalesParquet, ".ndjson");
        var done = ndjson + ".complete";
        if (File.Exists(done)) return ndjson;
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        Execute(connection, $"COPY (SELECT * FROM read_parquet({Quote(SalesParquet)}) ORDER BY sale_id) TO {Quote(ndjson)} (FORMAT json)");
        File.WriteAllText(done, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        return ndjson;
    }

    /// <summary>The sales file of a format (csv, parquet, ndjson).</summary>
    public string SalesFile(string format) => format switch
    {
        "csv" => SalesCsv,
        "parquet" => SalesParquet,
        "ndjson" => SalesNdjson(),
        _ => throw new ArgumentException($"no sales file for format {format}"),
    };

    /// <summary>Pseudo-random 0..2^32 from the row number and a salt (Knuth's multiplicative hash modulo a prime).</summary>
    private static string R(int salt) => $"((i + {salt * 1_000_003}) * 2654435761 % 4294967291)";

    private static string SalesSelect(long rows) => $"""
        SELECT
          i AS sale_id,
          CAST(1 + {R(1)} % {Stores} AS INTEGER) AS store_id,
          CASE WHEN {R(2)} % 10 = 0 THEN '  ' ELSE '' END || 'c' || CAST({R(3)} % 100003 AS VARCHAR)
            || CASE WHEN {R(2)} % 7 = 0 THEN ' ' ELSE '' END AS customer,
          CASE {R(4)} % 500
            WHEN 0 THEN '31/02/2024'
            WHEN 1 THEN 'unknown'
            ELSE strftime(DATE '2024-01-01' + CAST(i % 366 AS INTEGER), '%d/%m/%Y') END AS sold_on,
          CAST((CASE WHEN {R(5)} % 100 = 0 THEN -1 ELSE 1 END) * (1 + ({R(6)} % 50000) / 100.0) AS DECIMAL(12, 2)) AS amount,
          CASE WHEN {R(7)} % 20 = 0 THEN NULL ELSE CAST(1 + {R(8)} % 9 AS INTEGER) END AS quantity,
          CASE WHEN {R(9)} % 33 = 0 THEN NULL ELSE ['web', ' Store', 'APP ', 'phone'][CAST(1 + {R(10)} % 4 AS INTEGER)] END AS channel
        FROM range(1, {rows.ToString(CultureInfo.InvariantCulture)} + 1) AS t(i)
        ORDER BY i
        """;

    private const string StoresSelect = """
        SELECT CAST(i AS INTEGER) AS store_id,
               ['north', 'south', 'east', 'west', 'centre', 'islands', 'coast', 'mountains', 'capital', 'border'][CAST(1 + i % 10 AS INTEGER)] AS region,
               'city ' || CAST(i AS VARCHAR) AS city
        FROM range(1, 201) AS t(i)
        ORDER BY i
        """;

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
