using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using static Pulse.Targets.Tests.Fixtures.SparkAirflowIrBuilder;

namespace Pulse.Targets.Tests.Fixtures;

/// <summary>pipelines/product-search.pulse lowered for <c>prod</c> (GCP, Databricks): HTTP, PostgreSQL and Elasticsearch sources.</summary>
public static class SparkAirflowProductSearch
{
    private const string File = "/specs/product-search.pulse";

    public static PipelineIr Build()
    {
        var connections = ImmutableArray.Create(
            Connection("catalog_api", ConnectionKind.Http, At(File, 7), ("token", new SecretSetting("catalog-api-token")), ("url", new LiteralSetting("https://catalog.pulse.example/v2"))),
            Connection("inventory", ConnectionKind.Postgres, At(File, 12), ("url", new EnvSetting("INVENTORY_DB_URL"))),
            Connection("search", ConnectionKind.Elasticsearch, At(File, 16), ("api_key", new SecretSetting("search-api-key")), ("url", new EnvSetting("SEARCH_URL"))));

        var dimensions = N(PulseType.RecordOf([new FieldType("width_cm", N(Dbl)), new FieldType("height_cm", N(Dbl))]));
        var pFields = ImmutableArray.Create(Field("sku", Str), Field("title", Str), Field("description", N(Str)), Field("price", Dec(10, 2)),
            Field("category", N(Str)), Field("updated_at", Ts), Field("dimensions", dimensions));
        var pFilled = Schema(C("sku", Str), C("title", Str), C("description", N(Str)), C("price", Dec(10, 2)), C("category", Str), C("updated_at", Ts), C("dimensions", dimensions));
        var products = Source("products", SourceFormat.Http, new SourceOptions
        {
            Connection = "catalog_api", RecordPath = "data.items", Pagination = Pagination.Cursor, CursorParam = "after", CursorPath = "data.next_cursor",
            PageSize = 100, MaxPages = 500, Timeout = TimeSpan.FromSeconds(30), Retries = 4,
        }, pFields,
        [
            new TextTransformStep(SchemaOf(pFields), At(File, 45, 5), TextTransform.Trim, ["title"]),
            new FillStep(pFilled, At(File, 46, 5), ["category"], LitStr("uncategorised")),
            Expect(pFilled, "has_sku", new RowRule(Between(Fn("length", Int, Ref("sku", Str)), LitInt(3), LitInt(32))), ViolationAction.Quarantine, At(File, 47, 5)),
            Expect(pFilled, "recent_catalog", new FreshnessRule("updated_at", TimeSpan.FromDays(7)), ViolationAction.Warn, At(File, 48, 5)),
        ], At(File, 24));

        var sFields = ImmutableArray.Create(Field("sku", Str), Field("warehouse", Str), Field("quantity", Int));
        var stock = Source("stock", SourceFormat.Postgres, new SourceOptions { Connection = "inventory", Table = "inventory.stock_levels" }, sFields,
            [Expect(SchemaOf(sFields), "non_negative", new RowRule(Bin(BinaryOp.GreaterOrEqual, Ref("quantity", Int), LitInt(0))), ViolationAction.Quarantine, At(File, 62, 5))],
            At(File, 53));

        var rFields = ImmutableArray.Create(Field("sku", Str), Field("stars", Int), Field("body", N(Str)));
        var reviews = Source("reviews", SourceFormat.Elasticsearch, new SourceOptions { Connection = "search", Index = "reviews", Query = "{\"range\": {\"stars\": {\"gte\": 1}}}" },
            rFields, [], At(File, 67));

        var stockTotals = View("stock_totals", ViewLayer.Batch, Group(Scan(stock), At(File, 80, 3), null, [As("sku", Ref("sku", Str))],
            Agg("in_stock", AggregateFunction.Sum, Ref("quantity", Int), Long), Agg("warehouses", AggregateFunction.Count, null, Long)), At(File, 78));

        var reviewGroup = Group(Scan(reviews), At(File, 88, 3), null, [As("sku", Ref("sku", Str))],
            Agg("stars", AggregateFunction.Avg, Ref("stars", Int), Dbl), Agg("reviews", AggregateFunction.Count, null, Long));
        var reviewScores = View("review_scores", ViewLayer.Batch, Select(reviewGroup, At(File, 88, 3), Pass(reviewGroup, "sku"),
            As("stars", Fn("round", Dbl, Ref("stars", Dbl), LitInt(1))), Pass(reviewGroup, "reviews")), At(File, 86));

        // products p left join stock_totals s using (sku) left join review_scores r using (sku)
        var pScan = Scan(products);
        var sScan = ViewScan(stockTotals);
        var firstSchema = Schema([.. pFilled.Columns, C("in_stock", N(Long)), C("warehouses", N(Long))]);
        var first = new JoinNode(firstSchema, At(File, 97, 3), pScan, sScan, JoinKind.Left, Bin(BinaryOp.Equal, Ref("sku", Str), Ref("sku", Str, 1)), ["sku"],
            [.. pFilled.Columns.Select(c => new JoinOutput(c.Name, JoinSide.Left, c.Name)), new JoinOutput("in_stock", JoinSide.Right, "in_stock"), new JoinOutput("warehouses", JoinSide.Right, "warehouses")],
            "p", "s");
        var rScan = ViewScan(reviewScores);
        var secondSchema = Schema([.. firstSchema.Columns, C("stars", N(Dbl)), C("reviews", N(Long))]);
        var second = new JoinNode(secondSchema, At(File, 98, 3), first, rScan, JoinKind.Left, Bin(BinaryOp.Equal, Ref("sku", Str), Ref("sku", Str, 1)), ["sku"],
            [.. firstSchema.Columns.Select(c => new JoinOutput(c.Name, JoinSide.Left, c.Name)), new JoinOutput("stars", JoinSide.Right, "stars"), new JoinOutput("reviews", JoinSide.Right, "reviews")],
            null, "r");
        var inStock = Bin(BinaryOp.Coalesce, Ref("in_stock", N(Long)), LitInt(0), Long);
        var body = Select(second, At(File, 99, 3), Pass(second, "sku"), Pass(second, "title"), Pass(second, "description"), Pass(second, "category"), Pass(second, "price"),
            As("in_stock", inStock), As("stars", Ref("stars", N(Dbl))), As("available", Bin(BinaryOp.Greater, inStock, LitInt(0))), Pass(second, "updated_at"));
        var searchable = View("searchable_products", ViewLayer.Batch, body, At(File, 95));

        var sinks = ImmutableArray.Create(Sink("product_index", SinkKind.Elasticsearch, "searchable_products", searchable.Schema, At(File, 106), connection: "search",
            index: "products", id: ["sku"], text: ["title", "description"], analyzer: "english", retention: TimeSpan.FromDays(90)));
        var schedule = new ScheduleIr("*/15 * * * *", 5, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10), "search-team@pulse.example", TimeSpan.FromMinutes(15), At(File, 116));
        var deploy = new DeployIr("prod", Cloud.Gcp, "europe-west1", new DatabricksDeployIr("15.4.x-scala2.12", "n2-standard-4", 1, 4), null, null,
            new ElasticsearchDeployIr(3, "8Gi", true), new MonitoringDeployIr(true, true, null), At(File, 124));
        return Pipeline("product_search", "prod", connections, [products, stock, reviews], [stockTotals, reviewScores, searchable], sinks, schedule, [deploy],
            "search-team@pulse.example");
    }
}
