using Pulse.Targets.Tests.Fixtures;
using Pulse.Compiler.Ir;
using Pulse.Targets.Common;
using Pulse.Targets.Infra;

namespace Pulse.Targets.Tests.Infra;

/// <summary>
/// Golden files of every file the infra target writes for the examples with a deploy block
/// (tests/Targets.Tests/Baselines/&lt;example&gt;/infra/...). PULSE_UPDATE_BASELINES=1 rewrites them.
/// </summary>
public class InfraBaselineTests
{
    public static TheoryData<string> ExampleNames => new() { "world-hunger", "product-search" };

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public void Every_generated_file_matches_its_baseline(string example)
    {
        var files = new InfraTarget().Emit(InfraTestSupport.Example(example), TargetOptions.Default);
        Assert.NotEmpty(files);
        // Generated C# is stored as .cs.txt so the test project does not compile it.
        var failures = files.Select(f => InfraTestSupport.CompareBaseline(
                $"{example}/{f.RelativePath}{(f.RelativePath.EndsWith(".cs", StringComparison.Ordinal) ? ".txt" : "")}", f.Content))
            .OfType<string>().ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The hostile spec's artifacts, kept as golden files so a reviewer sees exactly how each name is escaped.</summary>
    [Fact]
    public void The_hostile_spec_matches_its_baseline()
    {
        var files = new InfraTarget().Emit(InfraTestSupport.HostileSpec(), TargetOptions.Default);
        Assert.Equal(16, files.Count);   // two deploy blocks
        var failures = files.Select(f => InfraTestSupport.CompareBaseline(
                $"hostile-infra/{f.RelativePath}{(f.RelativePath.EndsWith(".cs", StringComparison.Ordinal) ? ".txt" : "")}", f.Content))
            .OfType<string>().ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public void Emitting_twice_gives_identical_files(string example)
    {
        var first = new InfraTarget().Emit(InfraTestSupport.Example(example), TargetOptions.Default);
        var second = new InfraTarget().Emit(InfraTestSupport.Example(example), TargetOptions.Default);
        Assert.Equal(first, second);
    }

    /// <summary>
    /// The hand-built IR in Fixtures/InfraFixtures.cs (the base of the hostile and variant cases) must
    /// stay what the front end produces for the examples: same artifacts, byte for byte.
    /// </summary>
    [Theory]
    [InlineData("world-hunger")]
    [InlineData("product-search")]
    public void The_hand_built_fixtures_match_the_compiled_examples(string example)
    {
        var compiled = InfraTestSupport.Example(example);
        var fixture = example == "world-hunger" ? InfraFixtures.WorldHunger() : InfraFixtures.ProductSearch();
        fixture = fixture with { Deployments = [fixture.Deployments[0] with { Origin = compiled.Deployments[0].Origin }] };
        Assert.Equal(new InfraTarget().Emit(compiled, TargetOptions.Default), new InfraTarget().Emit(fixture, TargetOptions.Default));
    }

    [Fact]
    public void Each_deploy_block_gets_the_stack_the_json_the_project_and_the_monitoring_files()
    {
        var paths = new InfraTarget().Emit(InfraTestSupport.Example("world-hunger"), TargetOptions.Default).Select(f => f.RelativePath).ToList();
        Assert.Equal(
        [
            "infra/prod/cdktf/Pulse.Infra.csproj",
            "infra/prod/cdktf/Program.cs",
            "infra/prod/cdktf/cdktf.json",
            "infra/prod/cdktf/NuGet.config",
            "infra/prod/cdktf/Directory.Build.props",
            "infra/prod/terraform/main.tf.json",
            "infra/prod/monitoring/grafana-dashboard.json",
            "infra/prod/monitoring/prometheus-rules.yaml",
        ], paths);
    }

    [Theory]
    [InlineData(Cloud.Azure, "db-custom-2-7680", "PULSE4401")]
    [InlineData(Cloud.Gcp, "GP_Standard_D2s_v3", "PULSE4401")]
    public void A_postgres_tier_of_the_other_cloud_is_a_target_error(Cloud cloud, string tier, string code)
    {
        var pipeline = InfraTestSupport.Example("world-hunger");
        var deploy = pipeline.Deployments[0] with { Cloud = cloud, Postgres = new PostgresDeployIr(tier, false, 7), Origin = new Origin("world-hunger.pulse", 247, 1, 0, 6) };
        var error = Assert.Throws<TargetException>(() => new InfraTarget().Emit(pipeline with { Deployments = [deploy] }, TargetOptions.Default));
        Assert.Equal(code, error.Code);
        Assert.Contains(tier, error.Message);
        Assert.Equal("world-hunger.pulse(247,1)", error.Origin.ToString());
        Assert.NotEmpty(error.Hint);
    }

    [Fact]
    public void Elasticsearch_memory_must_be_a_kubernetes_quantity()
    {
        var pipeline = InfraTestSupport.Example("product-search");
        var deploy = pipeline.Deployments[0] with { Elasticsearch = new ElasticsearchDeployIr(3, "8 gigs", true) };
        var error = Assert.Throws<TargetException>(() => new InfraTarget().Emit(pipeline with { Deployments = [deploy] }, TargetOptions.Default));
        Assert.Equal("PULSE4402", error.Code);
    }

    [Theory]
    [InlineData("prod", new[] { "infra/prod/" })]
    [InlineData("staging", new[] { "infra/staging/" })]
    [InlineData("local", new[] { "infra/prod/", "infra/staging/" })]
    public void Only_the_compiled_environment_is_written_when_it_has_a_deploy_block(string environment, string[] folders)
    {
        var pipeline = InfraTestSupport.Example("world-hunger");
        var staging = pipeline.Deployments[0] with { Environment = "staging", Region = "northeurope" };
        pipeline = pipeline with { Environment = environment, Deployments = [.. pipeline.Deployments, staging] };
        var written = new InfraTarget().Emit(pipeline, TargetOptions.Default)
            .Select(f => string.Join('/', f.RelativePath.Split('/').Take(2)) + "/").Distinct().ToArray();
        Assert.Equal(folders, written);
    }

    [Fact]
    public void An_env_name_that_cannot_be_an_environment_variable_is_a_target_error()
    {
        var pipeline = InfraTestSupport.Example("product-search");
        var inventory = pipeline.Connections.Single(c => c.Name == "inventory");
        var bad = inventory with { Settings = inventory.Settings.SetItem("url", new EnvSetting("INVENTORY DB ${URL}")) };
        var error = Assert.Throws<TargetException>(() => new InfraTarget().Emit(
            pipeline with { Connections = pipeline.Connections.Replace(inventory, bad) }, TargetOptions.Default));
        Assert.Equal("PULSE4403", error.Code);
        Assert.Equal(inventory.Origin, error.Origin);
    }

    [Fact]
    public void A_pipeline_without_deploy_blocks_gets_no_infra()
    {
        var pipeline = InfraTestSupport.Example("world-hunger") with { Deployments = [] };
        Assert.Empty(new InfraTarget().Emit(pipeline, TargetOptions.Default));
    }
}
