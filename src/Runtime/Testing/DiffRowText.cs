using System.Collections.Immutable;
using System.Text.Json;
using Pulse.Compiler.Ir;

namespace Pulse.Runtime.Testing;

/// <summary>
/// Reads back the row text the speed layer's test runner reports (<c>{ name: value, … }</c> with values as
/// short JSON) into cells, so speed views get the same tables and column differences as batch views.
/// Text that does not have that shape stays a text-only row.
/// </summary>
public static class DiffRowText
{
    public static DiffRow Parse(string text, RelSchema schema)
    {
        var cells = TryParse(text);
        if (cells is null) return DiffRow.FromText(text);
        var order = schema.Columns.Select((c, i) => (c.Name, i)).ToDictionary(p => p.Name, p => p.i);
        return DiffRow.Of(cells.OrderBy(c => order.GetValueOrDefault(c.Column, int.MaxValue)));
    }

    private static List<DiffCell>? TryParse(string text)
    {
        if (!text.StartsWith("{ ", StringComparison.Ordinal) || !text.EndsWith(" }", StringComparison.Ordinal)) return null;
        var body = text[2..^2];
        var cells = new List<DiffCell>();
        var at = 0;
        while (at < body.Length)
        {
            var colon = body.IndexOf(": ", at, StringComparison.Ordinal);
            if (colon < 0) return null;
            var name = body[at..colon];
            var start = colon + 2;
            int end;
            if (start < body.Length && body[start] == '"')
            {
                end = start + 1;
                while (end < body.Length && body[end] != '"') end += body[end] == '\\' ? 2 : 1;
                if (end >= body.Length) return null;
                end++;
                try { JsonDocument.Parse(body[start..end]).Dispose(); }
                catch (JsonException) { return null; }
            }
            else
            {
                end = body.IndexOf(", ", start, StringComparison.Ordinal);
                if (end < 0) end = body.Length;
            }
            cells.Add(new DiffCell(name, body[start..end]));
            if (end == body.Length) break;
            if (!body.AsSpan(end).StartsWith(", ")) return null;
            at = end + 2;
        }
        return cells;
    }
}
