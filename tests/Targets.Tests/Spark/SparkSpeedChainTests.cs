using Pulse.Compiler.Ir;
using Pulse.Targets.Common;
using Pulse.Targets.Spark;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Spark;

/// <summary>
/// Spark streaming jobs of speed views over speed views (the consumers target's chain spec,
/// tests/Targets.Tests/Consumers/Specs/clicks-rollup.pulse): each job streams its upstream's Delta table,
/// skipping the upstream's retention deletes (a Delta stream fails on them otherwise); a windowed group by gets
/// the watermark Structured Streaming requires for append mode: none of delay over the upstream's final windows
/// (on a bound), the source's watermark plus lateness over events; a window over windows on any other column is
/// refused (PULSE4403). Every job compiles against the Microsoft.Spark surface.
/// </summary>
public class SparkSpeedChainTests
{
    private static PipelineIr Lower(string extra = "") => ClicksRollup.Lower(extra);

    private static string Program(IReadOnlyList<GeneratedFile> files, string view) => files.Single(f => f.RelativePath == $"spark/{view}/Program.cs").Content;

    private static List<string> Calls(string program) => SparkCalls.Of(program);

    [Fact]
    public void A_rollup_of_windows_streams_its_upstream_table_and_closes_its_windows_with_no_delay_on_the_bound()
    {
        var files = new SparkTarget().Emit(Lower(), TargetOptions.Default);
        var quarters = Calls(Program(files, "quarter_views"));
        Assert.Contains("ReadStream()", quarters);
        Assert.Contains("Option(\"skipChangeCommits\", \"true\")", quarters);
        Assert.Contains("View(\"minute_views\")", quarters);
        Assert.Contains("WithWatermark(\"`window_start`\", \"0 seconds\")", quarters);
        Assert.Contains("Window(_, \"900 seconds\")", quarters);
        Assert.Contains("OutputMode(\"append\")", quarters);

        // Over events (docs_clicks has no window): the source's 30 s watermark plus 2 min lateness, on the event time.
        Assert.Contains("WithWatermark(\"`ts`\", \"150 seconds\")", Calls(Program(files, "docs_per_5m")));

        // A filter of windows keeps no state: it streams its upstream, no watermark of its own.
        var busy = Calls(Program(files, "busy_quarters"));
        Assert.Contains("Option(\"skipChangeCommits\", \"true\")", busy);
        Assert.DoesNotContain(busy, c => c.StartsWith("WithWatermark(", StringComparison.Ordinal));

        // The root reads kafka with the source's watermark, once (the new watermark is only for views over views).
        var root = Calls(Program(files, "minute_views"));
        Assert.Single(root, c => c.StartsWith("WithWatermark(", StringComparison.Ordinal));
        Assert.DoesNotContain("Option(\"skipChangeCommits\", \"true\")", root);
    }

    [Fact]
    public void A_window_on_a_renamed_window_end_is_watermarked_on_the_renamed_column()
    {
        var files = new SparkTarget().Emit(Lower("""

            speed view busy_hours {
              from busy_minutes
              window tumbling 1h on minute_end
              group by page {
                minutes = count()
              }
            }
            """), TargetOptions.Default);
        Assert.Contains("WithWatermark(\"`minute_end`\", \"0 seconds\")", Calls(Program(files, "busy_hours")));
    }

    [Fact]
    public void Chained_jobs_compile_against_the_spark_api_surface()
    {
        foreach (var file in new SparkTarget().Emit(Lower(), TargetOptions.Default).Where(f => f.RelativePath.EndsWith(".cs", StringComparison.Ordinal)))
        {
            var (diagnostics, members) = SparkCompiler.Compile(file.Content);
            Assert.True(diagnostics.IsEmpty, $"{file.RelativePath}:\n{string.Join("\n", diagnostics.Take(20))}");
            var unknown = members.Where(m => !SparkApiSurface.Members.ContainsKey(m)).ToList();
            Assert.True(unknown.Count == 0, $"{file.RelativePath} uses Spark members outside SparkApiSurface: {string.Join(", ", unknown)}");
        }
    }

    [Fact]
    public void A_window_over_windows_on_a_computed_time_is_refused()
    {
        // pulse check refuses it first; the target's own refusal is the defence behind it.
        Assert.Contains(ComputedWindowTime.CheckerErrors(), d => d.Code == "PULSE3036");
        var ir = ComputedWindowTime.Ir();
        var error = Assert.Throws<TargetException>(() => new SparkTarget().Emit(ir, TargetOptions.Default));
        Assert.Equal("PULSE4403", error.Code);
        Assert.Contains("speed view shifted cannot be a Spark streaming job: it windows on later, but the rows of minute_views are windows", error.Message);
        Assert.Contains("window on window_end of minute_views", error.Hint);
    }
}
