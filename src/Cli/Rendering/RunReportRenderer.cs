using System.Globalization;
using Pulse.Runtime.Execution;
using Spectre.Console;

namespace Pulse.Cli.Rendering;

/// <summary>The end-of-run summary: rows per layer, the accounting of every source and rule, sinks, warnings.</summary>
public static class RunReportRenderer
{
    public static void Render(RunReport report, IAnsiConsole console)
    {
        if (report.Sources.Length > 0)
        {
            var sources = new Table().Title("[bold]sources[/]").Border(TableBorder.Rounded)
                .AddColumns("source", "format", "read", "kept", "dropped", "quarantined", "warned", "seconds");
            foreach (var column in sources.Columns.Skip(2)) column.RightAligned();
            foreach (var s in report.Sources)
                sources.AddRow(Markup.Escape(s.Name), s.Format, N(s.Read), N(s.Kept), N(s.Dropped), Highlight(s.Quarantined, "yellow"), N(s.Failed), S(s.Seconds));
            console.Write(sources);

            var rules = report.Sources.SelectMany(s => s.Rules.Where(r => r.Violations > 0 || r.Outcome != RuleOutcome.Passed).Select(r => (s.Name, Rule: r))).ToList();
            if (rules.Count > 0)
            {
                var table = new Table().Title("[bold]rules with violations[/]").Border(TableBorder.Rounded)
                    .AddColumns("source", "rule", "kind", "checked", "violations", "dropped", "quarantined", "outcome");
                foreach (var column in table.Columns.Skip(3).Take(4)) column.RightAligned();
                foreach (var (source, rule) in rules)
                    table.AddRow(Markup.Escape(source), Markup.Escape(rule.Rule), rule.Kind, N(rule.Checked), N(rule.Violations), N(rule.Dropped),
                        N(rule.Quarantined), Outcome(rule.Outcome) + (rule.Detail is null ? "" : " " + Markup.Escape(rule.Detail)));
                console.Write(table);
            }
        }

        if (report.Views.Length > 0)
        {
            // The incremental column appears only when a view is incremental: most pipelines have none.
            var incremental = report.Views.Any(v => v.Incremental is not null);
            var views = new Table().Title("[bold]views[/]").Border(TableBorder.Rounded).AddColumns("view", "layer", "rows", "seconds");
            if (incremental) views.AddColumn("incremental");
            views.Columns[2].RightAligned();
            views.Columns[3].RightAligned();
            foreach (var v in report.Views)
            {
                string[] cells = [Markup.Escape(v.Name), v.Layer, N(v.Rows), S(v.Seconds)];
                views.AddRow(incremental ? [.. cells, Incremental(v.Incremental)] : cells);
            }
            console.Write(views);
        }

        if (report.Sinks.Length > 0)
        {
            var sinks = new Table().Title("[bold]sinks[/]").Border(TableBorder.Rounded).AddColumns("sink", "kind", "target", "written", "rejected", "status");
            sinks.Columns[3].RightAligned();
            sinks.Columns[4].RightAligned();
            foreach (var s in report.Sinks)
                sinks.AddRow(Markup.Escape(s.Name), s.Kind, Markup.Escape(s.Target), N(s.RowsWritten), Highlight(s.RowsRejected, "red"),
                    s.Skipped ? "[grey]skipped[/]" : s.Error is null ? "[green]ok[/]" : "[red]" + Markup.Escape(s.Error) + "[/]");
            console.Write(sinks);
        }

        foreach (var warning in report.Warnings) console.MarkupLine("[yellow]" + Markup.Escape(warning.ToString()) + "[/]");
        if (report.Error is { } error) console.MarkupLine("[red]" + Markup.Escape(error.ToString()) + "[/]");

        var quarantined = report.Sources.Sum(s => s.Quarantined);
        var status = report.Status switch
        {
            RunStatus.Succeeded => "[green]succeeded[/]",
            RunStatus.SinkFailed => "[red]published, but a sink failed[/]",
            _ => "[red]failed: nothing was published, previous outputs are unchanged[/]",
        };
        console.MarkupLine($"{Markup.Escape(report.Pipeline)} ({Markup.Escape(report.Environment)}): {status} in {S(report.Seconds)} s; " +
                           $"{N(report.Sources.Sum(s => s.Read))} rows read, {N(quarantined)} quarantined; state in {Markup.Escape(report.StateDatabase)}");
    }

    /// <summary>How an incremental view ran: in full, or from its high-water mark with what it read and changed.</summary>
    private static string Incremental(Runtime.Batch.IncrementalRun? run) => run switch
    {
        null => "",
        { Mode: Runtime.Batch.IncrementalRun.Incremental } => Markup.Escape(
            $"on {run.Column} from {run.From}: {N(run.InputRows)} input rows read, {N(run.ReplacedRows)} rows from the mark on replaced by {N(run.AddedRows)}; mark now {run.HighWater ?? "none"}"),
        _ => Markup.Escape($"on {run.Column}: computed in full; mark now {run.HighWater ?? "none"}"),
    };

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string S(double seconds) => seconds.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Highlight(long value, string color) => value == 0 ? "0" : $"[{color}]{N(value)}[/]";

    private static string Outcome(RuleOutcome outcome) => outcome switch
    {
        RuleOutcome.Passed => "[green]passed[/]",
        RuleOutcome.Warned => "[yellow]warned[/]",
        _ => "[red]failed[/]",
    };
}
