using Pulse.Compiler.Ir;
using Pulse.Runtime.Tests.Fixtures;
using static Pulse.Runtime.Tests.Fixtures.E;

namespace Pulse.Runtime.Tests.Batch;

public sealed class ViewTests : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Scalar_functions_follow_the_documented_semantics()
    {
        temp.Write("one.csv", "s,n,pad,i,neg,d,ts,day\nhello,héllo,\u00a0 x\t,7,-7,10.00,2024-03-07T10:00:00Z,2024-03-02\n");
        var one = SourceBuilder.Csv("one", "one.csv").Field("s", Text).Field("n", Text).Field("pad", Text).Field("i", Int).Field("neg", Int)
            .Field("d", Decimal(10, 2)).Field("ts", Timestamp).Field("day", Date).Build();
        var s = Col("s", Text); var i = Col("i", Int); var neg = Col("neg", Int); var d = Col("d", Decimal(10, 2)); var ts = Col("ts", Timestamp);
        (string, Expr)[] columns =
        [
            ("round_half_up", Call("round", Real, Dbl(2.5))),
            ("round_half_down", Call("round", Real, Dbl(-2.5))),
            ("round_decimal", Call("round", Decimal(10, 2), Dec("-2.345", 10, 3), Int32(2))),
            ("int_div", Div(i, Int32(2), Int)),
            ("neg_div", Div(neg, Int32(2), Int)),
            ("div_zero", Div(i, Int32(0), Int)),
            ("real_div", Div(i, Int32(2), Real)),
            ("dec_div", Div(d, Int32(3), Decimal(10, 2))),
            ("neg_mod", Mod(neg, Int32(10))),
            ("sub_mid", Call("substring", Text, s, Int32(2), Int32(3))),
            ("sub_before", Call("substring", Text, s, Int32(0), Int32(2))),
            ("sub_negative", Call("substring", Text, s, Int32(2), Int32(-1))),
            ("sub_rest", Call("substring", Text, s, Int32(4))),
            ("replaced", Call("replace", Text, Str("a.b.c"), Str("."), Str("-"))),
            ("matches", Call("regex_match", Bool, Str("abc123"), Str("[0-9]+"))),
            ("joined", Call("concat", Text, Str("a"), Null(Text), Str("b"))),
            ("len", Call("length", Int, Col("n", Text))),
            ("trimmed", Call("trim", Text, Col("pad", Text))),
            ("week", Call("date_trunc", Timestamp, Str("week"), ts)),
            ("month", Call("date_trunc", Timestamp, Str("month"), ts)),
            ("ymd", Call("concat", Text, Cast(Call("year", Int, Col("day", Date)), Text), Str("/"), Cast(Call("month", Int, Col("day", Date)), Text), Str("/"), Cast(Call("day", Int, Col("day", Date)), Text))),
            ("parsed", Call("parse_date", N(Date), Str("02/03/2024"), Str("dd/MM/yyyy"))),
            ("unparsed", Call("parse_date", N(Date), Str("2024-03-02"), Str("dd/MM/yyyy"))),
            ("started", Call("now", Timestamp)),
            ("const_ts", Call("timestamp", Timestamp, Str("2024-01-01T12:00:00+02:00"))),
            ("as_ts", Cast(Col("day", Date), Timestamp)),
            ("cased", Case(Str("other"), (Eq(i, Int32(1)), Str("one")), (In(i, Int32(6), Int32(7)), Str("six or seven")))),
            ("between", Between(i, Int32(1), Int32(7))),
            ("coalesced", Coalesce(Null(Int), i)),
            ("abs_floor_ceil", Call("concat", Text, Cast(Call("abs", Int, neg), Text), Str(","), Cast(Call("floor", Real, Dbl(-1.5)), Text), Str(","), Cast(Call("ceil", Decimal(10, 2), d), Text))),
        ];
        var view = R.Batch("f", R.Select(R.Scan(one), columns));
        await Runs.Succeed(new PipelineBuilder("p", temp.Path).Source(one).View(view).Build(), temp);

        var row = StateQuery.Rows(temp.State, "SELECT * FROM views.f").Single().Split('|');
        var actual = columns.Select((c, k) => c.Item1 + "=" + row[k]).ToList();
        Assert.Equal([
            "round_half_up=3", "round_half_down=-3", "round_decimal=-2.35", "int_div=3", "neg_div=-3", "div_zero=∅", "real_div=3.5",
            "dec_div=3.33", "neg_mod=-7", "sub_mid=ell", "sub_before=h", "sub_negative=", "sub_rest=lo", "replaced=a-b-c", "matches=true",
            "joined=ab", "len=5", "trimmed=x", "week=2024-03-04T00:00:00", "month=2024-03-01T00:00:00", "ymd=2024/3/2", "parsed=2024-03-02",
            "unparsed=∅", "started=2024-06-01T12:00:00", "const_ts=2024-01-01T10:00:00", "as_ts=2024-03-02T00:00:00", "cased=six or seven",
            "between=true", "coalesced=7", "abs_floor_ceil=7,-2.0,10.00"], actual);
    }

    [Fact]
    public async Task Joins_unions_filters_sorts_and_limits_compose()
    {
        temp.Write("orders.csv", "id,customer,amount\n1,c1,10\n2,c2,5\n3,c9,7\n4,c1,1\n");
        temp.Write("refunds.csv", "id,customer,amount\n2,c2,5\n");
        temp.Write("customers.csv", "customer,name\nc1,Ada\nc2,Grace\n");
        var orders = SourceBuilder.Csv("orders", "orders.csv").Field("id", Long).Field("customer", Text).Field("amount", Long).Build();
        var refunds = SourceBuilder.Csv("refunds", "refunds.csv").Field("id", Long).Field("customer", Text).Field("amount", Long).Build();
        var customers = SourceBuilder.Csv("customers", "customers.csv").Field("customer", Text).Field("name", Text).Build();

        // movements = orders union (refunds as negative amounts)
        var negative = R.Select(R.Scan(refunds), ("id", Col("id", Long)), ("customer", Col("customer", Text)), ("amount", Neg(Col("amount", Long))));
        var movements = R.Batch("movements", R.Union(R.Select(R.Scan(orders), ("id", Col("id", Long)), ("customer", Col("customer", Text)), ("amount", Col("amount", Long))), negative));
        // left join customers using (customer), net per name, where net > 0, order by net desc, limit 2
        var joined = R.Join(R.ViewScan(movements), R.Scan(customers), JoinKind.Left,
            Eq(Col("customer", Text, 0), Col("customer", Text, 1)),
            [("customer", JoinSide.Left, "customer"), ("amount", JoinSide.Left, "amount"), ("c.name", JoinSide.Right, "name")], ["customer"]);
        var grouped = R.GroupBy(joined, [("name", Coalesce(Col("c.name", N(Text)), Str("unknown")))], [R.Sum("net", Col("amount", Long)), R.Count("moves")]);
        var top = R.Batch("top", R.Limit(R.OrderBy(R.Where(grouped, Gt(Col("net", N(Long)), Int64(0))), (Col("net", N(Long)), true)), 2));
        // inner join keeps only matching rows
        var inner = R.Batch("named_orders", R.Join(R.Scan(orders), R.Scan(customers), JoinKind.Inner,
            Eq(Col("customer", Text, 0), Col("customer", Text, 1)), [("id", JoinSide.Left, "id"), ("name", JoinSide.Right, "name")]));

        // Views declared before what they read: the runner orders them.
        var report = await Runs.Succeed(new PipelineBuilder("p", temp.Path).View(top).View(inner).View(movements)
            .Source(orders).Source(refunds).Source(customers).Build(), temp);

        Assert.Equal(["Ada|11|2", "unknown|7|1"], StateQuery.Rows(temp.State, "SELECT * FROM views.top"));
        Assert.Equal(["1|Ada", "2|Grace", "4|Ada"], StateQuery.Rows(temp.State, "SELECT * FROM views.named_orders ORDER BY id"));
        Assert.Equal(5, report.View("movements")!.Rows);
        Assert.True(report.Views.Select(v => v.Name).ToList().IndexOf("movements") < report.Views.Select(v => v.Name).ToList().IndexOf("top"));
    }

    [Fact]
    public async Task Tumbling_hopping_and_session_windows_group_events_by_event_time()
    {
        temp.Write("events.ndjson", string.Join("\n",
            """{"k": "a", "page": "/", "t": "2024-01-01T10:05:00Z"}""",
            """{"k": "a", "page": "/docs", "t": "2024-01-01T10:20:00Z"}""",
            """{"k": "a", "page": "/docs", "t": "2024-01-01T10:49:00Z"}""",
            """{"k": "a", "page": "/x", "t": "2024-01-01T11:30:00Z"}""",
            """{"k": "a", "page": "/y", "t": "2024-01-01T12:00:00Z"}""",
            """{"k": "b", "page": "/", "t": "2024-01-01T10:20:00Z"}"""));
        var events = SourceBuilder.Kafka("events", "events.ndjson").Field("k", Text).Field("page", Text).Field("t", Timestamp).Build();
        var k = ("k", (Expr)Col("k", Text));
        ViewIr Windowed(string name, WindowSpec window) =>
            R.Batch(name, R.GroupBy(R.Scan(events), [k], [R.Count("n"), R.First("first_page", Col("page", Text)), R.Last("last_page", Col("page", Text))], window));
        var hour = TimeSpan.FromHours(1);
        var pipeline = new PipelineBuilder("p", temp.Path).Source(events)
            .View(Windowed("tumbling", R.Tumbling("t", hour)))
            .View(Windowed("hopping", R.Hopping("t", hour, TimeSpan.FromMinutes(30))))
            .View(Windowed("sessions", R.Session("t", TimeSpan.FromMinutes(30)))).Build();
        await Runs.Succeed(pipeline, temp);

        string Query(string view) => $"SELECT strftime(window_start, '%H:%M') || '-' || strftime(window_end, '%H:%M'), k, n, first_page, last_page FROM views.{view} ORDER BY k, window_start";
        Assert.Equal(["10:00-11:00|a|3|/|/docs", "11:00-12:00|a|1|/x|/x", "12:00-13:00|a|1|/y|/y", "10:00-11:00|b|1|/|/"],
            StateQuery.Rows(temp.State, Query("tumbling")));
        Assert.Equal(["09:30-10:30|a|2|/|/docs", "10:00-11:00|a|3|/|/docs", "10:30-11:30|a|1|/docs|/docs", "11:00-12:00|a|1|/x|/x",
                      "11:30-12:30|a|2|/x|/y", "12:00-13:00|a|1|/y|/y", "09:30-10:30|b|1|/|/", "10:00-11:00|b|1|/|/"],
            StateQuery.Rows(temp.State, Query("hopping")));
        // 10:05, 10:20, 10:49 are < 30m apart; 11:30 is 41m later; 12:00 is exactly 30m later: a new session.
        Assert.Equal(["10:05-11:19|a|3|/|/docs", "11:30-12:00|a|1|/x|/x", "12:00-12:30|a|1|/y|/y", "10:20-10:50|b|1|/|/"],
            StateQuery.Rows(temp.State, Query("sessions")));
    }

    [Fact]
    public async Task Identifiers_and_literals_with_quotes_are_escaped_not_injected()
    {
        temp.Write("q.csv", "\"a\"\"b\",c'd\nx'y,\"z\"\"w\"\n");
        var source = SourceBuilder.Csv("we\"ird", "q.csv").Field("a\"b", Text).Field("c'd", Text).Build();
        var filter = Eq(Col("a\"b", Text), Str("x'y'); DROP TABLE x; --"));
        var view = R.Batch("v'\"", R.Select(R.Scan(source),
            ("o\"ne", Col("a\"b", Text)), ("t'wo", Col("c'd", Text)), ("matches", Or(filter, Eq(Col("a\"b", Text), Str("x'y"))))));
        await Runs.Succeed(new PipelineBuilder("p", temp.Path).Source(source).View(view).Build(), temp);

        Assert.Equal(["x'y|z\"w|true"], StateQuery.Rows(temp.State, "SELECT * FROM views.\"v'\"\"\""));
    }
}
