using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Semantics;
using Pulse.Language.Diagnostics;
using Pulse.Language.Text;
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
    private const string Spec = "tests/Targets.Tests/Consumers/Specs/clicks-rollup.pulse";

    private static PipelineIr Lower(string extra = "")
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, Spec)) + extra;
        var compilation = Compilation.Create([new SourceText(Spec, text)], new FileSystemSpecLoader(RepoPaths.Root));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return compilation.Lower("test");
    }

    private static string Program(IReadOnlyList<GeneratedFile> files, string view) => files.Single(f => f.RelativePath == $"spark/{view}/Program.cs").Content;

    /// <summary>Every call as <c>Method(literal, ...)</c>, non-literal arguments as <c>_</c> (as SparkJobBehaviourTests reads jobs).</summary>
    private static List<string> Calls(string program) =>
        CSharpSyntaxTree.ParseText(program).GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Select(i => (i.Expression switch { MemberAccessExpressionSyntax m => m.Name.Identifier.ValueText, IdentifierNameSyntax n => n.Identifier.ValueText, _ => "?" })
                + "(" + string.Join(", ", i.ArgumentList.Arguments.Select(a => a.Expression is LiteralExpressionSyntax l ? l.Token.Text : "_")) + ")")
            .ToList();

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
        const string shifted = """

            speed view shifted {
              from minute_views
              derive later = date_trunc("hour", window_end)
              window tumbling 1h on {0}
              group by page {
                minutes = count()
              }
            }
            """;
        // pulse check refuses it first (PULSE3036) ...
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, Spec)) + shifted.Replace("{0}", "later", StringComparison.Ordinal);
        var errors = Compilation.Create([new SourceText(Spec, text)], new FileSystemSpecLoader(RepoPaths.Root)).GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Code).ToList();
        Assert.Equal(["PULSE3036"], errors);

        // ... and the target refuses the IR it would get (the accepted view on window_end, its window moved to later).
        var ir = Lower(shifted.Replace("{0}", "window_end", StringComparison.Ordinal));
        ir = ir with { Views = [.. ir.Views.Select(v => v.Name == "shifted" ? v with { Root = WindowOn(v.Root, "later") } : v)] };
        var error = Assert.Throws<TargetException>(() => new SparkTarget().Emit(ir, TargetOptions.Default));
        Assert.Equal("PULSE4403", error.Code);
        Assert.Contains("speed view shifted cannot be a Spark streaming job: it windows on later, but the rows of minute_views are windows", error.Message);
        Assert.Contains("window on window_end of minute_views", error.Hint);
    }

    private static RelNode WindowOn(RelNode node, string column) => node switch
    {
        AggregateNode { Window: { } window } aggregate => aggregate with { Window = window with { TimeColumn = column } },
        ProjectNode project => project with { Input = WindowOn(project.Input, column) },
        FilterNode filter => filter with { Input = WindowOn(filter.Input, column) },
        _ => throw new InvalidOperationException($"no window under {node.GetType().Name}"),
    };
}
