using Pulse.Compiler.Ir;
using static Pulse.Compiler.Ir.AggregateFunction;

namespace Pulse.Targets.Tests.Fixtures;

/// <summary>pipelines/product-search.pulse, lowered by hand.</summary>
public static class ProductSearchIr
{
    public static PipelineIr Build(string environment = "prod")
    {
        var b = new PipelineBuilder("product_search", environment).Owner("search-team@pulse.example");
        b.Connection("catalog_api", ConnectionKind.Http, ("token", new SecretSetting("catalog-api-token")), ("url", new LiteralSetting("https://catalog.pulse.example/v2")));
        b.Connection("inventory", ConnectionKind.Postgres, ("url", new EnvSetting("INVENTORY_DB_URL")));
        b.Connection("search", ConnectionKind.Elasticsearch, ("api_key", new SecretSetting("search-api-key")), ("url", new EnvSetting("SEARCH_URL")));

        var p = new SourceBuilder("products", SourceFormat.Http).Doc("Products, 100 per page, followed by cursor.")
            .Options(x => x with { Connection = "catalog_api", RecordPath = "data.items", Pagination = Pagination.Cursor, CursorParam = "after",
                CursorPath = "data.next_cursor", PageSize = 100, MaxPages = 500, Timeout = TimeSpan.FromSeconds(30), Retries = 4 })
            .Field("sku", T.String).Field("title", T.String).Field("description", T.Opt(T.String)).Field("price", T.Decimal(10, 2))
            .Field("category", T.Opt(T.String)).Field("updated_at", T.Timestamp)
            .Field("dimensions", T.Opt(T.Record(("width_cm", T.Opt(T.Double)), ("height_cm", T.Opt(T.Double)))))
            .Text(TextTransform.Trim, "title").Fill(E.Str("uncategorised"), "category");
        p.Expect("has_sku", E.Between(E.Call("length", T.Int, p.Col("sku")), E.Int(3), E.Int(32)), ViolationAction.Quarantine)
            .Expect("recent_catalog", new FreshnessRule("updated_at", TimeSpan.FromDays(7)), ViolationAction.Warn);
        var products = b.Source(p.Build());

        var s = new SourceBuilder("stock", SourceFormat.Postgres).Doc("Stock per SKU and warehouse.")
            .Options(x => x with { Connection = "inventory", Table = "inventory.stock_levels" })
            .Field("sku", T.String).Field("warehouse", T.String).Field("quantity", T.Int);
        s.Expect("non_negative", E.Ge(s.Col("quantity"), E.Int(0)), ViolationAction.Quarantine);
        var stock = b.Source(s.Build());

        var reviews = b.Source(new SourceBuilder("reviews", SourceFormat.Elasticsearch).Doc("Reviews already indexed by another team.")
            .Options(x => x with { Connection = "search", Index = "reviews", Query = "{\"range\": {\"stars\": {\"gte\": 1}}}" })
            .Field("sku", T.String).Field("stars", T.Int).Field("body", T.Opt(T.String)).Build());

        var ss = Rel.Scan(stock);
        var stockTotals = b.View("stock_totals", ViewLayer.Batch,
            ss.GroupBy([("sku", ss.Col("sku"))], [("in_stock", Sum, ss.Col("quantity"), T.Long), ("warehouses", Count, null, T.Long)]));
        var rv = Rel.Scan(reviews);
        var reviewScores = b.View("review_scores", ViewLayer.Batch,
            rv.GroupBy([("sku", rv.Col("sku"))], [("stars", Avg, rv.Col("stars"), T.Opt(T.Double)), ("reviews", Count, null, T.Long)]));

        var j1 = Rel.Scan(products).JoinAll(Rel.ViewScan(stockTotals), JoinKind.Left, E.Bool(true), "p", "s", "sku");
        var j2 = j1.JoinAll(Rel.ViewScan(reviewScores), JoinKind.Left, E.Bool(true), "p", "r", "sku");
        var inStock = E.Coalesce(j2.Col("in_stock"), E.Int(0));
        var searchable = b.View("searchable_products", ViewLayer.Batch, j2.Select(
            ("sku", j2.Col("sku")), ("title", j2.Col("title")), ("description", j2.Col("description")), ("category", j2.Col("category")),
            ("price", j2.Col("price")), ("in_stock", inStock), ("stars", j2.Col("stars")), ("available", E.Gt(inStock, E.Int(0))),
            ("updated_at", j2.Col("updated_at"))), doc: "One document per product: catalog data, stock and review score.");

        b.Sink(PipelineBuilder.NewSink("product_index", SinkKind.Elasticsearch, "searchable_products", searchable.Schema) with
        {
            Connection = "search", Index = "products", DocumentId = ["sku"], TextFields = ["title", "description"], Analyzer = "english",
            Retention = TimeSpan.FromDays(90),
        });
        b.Schedule("*/15 * * * *", TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(10));
        b.Deploy(new DeployIr("prod", Cloud.Gcp, "europe-west1", new DatabricksDeployIr("15.4.x-scala2.12", "n2-standard-4", 1, 4), null, null,
            new ElasticsearchDeployIr(3, "8Gi", true), new MonitoringDeployIr(true, true, null), Origin.None));
        return b.Build();
    }
}
