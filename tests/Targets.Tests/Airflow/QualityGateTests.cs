using System.Diagnostics;
using System.Text.Json;
using Pulse.Targets.Airflow;
using Pulse.Targets.Common;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Airflow;

/// <summary>
/// Imports the generated DAG for real under a stand-in for the Airflow modules (<c>fake_airflow.py</c>)
/// and runs its own quality gate on metrics files written the way the Spark jobs write them.
/// </summary>
public class QualityGateTests
{
    private static (JsonElement Result, string Gate) Run(string? metricsLines, string sourceKey = "gapminder")
    {
        var directory = Directory.CreateTempSubdirectory("pulse-gate-");
        try
        {
            var dag = Path.Combine(directory.FullName, "world_hunger_dag.py");
            File.WriteAllText(dag, new AirflowTarget().Emit(SparkAirflowWorldHunger.Build(), TargetOptions.Default).Single().Content);
            var metrics = Directory.CreateDirectory(Path.Combine(directory.FullName, "lake", "metrics", sourceKey));
            if (metricsLines is not null) File.WriteAllText(Path.Combine(metrics.FullName, "part-00000-abc.txt"), metricsLines);
            var script = Path.Combine(SparkAirflowBaselines.RepoRoot, "tests", "Targets.Tests", "Airflow", "fake_airflow.py");
            var start = new ProcessStartInfo("python3", [script, dag, Path.Combine(directory.FullName, "lake"), sourceKey])
            { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, error);
            var result = JsonDocument.Parse(output).RootElement.Clone();
            return (result, result.GetProperty("gate").GetString()!);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string Metric(string rule, string action, long read, long violations) =>
        JsonSerializer.Serialize(new Dictionary<string, object?> { ["source"] = "gapminder", ["rule"] = rule, ["action"] = action, ["read"] = read, ["violations"] = violations }) + "\n";

    [Fact]
    public void The_dag_imports_and_wires_the_same_graph_the_AST_shows()
    {
        var (result, _) = Run(Metric("positive_pop", "quarantine", 1000, 0));
        var ir = SparkAirflowWorldHunger.Build();
        var (tasks, edges) = AirflowTargetTests.ExpectedGraph(ir);
        Assert.Equal(tasks.Order(StringComparer.Ordinal), result.GetProperty("tasks").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(edges.Select(e => e.Item1 + " >> " + e.Item2).Order(StringComparer.Ordinal),
            result.GetProperty("edges").EnumerateArray().Select(e => e[0].GetString() + " >> " + e[1].GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Gate_passes_within_the_threshold()
    {
        // positive_pop says mostly 99%: 10 of 1000 (1.0%) is not above 1%.
        var (_, gate) = Run(Metric("known_year", "quarantine", 1000, 400) + Metric("positive_pop", "quarantine", 1000, 10) + "{\"source\":\"gapminder\",\"rule\":null,\"read\":1000,\"kept\":590}\n");
        Assert.Equal("passed", gate);
    }

    [Fact]
    public void Gate_fails_past_the_threshold_and_names_the_rule()
    {
        var (_, gate) = Run(Metric("positive_pop", "quarantine", 1000, 11));
        Assert.StartsWith("failed:", gate);
        Assert.Contains("positive_pop: 1.10% > 1.00%", gate);
    }

    [Fact]
    public void Gate_fails_when_the_job_wrote_no_metrics()
    {
        var (_, gate) = Run(null);
        Assert.StartsWith("failed: no quality metrics for source 'gapminder'", gate);
    }

    [Fact]
    public void A_warn_rule_with_a_fail_threshold_still_gates()
    {
        string Countries(int violations) => JsonSerializer.Serialize(new { source = "countries", rule = "known_country", action = "warn", read = 100, violations }) + "\n";
        Assert.Equal("passed", Run(Countries(5), "countries").Gate);           // mostly 95%: 5% is not above
        Assert.StartsWith("failed:", Run(Countries(6), "countries").Gate);
    }
}
