using Pulse.Compiler.Ir;
using static Pulse.Compiler.Ir.AggregateFunction;

namespace Pulse.Targets.Tests.Fixtures;

/// <summary>pipelines/orders.pulse, lowered by hand.</summary>
public static class OrdersIr
{
    public static PipelineIr Build(string environment = "local")
    {
        var b = new PipelineBuilder("shop_orders", environment).Owner("shop-analytics@pulse.example");
        b.Connection("shop_db", ConnectionKind.Postgres, ("password", new SecretSetting("shop-db-password")), ("url", new EnvSetting("SHOP_DB_URL")));

        var o = new SourceBuilder("orders", SourceFormat.Csv).Options(x => x with { Path = "data/orders.csv", Delimiter = ";", NullTokens = ["", "n/a"] })
            .Field("order_id", T.Long, "Order ID").Field("customer_id", T.String, "Customer").Field("ordered_on", T.String, "Date")
            .Field("amount", T.Decimal(12, 2), "Amount").Field("currency", T.String, "Currency")
            .Text(TextTransform.Trim, "customer_id", "currency").Text(TextTransform.Upper, "currency")
            .Cast("ordered_on", T.Date, "dd/MM/yyyy").Dedupe("order_id");
        o.Expect("euro_only", E.Eq(o.Col("currency"), E.Str("EUR")), ViolationAction.Quarantine)
            .Expect("positive_amount", E.Gt(o.Col("amount"), E.Int(0)), ViolationAction.Quarantine)
            .Expect("known_customer", new ReferenceRule("customer_id", "customers", "customer_id"), ViolationAction.Quarantine);
        var orders = b.Source(o.Build());

        var returns = b.Source(new SourceBuilder("returns", SourceFormat.Csv).Options(x => x with { Path = "data/returns.csv" })
            .Field("order_id", T.Long).Field("customer_id", T.String).Field("returned_on", T.Date).Field("amount", T.Decimal(12, 2)).Build());

        var c = new SourceBuilder("customers", SourceFormat.Ndjson).Options(x => x with { Path = "data/customers.ndjson" }).Doc("Customers, one JSON object per line.")
            .Field("customer_id", T.String).Field("name", T.String).Field("email", T.Opt(T.String)).Field("segment", T.Opt(T.String))
            .Field("address", T.Opt(T.Record(("city", T.Opt(T.String)), ("country", T.Opt(T.String))))).Field("tags", T.Opt(T.List(T.String)))
            .Text(TextTransform.Lower, "email").Fill(E.Str("consumer"), "segment");
        c.Expect("valid_email", E.Or(E.IsNull(c.Col("email")), E.Regex(c.Col("email"), "^[^@ ]+@[^@ ]+$")), ViolationAction.Drop)
            .Expect("unique_customer", new UniqueRule(["customer_id"]), ViolationAction.Fail);
        var customers = b.Source(c.Build());

        // refunds is declared after movements in the spec, but the IR is in dependency order.
        var rs = Rel.Scan(returns);
        var refunds = b.View("refunds", ViewLayer.Batch, rs.Select(("order_id", rs.Col("order_id")), ("customer_id", rs.Col("customer_id")),
            ("day", rs.Col("returned_on")), ("amount", E.Neg(rs.Col("amount")))), doc: "Returns as negative movements.");
        var os = Rel.Scan(orders);
        var movements = b.View("movements", ViewLayer.Batch, os.Select(("order_id", os.Col("order_id")), ("customer_id", os.Col("customer_id")),
            ("day", os.Col("ordered_on")), ("amount", os.Col("amount"))).Union(Rel.ViewScan(refunds)), doc: "Sales and returns as signed movements.");

        var j = Rel.ViewScan(movements).JoinAll(Rel.Scan(customers), JoinKind.Left,
            E.Eq(E.Col("customer_id", T.String), E.Col("customer_id", T.String, 1)), "m", "c");
        var withMonth = j.Derive(("month", E.Call("date_trunc", T.Timestamp, E.Str("month"), E.Cast(j.Col("day"), T.Timestamp))));
        var grouped = withMonth.GroupBy(
            [("customer_id", withMonth.Col("m.customer_id")), ("segment", E.Coalesce(withMonth.Col("segment"), E.Str("unknown"))), ("month", withMonth.Col("month"))],
            [("net_revenue", Sum, withMonth.Col("amount"), T.Decimal(38, 2)), ("orders", CountDistinct, withMonth.Col("order_id"), T.Long),
             ("largest", Max, withMonth.Col("amount"), T.Decimal(12, 2))]);
        var filtered = grouped.Where(E.Ne(grouped.Col("net_revenue"), E.Int(0)));
        var revenue = b.View("customer_revenue", ViewLayer.Batch,
            filtered.OrderBy((filtered.Col("month"), false), (filtered.Col("net_revenue"), true)).Limit(1000), doc: "Net revenue per customer and month.");

        b.Sink(PipelineBuilder.NewSink("revenue_table", SinkKind.Postgres, "customer_revenue", revenue.Schema) with
        {
            Connection = "shop_db", Table = new TableName("shop", "customer_revenue"), Key = ["customer_id", "month"], Mode = WriteMode.Upsert,
        });
        b.Sink(PipelineBuilder.NewSink("revenue_lake", SinkKind.Delta, "customer_revenue", revenue.Schema) with { Path = "lake/customer_revenue", PartitionBy = ["month"] });
        b.Schedule("30 * * * *", TimeSpan.FromHours(1));
        return b.Build();
    }
}
