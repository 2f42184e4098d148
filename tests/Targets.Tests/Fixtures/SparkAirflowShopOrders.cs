using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using static Pulse.Targets.Tests.Fixtures.SparkAirflowIrBuilder;

namespace Pulse.Targets.Tests.Fixtures;

/// <summary>pipelines/orders.pulse lowered for <c>local</c>, built by hand as the binder would lower it.</summary>
public static class SparkAirflowShopOrders
{
    private const string File = "/specs/orders.pulse";

    public static PipelineIr Build()
    {
        var connections = ImmutableArray.Create(Connection("shop_db", ConnectionKind.Postgres, At(File, 8),
            ("password", new SecretSetting("shop-db-password")), ("url", new EnvSetting("SHOP_DB_URL"))));

        var oFields = ImmutableArray.Create(Field("order_id", Long, "Order ID"), Field("customer_id", Str, "Customer"), Field("ordered_on", Str, "Date"),
            Field("amount", Dec(12, 2), "Amount"), Field("currency", Str, "Currency"));
        var oRaw = SchemaOf(oFields);
        var oTyped = Schema(C("order_id", Long), C("customer_id", Str), C("ordered_on", Date), C("amount", Dec(12, 2)), C("currency", Str));
        var orders = Source("orders", SourceFormat.Csv, new SourceOptions { Path = "data/orders.csv", Delimiter = ";", NullTokens = ["", "n/a"] }, oFields,
        [
            new TextTransformStep(oRaw, At(File, 27, 5), TextTransform.Trim, ["customer_id", "currency"]),
            new TextTransformStep(oRaw, At(File, 28, 5), TextTransform.Upper, ["currency"]),
            new CastStep(oTyped, At(File, 29, 5), "ordered_on", Str, Date, "dd/MM/yyyy"),
            new DedupeStep(oTyped, At(File, 30, 5), ["order_id"], DedupeKeep.First, null),
            Expect(oTyped, "euro_only", new RowRule(Bin(BinaryOp.Equal, Ref("currency", Str), LitStr("EUR"))), ViolationAction.Quarantine, At(File, 31, 5)),
            Expect(oTyped, "positive_amount", new RowRule(Bin(BinaryOp.Greater, Ref("amount", Dec(12, 2)), LitInt(0))), ViolationAction.Quarantine, At(File, 32, 5)),
            Expect(oTyped, "known_customer", new ReferenceRule("customer_id", "customers", "customer_id"), ViolationAction.Quarantine, At(File, 33, 5)),
        ], At(File, 15));

        var rFields = ImmutableArray.Create(Field("order_id", Long), Field("customer_id", Str), Field("returned_on", Date), Field("amount", Dec(12, 2)));
        var returns = Source("returns", SourceFormat.Csv, new SourceOptions { Path = "data/returns.csv" }, rFields, [], At(File, 37));

        var address = N(PulseType.RecordOf([new FieldType("city", N(Str)), new FieldType("country", N(Str))]));
        var tags = N(PulseType.ListOf(Str));
        var cFields = ImmutableArray.Create(Field("customer_id", Str), Field("name", Str), Field("email", N(Str)), Field("segment", N(Str)),
            Field("address", address), Field("tags", tags));
        var cRaw = SchemaOf(cFields);
        var cFilled = Schema(C("customer_id", Str), C("name", Str), C("email", N(Str)), C("segment", Str), C("address", address), C("tags", tags));
        var customers = Source("customers", SourceFormat.Ndjson, new SourceOptions { Path = "data/customers.ndjson" }, cFields,
        [
            new TextTransformStep(cRaw, At(File, 59, 5), TextTransform.Lower, ["email"]),
            new FillStep(cFilled, At(File, 60, 5), ["segment"], LitStr("consumer")),
            Expect(cFilled, "valid_email", new RowRule(Bin(BinaryOp.Or, IsNull(Ref("email", N(Str))),
                Fn("regex_match", N(Bool), Ref("email", N(Str)), LitStr("^[^@ ]+@[^@ ]+$")))), ViolationAction.Drop, At(File, 61, 5)),
            Expect(cFilled, "unique_customer", new UniqueRule(["customer_id"]), ViolationAction.Fail, At(File, 62, 5)),
        ], At(File, 48));

        // refunds: select order_id, customer_id, day = returned_on, amount = -amount
        var rScan = Scan(returns);
        var refundsBody = Select(rScan, At(File, 76, 3), Pass(rScan, "order_id"), Pass(rScan, "customer_id"), As("day", Ref("returned_on", Date)),
            As("amount", new UnaryExpr(Dec(12, 2), UnaryOp.Negate, Ref("amount", Dec(12, 2)))));
        var refunds = View("refunds", ViewLayer.Batch, refundsBody, At(File, 74));

        // movements: select ... union refunds
        var oScan = Scan(orders);
        var sales = Select(oScan, At(File, 68, 3), Pass(oScan, "order_id"), Pass(oScan, "customer_id"), As("day", Ref("ordered_on", Date)), Pass(oScan, "amount"));
        var movements = View("movements", ViewLayer.Batch, new UnionNode(sales.Schema, At(File, 69, 3), sales, ViewScan(refunds)), At(File, 66));

        // customer_revenue: left join on, derive, group by, where, order by, limit
        var mScan = ViewScan(movements);
        var cScan = Scan(customers);
        var joinSchema = Schema(C("order_id", Long), C("m.customer_id", Str), C("day", Date), C("amount", Dec(12, 2)),
            C("c.customer_id", N(Str)), C("name", N(Str)), C("email", N(Str)), C("segment", N(Str)), C("address", address), C("tags", tags));
        var join = new JoinNode(joinSchema, At(File, 83, 3), mScan, cScan, JoinKind.Left,
            Bin(BinaryOp.Equal, Ref("customer_id", Str), Ref("customer_id", Str, 1)), [],
            [
                new JoinOutput("order_id", JoinSide.Left, "order_id"), new JoinOutput("m.customer_id", JoinSide.Left, "customer_id"),
                new JoinOutput("day", JoinSide.Left, "day"), new JoinOutput("amount", JoinSide.Left, "amount"),
                new JoinOutput("c.customer_id", JoinSide.Right, "customer_id"), new JoinOutput("name", JoinSide.Right, "name"),
                new JoinOutput("email", JoinSide.Right, "email"), new JoinOutput("segment", JoinSide.Right, "segment"),
                new JoinOutput("address", JoinSide.Right, "address"), new JoinOutput("tags", JoinSide.Right, "tags"),
            ], "m", "c");
        var month = Fn("date_trunc", Ts, LitStr("month"), new CastExpr(Ts, Ref("day", Date), null));
        var derived = Select(join, At(File, 84, 3), [.. joinSchema.Columns.Select(c => Pass(join, c.Name)), As("month", month)]);
        var grouped = Group(derived, At(File, 85, 3), null,
            [As("customer_id", Ref("m.customer_id", Str)), As("segment", Bin(BinaryOp.Coalesce, Ref("segment", N(Str)), LitStr("unknown"), Str)), As("month", Ref("month", Ts))],
            Agg("net_revenue", AggregateFunction.Sum, Ref("amount", Dec(12, 2)), Dec(22, 2)),
            Agg("orders", AggregateFunction.CountDistinct, Ref("order_id", Long), Long),
            Agg("largest", AggregateFunction.Max, Ref("amount", Dec(12, 2)), Dec(12, 2)));
        var filtered = new FilterNode(grouped.Schema, At(File, 90, 3), grouped, Bin(BinaryOp.NotEqual, Ref("net_revenue", Dec(22, 2)), LitInt(0)));
        var sorted = new SortNode(filtered.Schema, At(File, 91, 3), filtered, [new SortKey(Ref("month", Ts), false), new SortKey(Ref("net_revenue", Dec(22, 2)), true)]);
        var limited = new LimitNode(sorted.Schema, At(File, 92, 3), sorted, 1000);
        var revenue = View("customer_revenue", ViewLayer.Batch, limited, At(File, 81));

        var sinks = ImmutableArray.Create(
            Sink("revenue_table", SinkKind.Postgres, "customer_revenue", revenue.Schema, At(File, 95), connection: "shop_db",
                table: new TableName("shop", "customer_revenue"), key: ["customer_id", "month"], mode: WriteMode.Upsert),
            Sink("revenue_lake", SinkKind.Delta, "customer_revenue", revenue.Schema, At(File, 103), path: "lake/customer_revenue", partitionBy: ["month"]));
        var schedule = new ScheduleIr("30 * * * *", 2, TimeSpan.FromMinutes(5), null, "shop-analytics@pulse.example", TimeSpan.FromHours(1), At(File, 109));
        return Pipeline("shop_orders", "local", connections, [orders, returns, customers], [refunds, movements, revenue], sinks, schedule, [], "shop-analytics@pulse.example");
    }
}
