using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pulse.Compiler.Ir;
using Pulse.Targets.Common;
using Pulse.Targets.Consumers;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Consumers;

/// <summary>
/// Speed views over speed views in the generated services (Consumers/Specs/clicks-rollup.pulse and variations of it):
/// which services there are, which views each runs and in what order, the event-time facts each view is generated
/// with (the shift a window over windows closes on, as pulse run's SpeedViewPlanner computes it), and the shapes that
/// are still refused with PULSE4501.
/// </summary>
public class ConsumerChainTests
{
    private static PipelineIr Lower(string extra = "") => ClicksRollup.Lower(extra);

    private static IReadOnlyList<GeneratedFile> Emit(PipelineIr ir) => new ConsumersTarget().Emit(ir, TargetOptions.Default);

    private static CompilationUnitSyntax Program(IReadOnlyList<GeneratedFile> files, string root)
    {
        var text = files.Single(f => f.RelativePath == $"consumers/{root}/Program.cs").Content;
        var tree = CSharpSyntaxTree.ParseText(text);
        Assert.Empty(tree.GetDiagnostics());
        return (CompilationUnitSyntax)tree.GetRoot();
    }

    /// <summary>The ViewPlan classes of a Program.cs by view name, in declaration order, with their overridden expression-bodied properties.</summary>
    private static List<(string View, Dictionary<string, string> Properties)> Views(CompilationUnitSyntax program) =>
        [.. program.DescendantNodes().OfType<ClassDeclarationSyntax>()
            .Where(c => c.BaseList?.Types.Any(t => t.ToString() == "ViewPlan") == true)
            .Select(c => c.Members.OfType<PropertyDeclarationSyntax>().Where(p => p.ExpressionBody is not null)
                .ToDictionary(p => p.Identifier.ValueText, p => p.ExpressionBody!.Expression.ToString()))
            .Select(p => (View: p["Name"].Trim('"'), Properties: p))];

    [Fact]
    public void A_service_per_view_that_reads_the_source_runs_the_views_over_it_each_after_the_view_it_reads()
    {
        var files = Emit(Lower());
        Assert.Equal(["docs_clicks", "minute_views"], files.Select(f => f.RelativePath.Split('/')[1]).Distinct().Order(StringComparer.Ordinal));

        var minute = Views(Program(files, "minute_views"));
        Assert.Equal(["minute_views", "quarter_views", "busy_quarters", "busy_minutes"], minute.Select(v => v.View));
        Assert.False(minute[0].Properties.ContainsKey("Upstream"));
        Assert.Equal(["\"minute_views\"", "\"quarter_views\"", "\"minute_views\""], minute.Skip(1).Select(v => v.Properties["Upstream"]));
        // The quarter windows are on window_start of minute windows: 2 min lateness + 1 min size behind the watermark.
        Assert.Equal("180000000L", minute[1].Properties["WindowShiftMicros"]);
        Assert.DoesNotContain(minute, v => v.View != "quarter_views" && v.Properties.ContainsKey("WindowShiftMicros"));

        var docs = Views(Program(files, "docs_clicks"));
        Assert.Equal(["docs_clicks", "docs_per_5m"], docs.Select(v => v.View));
        // Over events (no window upstream): the source's event time and lateness, no shift.
        Assert.Equal("\"docs_clicks\"", docs[1].Properties["Upstream"]);
        Assert.False(docs[1].Properties.ContainsKey("WindowShiftMicros"));

        // The pipeline hands them to the processor in that order (it links each to the view it reads).
        var fed = Program(files, "minute_views").DescendantNodes().OfType<VariableDeclaratorSyntax>().Single(v => v.Identifier.ValueText == "views")
            .DescendantNodes().OfType<ObjectCreationExpressionSyntax>().Select(o => o.Type.ToString());
        Assert.Equal(["MinuteViewsView", "QuarterViewsView", "BusyQuartersView", "BusyMinutesView"], fed);
    }

    [Fact]
    public void Settings_give_each_view_over_the_root_its_table_in_the_one_checkpoint_database_and_its_sinks()
    {
        var settings = System.Text.Json.JsonDocument.Parse(Emit(Lower()).Single(f => f.RelativePath == "consumers/minute_views/appsettings.json").Content).RootElement;
        var postgres = settings.GetProperty("postgres");
        // quarter_views' sink names the warehouse: the whole service checkpoints there, minute_views' own table included.
        Assert.Equal("warehouse", postgres.GetProperty("connection").GetString());
        Assert.Equal("WAREHOUSE_URL", postgres.GetProperty("settings").GetProperty("url").GetProperty("env").GetString());
        Assert.Equal("minute_views", postgres.GetProperty("table").GetString());
        var downstream = settings.GetProperty("downstream").EnumerateArray().ToList();
        Assert.Equal(["quarter_views", "busy_quarters", "busy_minutes"], downstream.Select(d => d.GetProperty("view").GetString()));
        Assert.Equal(("rollup", "quarter_views", "upsert"), (downstream[0].GetProperty("schema").GetString(), downstream[0].GetProperty("table").GetString(), downstream[0].GetProperty("mode").GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, downstream[1].GetProperty("table").ValueKind);
        Assert.Equal("busy-quarters", downstream[1].GetProperty("sinks")[0].GetProperty("topic").GetString());
        Assert.Equal("append", downstream[2].GetProperty("mode").GetString());

        var docs = System.Text.Json.JsonDocument.Parse(Emit(Lower()).Single(f => f.RelativePath == "consumers/docs_clicks/appsettings.json").Content).RootElement;
        Assert.Equal("PULSE_SPEED_PG_URL", docs.GetProperty("postgres").GetProperty("settings").GetProperty("url").GetProperty("env").GetString());
    }

    [Fact]
    public void A_window_on_a_renamed_window_end_closes_on_the_watermark_minus_the_lateness()
    {
        var ir = Lower("""

            speed view busy_hours {
              from busy_minutes
              window tumbling 1h on minute_end
              group by page {
                minutes = count()
              }
            }
            """);
        var busyHours = Views(Program(Emit(ir), "minute_views")).Single(v => v.View == "busy_hours");
        Assert.Equal("\"busy_minutes\"", busyHours.Properties["Upstream"]);
        Assert.Equal("120000000L", busyHours.Properties["WindowShiftMicros"]);
    }

    [Fact]
    public void A_window_over_windows_on_a_computed_time_is_refused_as_pulse_run_refuses_it()
    {
        // pulse check refuses it first; the target's own refusal is the defence behind it.
        Assert.Contains(ComputedWindowTime.CheckerErrors(), d => d.Code == "PULSE3036");
        var ir = ComputedWindowTime.Ir();
        var error = Assert.Throws<TargetException>(() => Emit(ir));
        Assert.Equal("PULSE4501", error.Code);
        Assert.Equal("speed view shifted cannot be generated as a Kafka consumer: it windows on later, but the rows of minute_views are windows, ordered only by their bounds", error.Message);
        Assert.Contains("window on window_end of minute_views", error.Hint);
        Assert.True(error.Origin.Line > 0);
    }

    [Fact]
    public void Views_of_one_service_writing_to_two_databases_are_refused()
    {
        var ir = Lower("""

            connection archive: postgres {
              url = env("ARCHIVE_URL")
            }

            sink busy_archive: postgres {
              from = busy_minutes
              connection = archive
              table = "archive.busy_minutes"
            }
            """);
        var error = Assert.Throws<TargetException>(() => Emit(ir));
        Assert.Equal("PULSE4501", error.Code);
        Assert.Contains("speed view busy_minutes cannot be generated as a Kafka consumer: it runs in the service of minute_views, whose views write to PostgreSQL connections warehouse and archive", error.Message);
        Assert.Contains("through one connection", error.Hint);
    }

    [Fact]
    public void A_join_in_a_view_over_a_view_is_refused_naming_that_view()
    {
        var ir = Lower();
        var busy = ir.FindView("busy_minutes")!;
        var join = new JoinNode(busy.Root.Schema, busy.Root.Origin, busy.Root, busy.Root, JoinKind.Inner,
            new LiteralExpr(Compiler.Types.PulseType.Bool, "true"), [], [], null, null);
        var error = Assert.Throws<TargetException>(() => Emit(ir with { Views = [.. ir.Views.Select(v => v.Name == "busy_minutes" ? v with { Root = join } : v)] }));
        Assert.Equal("PULSE4501", error.Code);
        Assert.Contains("speed view busy_minutes", error.Message);
    }
}
