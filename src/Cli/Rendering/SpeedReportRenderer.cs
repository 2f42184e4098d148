using System.Globalization;
using Pulse.Runtime.Streaming;
using Spectre.Console;

namespace Pulse.Cli.Rendering;

/// <summary>The speed layer's part of the run summary: events per stream and windows per speed view.</summary>
public static class SpeedReportRenderer
{
    public static void Render(SpeedRunResult result, IAnsiConsole console)
    {
        var streams = new Table().Title("[bold]streams (speed layer)[/]").Border(TableBorder.Rounded)
            .AddColumns("source", "topic", "partitions", "read", "malformed", "kept", "dropped", "quarantined", "offsets committed");
        foreach (var column in streams.Columns.Skip(2)) column.RightAligned();
        foreach (var s in result.Sources)
            streams.AddRow(Markup.Escape(s.Name), Markup.Escape(s.Topic), N(s.Partitions), N(s.Read), N(s.Malformed), N(s.Kept), N(s.Dropped), N(s.Quarantined), N(s.OffsetsCommitted));
        console.Write(streams);

        var views = new Table().Title("[bold]speed views[/]").Border(TableBorder.Rounded)
            .AddColumns("view", "events", "late", "late dropped", "late quarantined", "late to batch", "windows", "rows");
        foreach (var column in views.Columns.Skip(1)) column.RightAligned();
        foreach (var v in result.Views)
            views.AddRow(Markup.Escape(v.Name), N(v.Events), N(v.Late), N(v.LateDropped), N(v.LateQuarantined), N(v.LateLeftToBatch), N(v.WindowsEmitted), N(v.RowsEmitted));
        console.Write(views);
        foreach (var warning in result.Warnings) console.MarkupLine("[yellow]" + Markup.Escape(warning.ToString()) + "[/]");
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
