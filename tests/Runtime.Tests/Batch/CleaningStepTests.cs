using Pulse.Compiler.Ir;
using Pulse.Runtime.Tests.Fixtures;
using static Pulse.Runtime.Tests.Fixtures.E;

namespace Pulse.Runtime.Tests.Batch;

public sealed class CleaningStepTests : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    private const string Orders =
        "id,customer,day,amount,currency,updated\n" +
        "1, Alice ,02/03/2024,10.50,eur,2024-01-01T00:00:00Z\n" +
        "2,bob,2024-03-05,5.00,EUR,2024-01-02T00:00:00Z\n" +
        "3,carl,04/03/2024,,usd,2024-01-03T00:00:00Z\n" +
        "3,carl,05/03/2024,7.00,USD,2024-01-05T00:00:00Z\n" +
        "4,dora,06/03/2024,-1.00,EUR,2024-01-04T00:00:00Z\n";

    private static SourceBuilder OrdersSource() => SourceBuilder.Csv("orders", "orders.csv")
        .Field("id", Long).Field("customer", Text).Field("day", Text).Field("amount", N(Decimal(10, 2)))
        .Field("currency", Text).Field("updated", Timestamp);

    [Fact]
    public async Task Every_step_applies_in_order_and_each_removal_is_counted_under_its_rule()
    {
        temp.Write("orders.csv", Orders);
        var source = OrdersSource().Rename("customer", "client").Trim("client").Lower("client").Upper("currency").Cast("day", Date, "dd/MM/yyyy");
        source.Fill(Dec("0", 10, 2), "amount");
        source.Derive("net", Mul(source.Col("amount"), Dec("2", 10, 0)));
        source.DropWhere(Lt(source.Col("amount"), Dec("0", 10, 2)));
        source.Dedupe(["id"], DedupeKeep.Latest, "updated");
        var report = await Runs.Succeed(new PipelineBuilder("p", temp.Path).Source(source.Build()).Build(), temp);

        Assert.Equal(["1|alice|2024-03-02|10.50|EUR|2024-01-01T00:00:00|21.00", "3|carl|2024-03-05|7.00|USD|2024-01-05T00:00:00|14.00"],
            StateQuery.Rows(temp.State, "SELECT * FROM sources.orders"));
        Assert.Equal(["id", "client", "day", "amount", "currency", "updated", "net"],
            StateQuery.Rows(temp.State, "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'sources' AND table_name = 'orders' ORDER BY column_index"));
        var orders = report.Source("orders")!;
        Assert.Equal((5L, 2L, 2L, 1L), (orders.Read, orders.Kept, orders.Dropped, orders.Quarantined));
        Assert.Equal(["_malformed:5/0/0", "cast day:5/1/1", "drop where amount < 0:4/1/0", "dedupe by id:3/1/0"],
            orders.Rules.Select(r => $"{r.Rule}:{r.Checked}/{r.Violations}/{r.Quarantined}").ToList());
        Assert.Equal("3|_malformed|column day: '2024-03-05' is not a date in the format dd/MM/yyyy",
            StateQuery.Scalar(temp.State, "SELECT position, rule, reason FROM quarantine.orders"));
        Assert.Equal("date", StateQuery.Scalar(temp.State, "SELECT lower(data_type) FROM duckdb_columns() WHERE table_name = 'orders' AND column_name = 'day'"));
    }

    [Theory]
    [InlineData(DedupeKeep.First, null, "3|04/03/2024")]
    [InlineData(DedupeKeep.Latest, null, "3|06/03/2024")]
    [InlineData(DedupeKeep.First, "updated", "3|04/03/2024")]
    [InlineData(DedupeKeep.Latest, "updated", "3|05/03/2024")]
    public async Task Dedupe_keeps_the_first_or_the_latest_row_per_key(DedupeKeep keep, string? orderBy, string kept)
    {
        // The later line has the earlier "updated", so input order and "by updated" disagree unless both pick the same row.
        temp.Write("orders.csv",
            "id,customer,day,amount,currency,updated\n" +
            "3,carl,04/03/2024,1,EUR,2024-01-03T00:00:00Z\n" +
            "3,carl,05/03/2024,2,EUR,2024-01-05T00:00:00Z\n" +
            "3,carl,06/03/2024,3,EUR,2024-01-04T00:00:00Z\n");
        var report = await Runs.Succeed(new PipelineBuilder("p", temp.Path).Source(OrdersSource().Dedupe(["id"], keep, orderBy).Build()).Build(), temp);

        Assert.Equal([kept], StateQuery.Rows(temp.State, "SELECT id, day FROM sources.orders"));
        Assert.Equal(2, report.Source("orders")!.Dropped);
    }

    [Fact]
    public async Task Fill_and_derive_use_expressions_and_functions_of_the_row()
    {
        temp.Write("t.csv", "name,qty\n  Ada Lovelace ,\nGrace,3\n");
        var source = SourceBuilder.Csv("t", "t.csv").Field("name", Text).Field("qty", N(Int));
        source.Fill(Int32(1), "qty");
        source.Derive("initials", Call("concat", Text, Call("substring", Text, Call("trim", Text, source.Col("name")), Int32(1), Int32(1)), Str("."), Call("upper", Text, Call("substring", Text, source.Col("name"), Int32(-1), Int32(4)))));
        source.Derive("double_qty", Mul(source.Col("qty"), Int32(2)));
        await Runs.Succeed(new PipelineBuilder("p", temp.Path).Source(source.Build()).Build(), temp);

        Assert.Equal(["  Ada Lovelace |1|A.  |2", "Grace|3|G.GR|6"], StateQuery.Rows(temp.State, "SELECT * FROM sources.t"));
    }
}
