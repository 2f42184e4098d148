using Pulse.Compiler.Ir;
using Pulse.Targets.Common;
using Pulse.Targets.Spark;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Spark;

/// <summary>What the jobs do, read from their syntax trees: calls by name with their literal arguments.</summary>
public class SparkJobBehaviourTests
{
    private static string Program(PipelineIr ir, string view) =>
        new SparkTarget().Emit(ir, TargetOptions.Default).Single(f => f.RelativePath == $"spark/{view}/Program.cs").Content;

    private static List<string> Calls(string program) => SparkCalls.Of(program);

    [Fact]
    public void A_batch_job_builds_its_session_writes_its_delta_table_and_upserts_postgres_with_credentials_from_the_environment()
    {
        var program = Program(SparkAirflowWorldHunger.Build(), "cluster_trends");
        var calls = Calls(program);

        Assert.Contains("AppName(\"pulse:world_hunger:cluster_trends\")", calls);
        Assert.Contains("Format(\"delta\")", calls);
        Assert.Contains("Mode(\"overwrite\")", calls);
        Assert.Contains("View(\"cluster_trends\")", calls);
        Assert.Contains("RequireEnv(\"PULSE_PG_HOST\")", calls);
        Assert.Contains("RequireEnv(\"PULSE_SECRET_WAREHOUSE_PASSWORD\")", calls);
        Assert.Contains("Run(_, _, \"hunger\", \"cluster_trends\", _)", calls);   // PulseUpsert.Run(jdbc, rows, schema, table, keys)
        Assert.Contains("GroupBy(_, _)", calls);
        Assert.Contains("OrderBy(_, _)", calls);
        Assert.Contains("CountDistinct(_)", calls);
        Assert.DoesNotContain("warehouse-password", program);                  // a secret's name is not its value, but neither appears
    }

    [Fact]
    public void A_source_quarantines_failing_rows_and_malformed_records_and_fails_on_its_set_rules()
    {
        var calls = Calls(Program(SparkAirflowWorldHunger.Build(), "cluster_trends"));

        Assert.Contains("Malformed(_, _, \"the record does not parse with the source's schema\")", calls);
        Assert.Contains(calls, c => c.StartsWith("Expect(_, \"known_year\", \"quarantine\", _, ", StringComparison.Ordinal));
        Assert.Contains(calls, c => c.StartsWith("Expect(_, \"positive_pop\", \"quarantine\", _, ", StringComparison.Ordinal) && c.EndsWith(", null, 0.01)", StringComparison.Ordinal));
        Assert.Contains(calls, c => c.StartsWith("ExpectUnique(_, \"one_row_per_country_year\", \"fail\", _, ", StringComparison.Ordinal));
        Assert.Contains("ExpectRowCount(_, \"enough_rows\", \"fail\", 500L, 5000L, \"expectation enough_rows (world-hunger.pulse:59:5)\")", calls);
        Assert.Contains("Finish(_)", calls);
    }

    [Fact]
    public void Csv_text_is_cast_with_malformed_values_quarantined_and_extra_null_tokens_nulled()
    {
        var calls = Calls(Program(SparkAirflowShopOrders.Build(), "movements"));

        Assert.Contains("Option(\"sep\", \";\")", calls);
        Assert.Contains("Option(\"nullValue\", \"\")", calls);
        Assert.Contains("EqualTo(\"n/a\")", calls);
        Assert.Contains("Cast(_, \"order_id\", _, \"order_id is not a valid long\")", calls);
        Assert.Contains("ToDate(_, \"dd/MM/yyyy\")", calls);
        Assert.Contains("Cast(_, \"ordered_on\", _, \"ordered_on is not a valid date (format dd/MM/yyyy)\")", calls);
        Assert.Contains("ExpectReference(_, \"known_customer\", \"quarantine\", \"customer_id\", _, \"customer_id\", \"expectation known_customer (orders.pulse:33:5)\", null, null)", calls);
        Assert.Contains("UnionByName(_)", calls);
    }

    [Fact]
    public void A_speed_job_reads_kafka_as_a_stream_with_watermark_window_checkpoint_and_foreach_batch()
    {
        var calls = Calls(Program(SparkAirflowWorldHunger.Build(), "live_food_prices"));

        Assert.Contains("ReadStream()", calls);
        Assert.Contains("Format(\"kafka\")", calls);
        Assert.Contains("Option(\"subscribe\", \"food-prices\")", calls);
        Assert.Contains("Parse(_, _, _)", calls);                                       // PulseJson.Parse → Functions.FromJson
        Assert.Contains("WithWatermark(\"`observed_at`\", \"3900 seconds\")", calls);   // 5m watermark + 1h lateness
        Assert.Contains("Window(_, \"3600 seconds\")", calls);
        Assert.Contains("OutputMode(\"append\")", calls);
        Assert.Contains("Option(\"checkpointLocation\", _)", calls);
        Assert.Contains("ForeachBatch(_)", calls);
        Assert.Contains("QuarantineLate(_, \"observed_at\", 3900L)", calls);
        Assert.Contains("AwaitTermination()", calls);
    }

    [Fact]
    public void Session_and_hopping_windows_use_the_matching_Spark_functions()
    {
        var ir = SparkAirflowClickstream.Build();
        Assert.Contains("Session_Window(_, \"1800 seconds\")", Calls(Program(ir, "visits")));
        Assert.Contains("Window(_, \"600 seconds\", \"60 seconds\")", Calls(Program(ir, "trending_pages")));
        Assert.Contains("Write(_, _, \"visits\", \"visitor_id\")", Calls(Program(ir, "visits")));   // PulseKafka.Write
    }

    [Fact]
    public void A_serving_job_merges_batch_rows_before_the_horizon_with_speed_rows_after_it()
    {
        var calls = Calls(Program(SparkAirflowWorldHunger.Build(), "food_prices_now"));
        Assert.Contains("View(\"hourly_food_prices\")", calls);
        Assert.Contains("View(\"live_food_prices\")", calls);
        Assert.Contains("Alias(\"__pulse_horizon\")", calls);
        Assert.Contains("CrossJoin(_)", calls);
        Assert.Contains("Lt(_)", calls);
        Assert.Contains("Geq(_)", calls);
    }

    [Fact]
    public void Joins_rename_inputs_to_positional_names_so_shared_names_never_clash()
    {
        var calls = Calls(Program(SparkAirflowWorldHunger.Build(), "life_gains"));
        Assert.Contains("Join(_, _, \"inner\")", calls);
        Assert.Contains("Alias(\"g.cluster\")", calls);
        Assert.Contains("Alias(\"c.n_life_expect\")", calls);
        Assert.Contains("Col(\"`c.n_life_expect`\")", calls);   // a dotted name is one column, not a struct path
        var orders = Calls(Program(SparkAirflowShopOrders.Build(), "customer_revenue"));
        Assert.Contains("Join(_, _, \"left_outer\")", orders);
        Assert.Contains("Limit(1000)", orders);
        Assert.Contains("DateTrunc(\"month\", _)", orders);
    }

    [Fact]
    public void Http_postgres_and_elasticsearch_sources_read_through_their_connectors()
    {
        var ir = SparkAirflowProductSearch.Build();
        Assert.Contains(Calls(Program(ir, "searchable_products")), c => c.StartsWith("Read(_, \"https://catalog.pulse.example/v2\", _, \"data.items\", \"cursor\", null, \"after\", \"data.next_cursor\", 100, 500, 30, 4, _)", StringComparison.Ordinal));
        Assert.Contains("Read(_, \"inventory.stock_levels\", null)", Calls(Program(ir, "stock_totals")));
        Assert.Contains("Read(_, _, \"reviews\", \"{\\\"range\\\": {\\\"stars\\\": {\\\"gte\\\": 1}}}\")", Calls(Program(ir, "review_scores")));
        Assert.Contains("ExpectFreshness(_, \"recent_catalog\", \"warn\", \"updated_at\", 604800L, \"expectation recent_catalog (product-search.pulse:48:5)\")", Calls(Program(ir, "searchable_products")));
    }
}

public class SinkFromSourceTests
{
    [Fact]
    public void A_sink_that_reads_a_source_gets_a_job_that_cleans_the_source_and_writes_it()
    {
        var ir = SparkAirflowWorldHunger.Build();
        var disasters = ir.FindSource("disasters")!;
        var rawCopy = SparkAirflowIrBuilder.Sink("disasters_copy", SinkKind.Parquet, "disasters", disasters.Schema, SparkAirflowIrBuilder.At("/specs/world-hunger.pulse", 300), path: "lake/disasters_raw");
        ir = ir with
        {
            Sinks = ir.Sinks.Add(rawCopy),
            Lineage = ir.Lineage with { Edges = ir.Lineage.Edges.Add(new LineageEdge("disasters", "disasters_copy")), Nodes = ir.Lineage.Nodes.Add(new LineageNode("disasters_copy", LineageNodeKind.Sink, "parquet")) },
        };

        var files = new SparkTarget().Emit(ir, TargetOptions.Default);
        var program = files.Single(f => f.RelativePath == "spark/source_disasters/Program.cs").Content;
        Assert.Contains("Sink_disasters_copy(view, context);", program);
        Assert.Contains("Save(context.Data(\"lake/disasters_raw\"))", program);
        Assert.Empty(SparkCompiler.Compile(program).Diagnostics);

        var graph = Airflow.AirflowDagGraph.Read(new Pulse.Targets.Airflow.AirflowTarget().Emit(ir, TargetOptions.Default).Single().Content);
        Assert.Equal("DatabricksSubmitRunOperator", graph.Tasks["spark_source_disasters"]);
        Assert.Contains(("spark_source_disasters", "quality_disasters"), graph.Edges);
    }
}

public class SparkTargetErrorTests
{
    private static PipelineIr WithDerive(Expr value)
    {
        var ir = SparkAirflowWorldHunger.Build();
        var disasters = ir.FindSource("disasters")!;
        var step = new DeriveStep(disasters.Schema, SparkAirflowIrBuilder.At("/specs/world-hunger.pulse", 99, 5), "decade", value);
        var changed = disasters with { Steps = [.. disasters.Steps.Select(s => s is DeriveStep ? step : s)] };
        return ir with { Sources = [.. ir.Sources.Select(s => s.Name == "disasters" ? changed : s)] };
    }

    [Fact]
    public void An_expression_Spark_cannot_express_is_a_PULSE4401_at_its_step()
    {
        var ir = WithDerive(new CallExpr(Pulse.Compiler.Types.PulseType.Int, "soundex", [SparkAirflowIrBuilder.Ref("entity", Pulse.Compiler.Types.PulseType.String)]));
        var error = Assert.Throws<TargetException>(() => new SparkTarget().Emit(ir, TargetOptions.Default));
        Assert.Equal("PULSE4401", error.Code);
        Assert.Equal(99, error.Origin.Line);
        Assert.Contains("soundex()", error.Message);
        Assert.False(string.IsNullOrEmpty(error.Hint));
    }

    [Fact]
    public void A_non_constant_replace_is_a_PULSE4402()
    {
        var text = Pulse.Compiler.Types.PulseType.String;
        var ir = WithDerive(new CallExpr(text, "replace", [SparkAirflowIrBuilder.Ref("entity", text), SparkAirflowIrBuilder.Ref("entity", text), SparkAirflowIrBuilder.LitStr("x")]));
        var error = Assert.Throws<TargetException>(() => new SparkTarget().Emit(ir, TargetOptions.Default));
        Assert.Equal("PULSE4402", error.Code);
        Assert.Equal("world-hunger.pulse(99,5)", error.Origin.ToString().Replace("/specs/", ""));
    }
}
