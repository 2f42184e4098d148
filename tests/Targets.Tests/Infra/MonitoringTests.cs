using System.Text.Json;
using Pulse.Compiler.Ir;
using Pulse.Targets.Monitoring;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Infra;

/// <summary>The Grafana dashboard and the Prometheus rules: structure, escaping, and the metric names the README promises.</summary>
public class MonitoringTests
{
    [Fact]
    public void The_dashboard_covers_lag_throughput_quarantine_and_batch_durations_of_this_pipeline()
    {
        using var doc = JsonDocument.Parse(GrafanaDashboard.Emit(InfraTestSupport.Example("world-hunger")));
        var panels = doc.RootElement.GetProperty("panels").EnumerateArray().ToList();
        var exprs = panels.SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToList();
        foreach (var metric in new[] { PulseMetrics.ConsumerLagMessages, PulseMetrics.EventsProcessed, PulseMetrics.RowsQuarantined, PulseMetrics.BatchDuration })
            Assert.Contains(exprs, e => e.Contains(metric, StringComparison.Ordinal));
        Assert.All(exprs, e => Assert.Contains("pipeline=\"world_hunger\"", e));
        Assert.Contains(exprs, e => e.Contains("sum by (source, rule)", StringComparison.Ordinal));
        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        Assert.DoesNotContain("${", doc.RootElement.GetRawText());   // embeddable in Terraform without escaping surprises
    }

    [Fact]
    public void Alert_rules_follow_the_spec_sla_lateness_and_thresholds()
    {
        var rules = AlertRules.For(InfraTestSupport.Example("world-hunger"));
        var sla = Assert.Single(rules, r => r.Alert == "PulseBatchSlaBreach");
        Assert.EndsWith("> 93600", sla.Expr);   // daily cron (86400 s) + SLA 2h (7200 s)
        var lag = Assert.Single(rules, r => r.Alert == "PulseConsumerLag");
        Assert.EndsWith("> 3900", lag.Expr);    // watermark 5m + lateness 1h
        Assert.Contains(("view", "live_food_prices"), lag.Labels);
        var quarantine = rules.Where(r => r.Alert == "PulseQuarantineRate").ToList();
        Assert.Equal(7, quarantine.Count);      // one per expectation with else quarantine (3 + 2 + 2)
        Assert.EndsWith("> 0.01", Assert.Single(quarantine, r => r.Labels.Contains(("rule", "positive_pop"))).Expr);   // mostly 99%
        Assert.Contains(rules, r => r.Alert == "PulseBatchRunFailed" && r.Expr.Contains("[1d]", StringComparison.Ordinal));
    }

    [Fact]
    public void Hostile_names_cannot_change_a_query()
    {
        var rules = AlertRules.For(InfraFixtures.Hostile(Cloud.Gcp));
        var rule = Assert.Single(rules, r => r.Alert == "PulseQuarantineRate");
        Assert.Contains("rule=\"rule \\\"one\\\" ${x}\"", rule.Expr);
        Assert.Contains("pipeline=\"na\\\"me ${bad} ünïcødé\u2028class X {} //\u0085 */\"", rule.Expr);
    }

    public static TheoryData<string> Pipelines => new() { "world-hunger", "product-search", "hostile-gcp" };

    /// <summary>A real YAML parser (PyYAML) reads the rule file back to exactly the rules we built.</summary>
    [Theory]
    [MemberData(nameof(Pipelines))]
    public void The_rule_file_is_yaml_that_reads_back_to_the_rules(string name)
    {
        var pipeline = TerraformJsonTests.Pipeline(name);
        var python = InfraTestSupport.FindOnPath("python3");
        if (python is null)
        {
            Assert.False(InfraTestSupport.IsCi, "python3 is required under CI=true");
            return;
        }
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, PrometheusRules.Emit(pipeline));
            var result = InfraTestSupport.Run(python, $"-c \"import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1], encoding='utf-8'))))\" {file}",
                Path.GetTempPath(), TimeSpan.FromMinutes(1));
            if (result.Output.Contains("No module named 'yaml'", StringComparison.Ordinal))
            {
                Assert.False(InfraTestSupport.IsCi, "python3-yaml is required under CI=true");
                return;
            }
            Assert.True(result.ExitCode == 0, result.Output);
            using var doc = JsonDocument.Parse(result.Output);
            var group = Assert.Single(doc.RootElement.GetProperty("groups").EnumerateArray());
            var read = group.GetProperty("rules").EnumerateArray().ToList();
            var expected = AlertRules.For(pipeline);
            Assert.Equal(expected.Count, read.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Alert, read[i].GetProperty("alert").GetString());
                Assert.Equal(expected[i].Expr, read[i].GetProperty("expr").GetString());
                Assert.Equal(expected[i].For, read[i].GetProperty("for").GetString());
                Assert.Equal(pipeline.Name, read[i].GetProperty("labels").GetProperty("pipeline").GetString());
            }
        }
        finally { File.Delete(file); }
    }

    /// <summary>
    /// promtool (Debian package "prometheus") parses the rule file and every PromQL expression in it.
    /// It is not in the CI image's install list, so without it this test relies on the PyYAML test above.
    /// </summary>
    [Theory]
    [MemberData(nameof(Pipelines))]
    public void Promtool_accepts_the_rule_file(string name)
    {
        var promtool = InfraTestSupport.FindOnPath("promtool");
        if (promtool is null) return;
        var file = Path.Combine(Path.GetTempPath(), $"pulse-rules-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllText(file, PrometheusRules.Emit(TerraformJsonTests.Pipeline(name)));
            var result = InfraTestSupport.Run(promtool, $"check rules {file}", Path.GetTempPath(), TimeSpan.FromMinutes(1));
            Assert.True(result.ExitCode == 0, result.Output);
            Assert.Contains($"SUCCESS: {AlertRules.For(TerraformJsonTests.Pipeline(name)).Count} rules found", result.Output);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void The_readme_documents_every_metric()
    {
        var readme = File.ReadAllText(Path.Combine(InfraTestSupport.RepoRoot, "src", "Targets", "Infra", "README.md"));
        Assert.All(PulseMetrics.All, m => Assert.Contains($"`{m.Name}`", readme));
    }

    [Fact]
    public void Yaml_strings_are_always_quoted()
    {
        var yaml = YamlWriter.Write(Pulse.Targets.Infra.Model.TfDynamic.Obj(("a", "yes"), ("b", new List<object?> { "0x10", "x: y\nz" }), ("on", 3), ("a b", true)));
        Assert.Equal("a: \"yes\"\nb:\n  - \"0x10\"\n  - \"x: y\\nz\"\n\"on\": 3\n\"a b\": true\n", yaml);
    }
}
