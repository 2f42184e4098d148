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
        var files = new InfraTarget().Emit(InfraTestSupport.Example(example));
        Assert.NotEmpty(files);
        var failures = files.Select(f => InfraTestSupport.CompareBaseline($"{example}/{f.RelativePath}", f.Content))
            .OfType<string>().ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public void Emitting_twice_gives_identical_files(string example)
    {
        var first = new InfraTarget().Emit(InfraTestSupport.Example(example));
        var second = new InfraTarget().Emit(InfraTestSupport.Example(example));
        Assert.Equal(first, second);
    }

    [Fact]
    public void Each_deploy_block_gets_the_stack_the_json_the_project_and_the_monitoring_files()
    {
        var paths = new InfraTarget().Emit(InfraTestSupport.Example("world-hunger")).Select(f => f.RelativePath).ToList();
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

    [Fact]
    public void A_pipeline_without_deploy_blocks_gets_no_infra()
    {
        var pipeline = InfraTestSupport.Example("world-hunger") with { Deployments = [] };
        Assert.Empty(new InfraTarget().Emit(pipeline));
    }
}
