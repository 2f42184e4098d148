using System.Diagnostics;
using System.Text.Json;
using Pulse.Compiler.Ir;
using Pulse.Targets.Airflow;
using Pulse.Targets.Common;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Airflow;

public class AirflowTargetTests
{
    public static TheoryData<string> Examples => new(SparkAirflowExamples.Names);

    private static GeneratedFile Emit(PipelineIr ir) => Assert.Single(new AirflowTarget().Emit(ir, TargetOptions.Default));

    [Theory, MemberData(nameof(Examples))]
    public void Dag_matches_its_baseline(string example)
    {
        var file = Emit(SparkAirflowExamples.Build(example));
        SparkAirflowBaselines.Check(example, file.RelativePath, file.Content);
    }

    [Theory, MemberData(nameof(Examples))]
    public void Dag_compiles_and_its_task_graph_is_the_lineage_of_the_IR(string example)
    {
        var ir = SparkAirflowExamples.Build(example);
        var graph = AirflowDagGraph.Read(Emit(ir).Content);
        var (tasks, edges) = ExpectedGraph(ir);

        Assert.Equal(tasks.Order(StringComparer.Ordinal), graph.Tasks.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(edges.Order(), graph.Edges.Order());
        Assert.Equal(PythonLiteral.Identifier(ir.Name), graph.DagId);
        Assert.False(graph.Catchup);
        Assert.Equal(ir.Schedule?.Cron, graph.Schedule);
    }

    [Theory, MemberData(nameof(Examples))]
    public void Dag_is_deterministic(string example) =>
        Assert.Equal(Emit(SparkAirflowExamples.Build(example)), Emit(SparkAirflowExamples.Build(example)));

    [Fact]
    public void A_cloud_environment_with_databricks_submits_runs_there_and_keeps_secrets_as_references()
    {
        var ir = SparkAirflowWorldHunger.Build();
        var dag = Emit(ir).Content;
        var graph = AirflowDagGraph.Read(dag);

        Assert.All(graph.Tasks.Where(t => t.Key.StartsWith("spark_", StringComparison.Ordinal) || t.Key.StartsWith("refresh_", StringComparison.Ordinal)),
            t => Assert.Equal("DatabricksSubmitRunOperator", t.Value));
        Assert.Contains("\"spark_version\": \"15.4.x-scala2.12\"", dag);
        Assert.Contains("\"autoscale\": {\"min_workers\": 2, \"max_workers\": 8}", dag);
        Assert.Contains("\"PULSE_SECRET_WAREHOUSE_PASSWORD\": \"{% raw %}{{secrets/pulse/warehouse-password}}{% endraw %}\"", dag);
        Assert.DoesNotContain("SparkSubmitOperator", dag);
    }

    [Fact]
    public void A_local_environment_uses_spark_submit_with_the_dotnet_runner()
    {
        var ir = SparkAirflowWorldHunger.Build() with { Environment = "local" };
        var dag = Emit(ir).Content;
        var graph = AirflowDagGraph.Read(dag);

        Assert.Equal("SparkSubmitOperator", graph.Tasks["spark_cluster_trends"]);
        Assert.Equal("SparkSubmitOperator", graph.Tasks["refresh_food_prices_now"]);
        Assert.Contains("java_class=\"org.apache.spark.deploy.dotnet.DotnetRunner\"", dag);
        Assert.Contains("os.path.join(BUILD_DIR, \"spark\", \"cluster_trends\", \"publish\", \"cluster_trends.dll\")", dag);
        Assert.DoesNotContain("Databricks", dag);
    }

    [Fact]
    public void Schedule_defaults_come_from_the_IR_schedule()
    {
        var dag = Emit(SparkAirflowWorldHunger.Build()).Content;
        Assert.Contains("\"owner\": \"data-eng@pulse.example\"", dag);
        Assert.Contains("\"retries\": 3", dag);
        Assert.Contains("\"retry_delay\": timedelta(seconds=600)", dag);
        Assert.Contains("default_args[\"sla\"] = timedelta(seconds=7200)", dag);
        Assert.Contains("schedule=\"0 2 * * *\"", dag);
    }

    public static TheoryData<string> HostileStrings => new(
    [
        "plain", "", "quote \" inside", "single ' quote", "back\\slash", "trailing backslash \\", "new\nline", "carriage\rreturn", "tab\tbed",
        "\"\"\" triple", "''' triple", "café ☕ 𝄞", "nul \0 byte", "bell \a", "line sep \u2028 para \u2029", "bom \ufeff", "rtl \u202e override",
        "{{ jinja }} {% raw %}", "'); import os; os.system('x')  #", "\\N{BULLET}", "\\x41 \\u0041", "end\\",
    ]);

    [Theory, MemberData(nameof(HostileStrings))]
    public void Python_literal_round_trips_through_python(string value)
    {
        var directory = Directory.CreateTempSubdirectory("pulse-literal-");
        try
        {
            var file = Path.Combine(directory.FullName, "literal.py");
            File.WriteAllText(file, "import json, sys\nvalue = " + PythonLiteral.String(value) + "\nsys.stdout.write(json.dumps(value))\n");
            var start = new ProcessStartInfo("python3", [file]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, error);
            Assert.Equal(value, JsonSerializer.Deserialize<string>(output));
            Assert.DoesNotContain('\n', PythonLiteral.String(value));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("orders", "orders")]
    [InlineData("class", "class")]
    [InlineData("café", "caf_x00e9")]
    [InlineData("odd \"name\"", "odd_x0020_x0022name_x0022")]
    [InlineData("9lives", "_9lives")]
    public void Task_ids_are_ascii_identifiers(string name, string expected) => Assert.Equal(expected, PythonLiteral.Identifier(name));

    /// <summary>The task graph the DAG must have, computed here from the IR's lineage alone.</summary>
    public static (List<string> Tasks, List<(string, string)> Edges) ExpectedGraph(PipelineIr ir)
    {
        string Id(string text) => PythonLiteral.Identifier(text);
        var scheduled = ir.Views.Where(v => v.Layer != ViewLayer.Speed).ToDictionary(v => v.Name, v => Id((v.Layer == ViewLayer.Serving ? "refresh_" : "spark_") + v.Name));
        var tasks = new HashSet<string>(scheduled.Values);
        var edges = new HashSet<(string, string)>();
        foreach (var sink in ir.Sinks.Where(s => scheduled.ContainsKey(s.From)))
        {
            if (sink.Kind == SinkKind.Postgres) { tasks.Add(Id("migrate_" + sink.Connection)); edges.Add((Id("migrate_" + sink.Connection), scheduled[sink.From])); }
            if (sink.Kind == SinkKind.Elasticsearch) { tasks.Add(Id("elasticsearch_" + sink.Name)); edges.Add((Id("elasticsearch_" + sink.Name), scheduled[sink.From])); }
        }
        foreach (var edge in ir.Lineage.Edges)
        {
            if (scheduled.TryGetValue(edge.From, out var from) && scheduled.TryGetValue(edge.To, out var to)) edges.Add((from, to));
            var source = ir.FindSource(edge.From);
            if (source is not null && scheduled.TryGetValue(edge.To, out var reader) && source.Steps.OfType<ExpectStep>().Any())
            {
                tasks.Add(Id("quality_" + source.Name));
                edges.Add((reader, Id("quality_" + source.Name)));
            }
        }
        return ([.. tasks], [.. edges]);
    }
}
