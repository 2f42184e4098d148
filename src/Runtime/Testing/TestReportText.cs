using System.Globalization;
using System.Text;

namespace Pulse.Runtime.Testing;

/// <summary>
/// The plain-text report of a failing test: per failing view, each missing expected row paired with the
/// closest unexpected produced row and the columns where they differ ("net_revenue: expected 11.00,
/// actual 10.00"), then the missing and unexpected rows as aligned tables.
/// </summary>
public static class TestReportText
{
    public static string Describe(TestResult result)
    {
        var text = new StringBuilder();
        foreach (var outcome in result.Outcomes.Where(o => !o.Passed))
        {
            var where = $"{outcome.Origin.File}:{outcome.Origin.Line.ToString(CultureInfo.InvariantCulture)}:{outcome.Origin.Column.ToString(CultureInfo.InvariantCulture)}";
            if (outcome.Error is { } error)
            {
                text.Append("  view ").Append(outcome.View).Append(" (").Append(where).Append("): ").AppendLine(error);
                continue;
            }
            text.Append("  view ").Append(outcome.View).Append(" (").Append(where).Append("): ")
                .Append(Count(outcome.Missing.Length, "expected row")).Append(" missing, ")
                .Append(Count(outcome.Unexpected.Length, "row")).AppendLine(" not expected");
            AppendDifferences(text, outcome);
            AppendTable(text, "expected but not produced", outcome.Missing);
            AppendTable(text, "produced but not expected", outcome.Unexpected);
        }
        return text.ToString();
    }

    private static void AppendDifferences(StringBuilder text, TestOutcome outcome)
    {
        var candidates = outcome.Unexpected.Where(r => !r.Cells.IsEmpty).ToList();
        foreach (var missing in outcome.Missing.Where(r => !r.Cells.IsEmpty))
        {
            if (candidates.Count == 0) break;
            var closest = candidates.MaxBy(c => missing.Cells.Count(m => c.Cells.Any(a => a.Column == m.Column && a.Value == m.Value)))!;
            candidates.Remove(closest);
            var differences = missing.Cells
                .Select(m => (m.Column, Expected: m.Value, Actual: closest.Cells.FirstOrDefault(a => a.Column == m.Column)?.Value))
                .Where(d => d.Expected != d.Actual).ToList();
            text.AppendLine("    closest produced row differs in:");
            foreach (var d in differences)
                text.Append("      ").Append(d.Column).Append(": expected ").Append(d.Expected).Append(", actual ").AppendLine(d.Actual ?? "(no such column)");
        }
    }

    private static void AppendTable(StringBuilder text, string title, IReadOnlyList<DiffRow> rows)
    {
        if (rows.Count == 0) return;
        text.Append("    ").Append(title).AppendLine(":");
        if (rows.Any(r => r.Cells.IsEmpty))
        {
            foreach (var row in rows) text.Append("      ").AppendLine(row.Text);
            return;
        }
        var columns = rows.SelectMany(r => r.Cells.Select(c => c.Column)).Distinct().ToList();
        var cells = rows.Select(r => columns.Select(c => r.Cells.FirstOrDefault(x => x.Column == c)?.Value ?? "").ToList()).ToList();
        var widths = columns.Select((c, i) => Math.Max(c.Length, cells.Max(r => r[i].Length))).ToList();
        string Line(IReadOnlyList<string> values) => "      " + string.Join(" | ", values.Select((v, i) => v.PadRight(widths[i]))).TrimEnd();
        text.AppendLine(Line(columns));
        text.AppendLine("      " + string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in cells) text.AppendLine(Line(row));
    }

    private static string Count(int count, string noun) => $"{count.ToString(CultureInfo.InvariantCulture)} {noun}{(count == 1 ? "" : "s")}";
}
