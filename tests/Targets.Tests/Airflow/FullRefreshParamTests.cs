using System.Diagnostics;
using System.Text.Json;
using Pulse.Compiler.Ir;
using Pulse.Targets.Airflow;
using Pulse.Targets.Common;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Airflow;

/// <summary>
/// The <c>full_refresh</c> DAG param: imported for real under <c>fake_airflow.py</c>, the DAG declares a boolean
/// param defaulting to false, and only the jobs of incremental views get the templated argument, which Jinja
/// renders to <c>--full-refresh</c> when the param is true and to an empty argument when it is false.
/// </summary>
public class FullRefreshParamTests
{
    private static JsonElement Import(PipelineIr ir, string sourceKey)
    {
        var directory = Directory.CreateTempSubdirectory("pulse-params-");
        try
        {
            var dag = Path.Combine(directory.FullName, "dag.py");
            File.WriteAllText(dag, new AirflowTarget().Emit(ir, TargetOptions.Default).Single().Content);
            var script = Path.Combine(SparkAirflowBaselines.RepoRoot, "tests", "Targets.Tests", "Airflow", "fake_airflow.py");
            var start = new ProcessStartInfo("python3", [script, dag, Path.Combine(directory.FullName, "lake"), sourceKey])
            { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, error);
            return JsonDocument.Parse(output).RootElement.Clone();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static List<string> Rendered(JsonElement result, string task, bool fullRefresh) =>
        result.GetProperty("arguments").GetProperty(task).GetProperty(fullRefresh ? "true" : "false").EnumerateArray().Select(a => a.GetString()!).ToList();

    [Theory]
    [InlineData("local")]
    [InlineData("cloud")]
    public void Incremental_jobs_get_full_refresh_only_when_the_param_is_true(string environment)
    {
        var ir = SparkAirflowExamples.Build("specs/incremental");
        if (environment == "cloud")
        {
            // The Databricks variant: the same argument in spark_submit_task's parameters.
            var world = SparkAirflowWorldHunger.Build();
            ir = ir with { Environment = world.Environment, Deployments = world.Deployments };
        }
        var result = Import(ir, "sales");

        var param = result.GetProperty("params").GetProperty("full_refresh");
        Assert.False(param.GetProperty("default").GetBoolean());
        Assert.Equal("boolean", param.GetProperty("type").GetString());

        foreach (var task in new[] { "spark_daily_sales", "spark_large_sales", "spark_hourly_sales", "spark_daily_totals" })
        {
            var off = Rendered(result, task, fullRefresh: false);
            var on = Rendered(result, task, fullRefresh: true);
            Assert.Equal("", off[^1]);
            Assert.Equal("--full-refresh", on[^1]);
            Assert.Equal(off[..^1], on[..^1]);
            Assert.DoesNotContain(on[..^1], a => a.Contains("full-refresh", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_pipeline_without_incremental_views_has_no_param_and_no_extra_argument()
    {
        var result = Import(SparkAirflowExamples.Build("pipelines/orders"), "orders");
        Assert.Empty(result.GetProperty("params").EnumerateObject());
        var arguments = Rendered(result, "spark_customer_revenue", fullRefresh: true);
        Assert.DoesNotContain(arguments, a => a.Contains("full-refresh", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_incremental_views_of_the_flagship_get_the_argument()
    {
        var dag = new AirflowTarget().Emit(SparkAirflowExamples.Build("pipelines/world-hunger"), TargetOptions.Default).Single().Content;
        Assert.Single(dag.Split('\n'), l => l.Trim() == "FULL_REFRESH_ARG,");   // life_gains is the flagship's one incremental view
        Assert.Contains("\"full_refresh\": Param(", dag);
        Assert.Contains("from airflow.models.param import Param", dag);
    }
}
