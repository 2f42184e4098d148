using Pulse.Compiler.Ir;
using Pulse.Compiler.Tests.Infrastructure;
using Pulse.Compiler.Types;

namespace Pulse.Compiler.Tests.Lowering;

/// <summary>The IR the examples lower to, checked against what the IR's doc comments promise.</summary>
public class LoweringTests
{
    private static readonly Lazy<PipelineIr> WorldHunger = new(() => Repo.CompileExample("world-hunger").Lower("local"));
    private static readonly Lazy<PipelineIr> Orders = new(() => Repo.CompileExample("orders").Lower("local"));

    [Fact]
    public void Pipeline_header()
    {
        var ir = WorldHunger.Value;
        Assert.Equal("world_hunger", ir.Name);
        Assert.Equal("local", ir.Environment);
        Assert.Equal("pipelines", ir.BaseDirectory);
        Assert.Equal("data-eng@pulse.example", ir.Owner);
        Assert.Equal("Gapminder indicators, disaster deaths and market food prices", ir.Description);
    }

    [Fact]
    public void Connections_resolve_per_environment()
    {
        var compilation = Repo.CompileExample("world-hunger");
        Assert.All(compilation.Lower("local").Connections, c => Assert.True(c.Embedded, c.Name));

        var pg = compilation.Lower("pg");
        var warehouse = pg.FindConnection("warehouse")!;
        Assert.False(warehouse.Embedded);
        Assert.Equal(["url"], warehouse.Settings.Keys);
        Assert.Equal(new EnvSetting("PULSE_PG_URL"), warehouse.Settings["url"]);
        // pg says `embedded = true`: what it does not declare stays on this machine, as in local.
        Assert.True(pg.FindConnection("events")!.Embedded);
        Assert.True(pg.FindConnection("search")!.Embedded);
        Assert.False(compilation.Lower("prod").FindConnection("events")!.Embedded);

        var prod = compilation.Lower("prod").FindConnection("warehouse")!;
        Assert.Equal(["database", "host", "password", "port", "user"], prod.Settings.Keys);
        Assert.Equal(new SecretSetting("warehouse-password"), prod.Settings["password"]);
        Assert.Equal(new LiteralSetting("5432"), prod.Settings["port"]);
    }

    [Fact]
    public void Sources_carry_options_fields_steps_and_the_cleaned_schema()
    {
        var ir = WorldHunger.Value;
        Assert.Equal(["gapminder", "countries", "disasters", "food_prices"], ir.Sources.Select(s => s.Name));
        var disasters = ir.FindSource("disasters")!;
        Assert.Equal(SourceFormat.Csv, disasters.Format);
        Assert.Equal(["", "NA"], disasters.Options.NullTokens.ToArray());
        Assert.Equal(["Entity", "Year", "Deaths"], disasters.InputFields.Select(f => f.ReadFrom));
        Assert.Equal("long", disasters.Schema["deaths"].Type.ToString()); // filled
        Assert.Equal("int", disasters.Schema["decade"].Type.ToString());
        var fill = Assert.IsType<FillStep>(disasters.Steps[1]);
        Assert.Equal(new LiteralExpr(PulseType.Long, "0"), fill.Value);
        var plausible = Assert.IsType<ExpectStep>(disasters.Steps[^1]).Expectation;
        Assert.Equal(ViolationAction.Quarantine, plausible.Action);
        Assert.Equal(0.01, plausible.WarnAbove);
        Assert.Null(plausible.FailAbove);

        var gapminder = ir.FindSource("gapminder")!;
        Assert.Equal("int", gapminder.Schema["cluster"].Type.ToString()); // quarantined nulls: non-null afterwards
        var positive = gapminder.Steps.OfType<ExpectStep>().Single(e => e.Expectation.Name == "positive_pop").Expectation;
        Assert.Equal(0.01, positive.FailAbove!.Value, 10);
        var unique = gapminder.Steps.OfType<ExpectStep>().Single(e => e.Expectation.Name == "one_row_per_country_year").Expectation;
        Assert.Equal(["country", "year"], Assert.IsType<UniqueRule>(unique.Rule).Columns.ToArray());
        Assert.Equal(0, unique.FailAbove);
        Assert.Equal(new RowCountRule(500, 5000), gapminder.Steps.OfType<ExpectStep>().Single(e => e.Expectation.Name == "enough_rows").Expectation.Rule);

        var prices = ir.FindSource("food_prices")!;
        Assert.True(prices.IsStream);
        Assert.Equal("observed_at", prices.Options.EventTimeField);
        Assert.Equal(TimeSpan.FromMinutes(5), prices.Options.Watermark);
        Assert.Equal("data/food_prices.ndjson", prices.Options.Replay);
    }

    [Fact]
    public void A_join_names_shared_columns_by_alias_and_merges_using_columns()
    {
        var view = WorldHunger.Value.FindView("life_gains")!;
        Assert.Equal("year", view.IncrementalColumn);
        var project = Assert.IsType<ProjectNode>(view.Root);
        var filter = Assert.IsType<FilterNode>(project.Input);
        var join = Assert.IsType<JoinNode>(filter.Input);
        Assert.Equal(["country", "year"], join.UsingColumns.ToArray());
        Assert.Equal("g", join.LeftAlias);
        Assert.Equal("c", join.RightAlias);
        Assert.Equal(["country", "year", "cluster", "pop", "g.life_expect", "g.fertility", "c.life_expect", "c.fertility", "p_life_expect", "n_life_expect", "p_fertility", "n_fertility"],
            join.Schema.Columns.Select(c => c.Name));
        Assert.Contains(new JoinOutput("c.life_expect", JoinSide.Right, "life_expect"), join.Outputs);
        Assert.Equal("double", filter.Schema["n_life_expect"].Type.ToString()); // `is not null` narrows
        var lifeExpect = project.Columns.Single(c => c.Name == "life_expect");
        Assert.Equal(new ColumnRef(PulseType.Double.AsNullable(), "g.life_expect"), lifeExpect.Expr);
        var condition = Assert.IsType<BinaryExpr>(join.Condition);
        Assert.Equal(BinaryOp.And, condition.Op);
        Assert.Equal(new BinaryExpr(PulseType.Bool, BinaryOp.Equal, new ColumnRef(PulseType.String, "country"), new ColumnRef(PulseType.String, "country", 1)), condition.Left);
    }

    [Fact]
    public void Wrapped_aggregates_are_computed_then_projected()
    {
        var view = WorldHunger.Value.FindView("cluster_trends")!;
        var sort = Assert.IsType<SortNode>(view.Root);
        var project = Assert.IsType<ProjectNode>(sort.Input);
        var aggregate = Assert.IsType<AggregateNode>(project.Input);
        Assert.Equal(["cluster", "year"], aggregate.Keys.Select(k => k.Name));
        Assert.Equal("population", aggregate.Aggregates[0].Name);
        var average = aggregate.Aggregates.Single(a => a.Function == AggregateFunction.Avg && a.Argument is ColumnRef { Name: "life_expect" });
        var rounded = Assert.IsType<CallExpr>(project.Columns.Single(c => c.Name == "avg_life_expect").Expr);
        Assert.Equal("round", rounded.Function);
        Assert.Equal(new ColumnRef(PulseType.Double.AsNullable(), average.Name), rounded.Arguments[0]);
        Assert.Equal(new LiteralExpr(PulseType.Int, "2"), rounded.Arguments[1]);
        Assert.Equal(["cluster", "year", "population", "avg_life_expect", "avg_fertility", "countries"], view.Schema.Columns.Select(c => c.Name));
    }

    [Fact]
    public void Windows_put_their_bounds_first_and_speed_views_carry_streaming_facts()
    {
        var ir = WorldHunger.Value;
        var batch = Assert.IsType<AggregateNode>(ir.FindView("hourly_food_prices")!.Root);
        Assert.Equal(new WindowSpec(WindowKind.Tumbling, "observed_at", TimeSpan.FromHours(1), null, null, batch.Window!.Origin), batch.Window);
        Assert.Equal(["window_start", "window_end", "market", "commodity", "avg_price", "max_price", "observations"], batch.Schema.Columns.Select(c => c.Name));
        Assert.Equal("decimal(14, 8)", batch.Schema["avg_price"].Type.ToString());

        var speed = ir.FindView("live_food_prices")!;
        Assert.Equal(ViewLayer.Speed, speed.Layer);
        Assert.Equal(new StreamingIr("food_prices", "observed_at", TimeSpan.FromMinutes(5), TimeSpan.FromHours(1), LatePolicy.Quarantine, TimeSpan.FromHours(36)), speed.Streaming);

        var serving = ir.FindView("food_prices_now")!;
        var merge = Assert.IsType<ServeMergeNode>(serving.Root);
        Assert.Equal(["market", "commodity", "window_start"], merge.Keys.ToArray());
        Assert.Equal("window_start", merge.TimeColumn);
        Assert.Equal("hourly_food_prices", Assert.IsType<ViewScanNode>(merge.Batch).View);
        Assert.Equal("live_food_prices", Assert.IsType<ViewScanNode>(merge.Speed).View);
    }

    [Fact]
    public void Sinks_schedule_and_deploys()
    {
        var ir = Repo.CompileExample("world-hunger").Lower("prod");
        var table = ir.Sinks.Single(s => s.Name == "cluster_trends_table");
        Assert.Equal(new TableName("hunger", "cluster_trends"), table.Table);
        Assert.Equal(["cluster", "year"], table.Key.ToArray());
        Assert.Equal(["year"], Assert.Single(table.Indexes).ToArray());
        Assert.Equal(WriteMode.Upsert, table.Mode);
        Assert.Equal("cluster_trends", table.From);
        Assert.Equal(ir.FindView("cluster_trends")!.Schema.Columns.ToArray(), table.Schema.Columns.ToArray());
        var search = ir.Sinks.Single(s => s.Name == "disaster_search");
        Assert.Equal(["entity", "decade"], search.DocumentId.ToArray());
        Assert.Equal(["entity"], search.TextFields.ToArray());
        Assert.Equal(TimeSpan.FromDays(365), search.Retention);

        Assert.Equal(new ScheduleIr("0 2 * * *", 3, TimeSpan.FromMinutes(10), TimeSpan.FromHours(2), "data-eng@pulse.example", TimeSpan.FromHours(24), ir.Schedule!.Origin), ir.Schedule);
        var deploy = Assert.Single(ir.Deployments);
        Assert.Equal(("prod", Cloud.Azure, "westeurope"), (deploy.Environment, deploy.Cloud, deploy.Region));
        Assert.Equal(new DatabricksDeployIr("15.4.x-scala2.12", "Standard_DS3_v2", 2, 8), deploy.Databricks);
        Assert.Equal(new PostgresDeployIr("GP_Standard_D2s_v3", true, 14), deploy.Postgres);
        Assert.Equal(new MonitoringDeployIr(true, true, "oncall@pulse.example"), deploy.Monitoring);
        Assert.Equal(Cloud.Gcp, Assert.Single(Repo.CompileExample("product-search").Lower("prod").Deployments).Cloud);
    }

    [Fact]
    public void Test_values_use_the_documented_literal_formats()
    {
        var test = WorldHunger.Value.Tests.Single(t => t.Name == "live_prices_window");
        var events = Assert.Single(test.Given).Events;
        Assert.Equal(3, events.Length);
        Assert.True(events[2].IsWatermark);
        Assert.Equal(new DateTimeOffset(2024, 6, 1, 10, 5, 0, TimeSpan.Zero), events[0].At);
        var first = events[0].Row!.Values;
        Assert.Equal(new LiteralExpr(PulseType.Timestamp, "2024-06-01T10:05:00Z"), first["observed_at"]);
        Assert.Equal(new LiteralExpr(PulseType.Decimal(10, 4), "0.40"), first["price_usd"]);
        var expected = Assert.Single(Assert.Single(test.Expected).Rows).Values;
        Assert.Equal(new LiteralExpr(PulseType.Long, "2"), expected["observations"]);
        Assert.Equal(new LiteralExpr(PulseType.Decimal(14, 8), "0.45"), expected["avg_price"]);

        var disasters = WorldHunger.Value.Tests.Single(t => t.Name == "disaster_decades_add_up");
        Assert.Equal(new LiteralExpr(PulseType.Long.AsNullable(), null), disasters.Given[0].Rows[2].Values["deaths"]);
    }

    [Fact]
    public void Given_values_in_a_cast_type_are_written_back_in_the_cast_format()
    {
        var row = Orders.Value.Tests[0].Given.Single(g => g.Source == "orders").Rows[0].Values;
        Assert.Equal(new LiteralExpr(PulseType.String, "02/03/2024"), row["ordered_on"]);
    }

    [Fact]
    public void Collections_are_in_dependency_order()
    {
        var ir = Orders.Value;
        Assert.Equal(["customers", "orders", "returns"], ir.Sources.Select(s => s.Name)); // orders references customers
        Assert.Equal(["refunds", "movements", "customer_revenue"], ir.Views.Select(v => v.Name)); // movements unions refunds
        Assert.Equal(["customers", "orders", "returns", "refunds", "movements", "customer_revenue", "revenue_table", "revenue_lake"], ir.Lineage.Nodes.Select(n => n.Name));
    }

    [Fact]
    public void Column_lineage_follows_renames_derives_joins_and_aggregates()
    {
        var lineage = WorldHunger.Value.Lineage;
        ColumnKey[] From(string relation, string column) => lineage.Columns.Single(c => c.Column == new ColumnKey(relation, column)).From.ToArray();
        Assert.Equal([new("disasters", "year")], From("disasters", "decade"));
        Assert.Empty(From("disasters", "entity"));
        Assert.Equal([new("countries", "life_expect"), new("countries", "n_life_expect")], From("life_gains", "gain"));
        Assert.Equal([new("gapminder", "cluster")], From("life_gains", "cluster"));
        Assert.Equal([new("gapminder", "pop")], From("cluster_trends", "population"));
        Assert.Equal([new("food_prices", "observed_at")], From("hourly_food_prices", "window_start"));
        Assert.Equal([new("hourly_food_prices", "avg_price"), new("live_food_prices", "avg_price")], From("food_prices_now", "avg_price"));
        Assert.Equal([new("cluster_trends", "year")], From("cluster_trends_table", "year"));
        Assert.Contains(new LineageEdge("gapminder", "countries"), lineage.Edges); // a references expectation
        Assert.Contains(new LineageEdge("food_prices_now", "food_prices_table"), lineage.Edges);
        Assert.Equal("postgres hunger.cluster_trends", lineage.Nodes.Single(n => n.Name == "cluster_trends_table").Detail);
    }

    [Fact]
    public void Origins_point_at_the_spec()
    {
        var ir = WorldHunger.Value;
        var view = ir.FindView("disaster_decades")!;
        var text = Repo.ExampleText("world-hunger");
        Assert.Equal("pipelines/world-hunger.pulse", view.Origin.File);
        Assert.Equal(text.IndexOf("batch view disaster_decades", StringComparison.Ordinal) + 11, view.Origin.Start);
        Assert.Equal("disaster_decades".Length, view.Origin.Length);
        Assert.True(view.Origin.Line > 0 && view.Origin.Column == 12);
    }
}

public class ViewShapeTests
{
    private const string Streams = """
        connection bus: kafka { brokers = env("B") }
        source clicks: kafka {
          connection = bus
          topic = "c"
          event_time = ts
          watermark = 10s
          schema { page: string, user: string?, ts: timestamp }
        }
        speed view filtered {
          from clicks
          where user is not null
          derive section = lower(page)
        }
        speed view counts {
          from filtered
          window hopping 10m every 1m on ts
          group by section, user {
            n = count(*)
            pages = count(page)
          }
          retain 1h
        }
        batch view history {
          from clicks as c
          select page, who = c.user
          where c.page != ""
        }
        sink a: parquet { from = counts, path = "a" }
        sink b: parquet { from = history, path = "b" }
        """;

    [Fact]
    public void A_speed_view_over_a_speed_view_streams_from_the_kafka_source()
    {
        var compilation = Specs.Compile(Streams);
        Assert.Empty(compilation.GetDiagnostics());
        var ir = compilation.Lower("local");
        var counts = ir.FindView("counts")!;
        Assert.Equal(new StreamingIr("clicks", "ts", TimeSpan.FromSeconds(10), TimeSpan.Zero, LatePolicy.Batch, TimeSpan.FromHours(1)), counts.Streaming);
        Assert.Equal(TimeSpan.FromHours(24), ir.FindView("filtered")!.Streaming!.Retain); // the default
        var aggregate = Assert.IsType<AggregateNode>(counts.Root);
        Assert.Null(aggregate.Aggregates.Single(a => a.Name == "n").Argument); // count(*) counts rows
        Assert.NotNull(aggregate.Aggregates.Single(a => a.Name == "pages").Argument);
        Assert.Equal("string", aggregate.Schema["user"].Type.ToString()); // narrowed by `user is not null` upstream
        Assert.Equal(TimeSpan.FromMinutes(1), aggregate.Window!.Slide);
    }

    [Fact]
    public void A_column_selected_under_its_own_name_keeps_its_qualifier()
    {
        var ir = Specs.Compile(Streams).Lower("local");
        var filter = Assert.IsType<FilterNode>(ir.FindView("history")!.Root);
        Assert.Equal(["page", "who"], filter.Schema.Columns.Select(c => c.Name));
        Assert.Equal(new ColumnRef(PulseType.String, "page"), Assert.IsType<BinaryExpr>(filter.Predicate).Left);
    }
}
