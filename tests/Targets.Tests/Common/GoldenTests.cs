using Pulse.Targets.Common;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Common;

/// <summary>
/// Every example compiled by every target of this folder set, compared to
/// <c>Baselines/&lt;example&gt;/&lt;target folder&gt;/...</c>. Update with PULSE_UPDATE_BASELINES=1.
/// </summary>
public class GoldenTests
{
    public static readonly string[] OwnFolders = ["postgres", "elasticsearch", "kibana", "kafka"];

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public void Outputs_match_baselines(string example)
    {
        var files = Emit(example);
        Assert.NotEmpty(files);
        foreach (var file in files) Baseline.Match($"{example}/{file.RelativePath}", file.Content);
        if (Baseline.Updating) return;
        var produced = files.Select(f => $"{example}/{f.RelativePath}").ToList();
        var stale = OwnFolders.SelectMany(folder => Baseline.Stale($"{example}/{folder}", produced)).ToList();
        Assert.True(stale.Count == 0, "baselines no target produces any more: " + string.Join(", ", stale));
    }

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public void Outputs_are_byte_identical_across_runs(string example)
    {
        var first = Emit(example);
        var second = Emit(example);
        Assert.Equal(first.Select(f => f.RelativePath), second.Select(f => f.RelativePath));
        Assert.Equal(first.Select(f => f.Content), second.Select(f => f.Content));
    }

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public void Outputs_use_unix_line_endings_and_end_with_a_newline(string example)
    {
        foreach (var file in Emit(example))
        {
            Assert.DoesNotContain("\r", file.Content);
            Assert.EndsWith("\n", file.Content);
            Assert.Contains(OwnFolders, f => file.RelativePath.StartsWith(f + "/", StringComparison.Ordinal));
        }
    }

    public static TheoryData<string> ExampleNames => Examples.Names;

    public static List<GeneratedFile> Emit(string example)
    {
        var ir = Examples.Get(example);
        // The Spark and Airflow targets have their own golden tests (tests/Targets.Tests/Spark, Airflow).
        return TargetRegistry.All.Where(t => t is not (Pulse.Targets.Spark.SparkTarget or Pulse.Targets.Airflow.AirflowTarget)).SelectMany(t => t.Emit(ir, TargetOptions.Default)).ToList();
    }
}
