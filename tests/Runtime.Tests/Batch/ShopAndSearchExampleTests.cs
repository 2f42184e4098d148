using System.Text.Json;
using DuckDB.NET.Data;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Tests.Fixtures;

namespace Pulse.Runtime.Tests.Batch;

/// <summary>orders.pulse, product-search.pulse and clickstream.pulse compiled by the front end and run locally.</summary>
public sealed class ShopAndSearchExampleTests : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Orders_quarantines_each_defect_under_its_rule_and_nets_refunds_per_customer_and_month()
    {
        var report = await Runs.Succeed(Examples.Lower("orders.pulse"), temp);

        // data/orders.csv, line by line: 1001 ok; 1002 "eur" upper-cased ok; 1003 ok; 1004 USD; 1005 amount 0; 1006 twice (dedupe);
        // 1007 customer c009 unknown; 1008 date not dd/MM/yyyy; 1009 amount not a number; 1010 ok; 1011 date "n/a" (null, not nullable).
        Assert.Equal([
            "1004|euro_only", "1005|positive_amount", "1007|known_customer", "1008|_malformed", "1009|_malformed", "1011|_malformed"],
            StateQuery.Rows(temp.State, "SELECT \"row\" ->> '$.\"Order ID\"', rule FROM quarantine.orders ORDER BY position"));
        var orders = report.Source("orders")!;
        Assert.Equal((12L, 5L, 1L, 6L), (orders.Read, orders.Kept, orders.Dropped, orders.Quarantined));
        Assert.Equal(["1001|c001|2024-03-02", "1002|c002|2024-03-03", "1003|c001|2024-03-15", "1006|c002|2024-04-02", "1010|c005|2024-04-07"],
            StateQuery.Rows(temp.State, "SELECT order_id, customer_id, ordered_on FROM sources.orders"));
        // customers: c003's email "not an email" drops it (valid_email else drop); c002's null segment is filled.
        Assert.Equal(["c001|pro", "c002|consumer", "c004|consumer", "c005|pro"], StateQuery.Rows(temp.State, "SELECT customer_id, segment FROM sources.customers ORDER BY 1"));

        // Movements: 1001 19.90, 1003 42.50 and refund -42.50 (c001, March); 1002 5.00 (c002, March); 1006 7.25 (c002, April);
        // 1010 120.00 and refund -20.00 (c005, April). Ordered by month, then net revenue descending.
        string[] expected =
        [
            "c001|pro|2024-03-01T00:00:00|19.90|2|42.50",
            "c002|consumer|2024-03-01T00:00:00|5.00|1|5.00",
            "c005|pro|2024-04-01T00:00:00|100.00|1|120.00",
            "c002|consumer|2024-04-01T00:00:00|7.25|1|7.25",
        ];
        // net_revenue is decimal(38, 2); selected as text because .NET's decimal drops the trailing zero of wide decimals.
        const string columns = "customer_id, segment, month, CAST(net_revenue AS VARCHAR), orders, largest";
        Assert.Equal(expected, StateQuery.Rows(temp.State, $"SELECT {columns} FROM views.customer_revenue"));
        Assert.Equal(expected.Order(StringComparer.Ordinal), StateQuery.Rows(temp.State, $"SELECT {columns} FROM shop.customer_revenue ORDER BY ALL"));
        Assert.Equal(4, report.Sink("revenue_lake")!.RowsWritten);
    }

    [Fact]
    public async Task Product_search_joins_paged_http_products_with_embedded_stock_and_local_reviews()
    {
        // The local stand-ins: stock in the embedded database, reviews in the local index file, the catalog API on a test server.
        Directory.CreateDirectory(temp.State);
        using (var connection = new DuckDBConnection("DataSource=" + Path.Combine(temp.State, "state.duckdb")))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE SCHEMA inventory; CREATE TABLE inventory.stock_levels (sku VARCHAR, warehouse VARCHAR, quantity INTEGER); " +
                                  "INSERT INTO inventory.stock_levels VALUES ('sku-1', 'w1', 3), ('sku-1', 'w2', 4), ('sku-2', 'w1', 0), ('sku-3', 'w1', -2)";
            command.ExecuteNonQuery();
        }
        temp.Write(".pulse/elasticsearch/reviews.ndjson", "{\"sku\": \"sku-1\", \"stars\": 4}\n{\"sku\": \"sku-1\", \"stars\": 5, \"body\": \"great\"}\n{\"sku\": \"sku-2\", \"stars\": 2}\n");
        object Product(string sku, string title, string? category, double price) => new
        {
            sku, title = "  " + title + " ", description = (string?)null, price, category, updated_at = "2024-05-30T08:00:00Z",
            dimensions = new { width_cm = 10.5, height_cm = (double?)null },
        };
        using var server = new LocalHttpServer((request, _) => request.QueryString["after"] switch
        {
            null => (200, JsonSerializer.Serialize(new { data = new { items = new[] { Product("sku-1", "Kettle", "kitchen", 25), Product("sku-2", "Mug", null, 4.5) }, next_cursor = "p2" } }), TimeSpan.Zero),
            _ => (200, JsonSerializer.Serialize(new { data = new { items = new[] { Product("sku-3", "Teapot", "kitchen", 19.99), Product("x", "Bad sku", null, 1) }, next_cursor = (string?)null } }), TimeSpan.Zero),
        });
        var options = new RunOptions
        {
            Secrets = new TokenSecrets(),
            ConnectionOverrides = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["catalog_api"] = new Dictionary<string, string> { ["url"] = server.Url + "/v2" } },
        };
        var report = await Runs.Succeed(Examples.Lower("product-search.pulse"), temp, options);

        Assert.Equal(["/v2?page_size=100", "/v2?page_size=100&after=p2"], server.Requests.Select(r => r.PathAndQuery));
        Assert.All(server.Requests, r => Assert.Equal("Bearer catalog-token", r.Authorization));
        Assert.Equal((4L, 3L, 1L), (report.Source("products")!.Read, report.Source("products")!.Kept, report.Source("products")!.Quarantined));
        Assert.Equal((4L, 3L, 1L), (report.Source("stock")!.Read, report.Source("stock")!.Kept, report.Source("stock")!.Quarantined));
        // sku-1: 7 in stock over 2 warehouses, stars avg(4, 5) = 4.5; sku-2: 0 in stock, 2 stars; sku-3: its only stock row was quarantined.
        Assert.Equal([
            "sku-1|Kettle|∅|kitchen|25.00|7|4.5|true|2024-05-30T08:00:00",
            "sku-2|Mug|∅|uncategorised|4.50|0|2|false|2024-05-30T08:00:00",
            "sku-3|Teapot|∅|kitchen|19.99|0|∅|false|2024-05-30T08:00:00"],
            StateQuery.Rows(temp.State, "SELECT * FROM views.searchable_products ORDER BY sku"));
        var documents = File.ReadAllLines(Path.Combine(temp.State, "elasticsearch", "products.ndjson")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["sku-1", "sku-2", "sku-3"], documents.Select(d => d.GetProperty("_id").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal("2024-05-30T08:00:00.000000Z", documents[0].GetProperty("updated_at").GetString());
        // freshness updated_at within 7d: the run is at 2024-06-01, the catalog from 2024-05-30: no warning.
        Assert.DoesNotContain(report.Warnings, w => w.Code == RuntimeCodes.ExpectationWarning);
    }

    private sealed class TokenSecrets : ISecretProvider
    {
        public string? GetSecret(string name) => name == "catalog-api-token" ? "catalog-token" : null;
    }

    [Fact]
    public async Task Clickstream_has_no_batch_part_and_leaves_its_sinks_to_the_speed_layer()
    {
        var report = await Runs.Succeed(Examples.Lower("clickstream.pulse"), temp);
        Assert.Empty(report.Sources);
        Assert.Empty(report.Views);
        Assert.Equal([("visits_topic", true), ("trending_files", true)], report.Sinks.Select(s => (s.Name, s.Skipped)));
    }
}
