using System.Globalization;
using System.Net;
using System.Text;
using Pulse.Compiler.Ir;

namespace Pulse.Targets.Lineage;

/// <summary>
/// Writes a self-contained HTML page (no network, no libraries) drawing the lineage as an SVG:
/// sources on the left, views by depth, sinks on the right, each table with its columns.
/// Clicking a column highlights the columns it is computed from and the columns computed from it.
/// </summary>
public static class HtmlEmitter
{
    private const int BoxWidth = 230, RowHeight = 18, HeaderHeight = 40, ColumnGap = 90, BoxGap = 28, Margin = 24;

    public static string Emit(LineageGraph graph)
    {
        var layout = Layout(graph);
        var width = layout.Values.Max(b => b.X + BoxWidth) + Margin;
        var height = layout.Values.Max(b => b.Y + b.Height) + Margin;
        var svg = new StringBuilder();
        foreach (var edge in graph.Edges)
        {
            if (!layout.TryGetValue(edge.From, out var from) || !layout.TryGetValue(edge.To, out var to)) continue;
            var (x1, y1, x2, y2) = (from.X + BoxWidth, from.Y + HeaderHeight / 2, to.X, to.Y + HeaderHeight / 2);
            var mid = (x1 + x2) / 2;
            svg.Append(Invariant($"<path class=\"edge\" d=\"M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}\"/>\n"));
        }
        foreach (var table in graph.Tables)
        {
            var box = layout[table.Name];
            var kind = table.Kind.ToString().ToLowerInvariant();
            svg.Append(Invariant($"<g class=\"table {kind}\" transform=\"translate({box.X},{box.Y})\">\n"));
            svg.Append(Invariant($"  <rect width=\"{BoxWidth}\" height=\"{box.Height}\" rx=\"6\"/>\n"));
            svg.Append(Invariant($"  <text class=\"name\" x=\"10\" y=\"18\">{Html(table.Name)}</text>\n"));
            svg.Append(Invariant($"  <text class=\"detail\" x=\"10\" y=\"33\">{Html(table.Detail)}</text>\n"));
            for (var i = 0; i < table.Columns.Length; i++)
            {
                var column = table.Columns[i];
                var id = Html(ColumnId(table.Name, column.Name));
                svg.Append(Invariant($"  <text class=\"column\" data-id=\"{id}\" x=\"10\" y=\"{HeaderHeight + 13 + i * RowHeight}\">{Html(column.Name)} <tspan class=\"type\">{Html(column.Type)}</tspan></text>\n"));
            }
            svg.Append("</g>\n");
        }

        // Column lineage as a JSON map for the script: column id -> ids it is computed from.
        var upstream = new StringBuilder("{");
        var first = true;
        foreach (var lineage in graph.ColumnEdges)
        {
            if (!first) upstream.Append(',');
            first = false;
            upstream.Append(JsonString(ColumnId(lineage.Column.Relation, lineage.Column.Column))).Append(":[");
            upstream.AppendJoin(',', lineage.From.Select(f => JsonString(ColumnId(f.Relation, f.Column))));
            upstream.Append(']');
        }
        upstream.Append('}');

        return Template
            .Replace("{{title}}", Html(graph.Pipeline))
            .Replace("{{width}}", width.ToString(CultureInfo.InvariantCulture))
            .Replace("{{height}}", height.ToString(CultureInfo.InvariantCulture))
            .Replace("{{svg}}", svg.ToString())
            .Replace("{{lineage}}", upstream.ToString());
    }

    private sealed record Box(int X, int Y, int Height);

    /// <summary>Layer = longest path from a source; the lineage nodes are already in dependency order.</summary>
    private static Dictionary<string, Box> Layout(LineageGraph graph)
    {
        var depth = new Dictionary<string, int>();
        foreach (var table in graph.Tables)
        {
            var inputs = graph.Edges.Where(e => e.To == table.Name && depth.ContainsKey(e.From)).Select(e => depth[e.From] + 1);
            depth[table.Name] = table.Kind == LineageNodeKind.Source ? 0 : inputs.DefaultIfEmpty(1).Max();
        }
        var lastLayer = depth.Values.DefaultIfEmpty(0).Max();
        foreach (var sink in graph.Tables.Where(t => t.Kind == LineageNodeKind.Sink)) depth[sink.Name] = Math.Max(depth[sink.Name], lastLayer);

        var boxes = new Dictionary<string, Box>();
        var nextY = new Dictionary<int, int>();
        foreach (var table in graph.Tables)
        {
            var layer = depth[table.Name];
            var y = nextY.GetValueOrDefault(layer, Margin);
            var height = HeaderHeight + table.Columns.Length * RowHeight + 8;
            boxes[table.Name] = new Box(Margin + layer * (BoxWidth + ColumnGap), y, height);
            nextY[layer] = y + height + BoxGap;
        }
        return boxes;
    }

    private static string ColumnId(string relation, string column) => relation + "\u001f" + column;

    private static string Html(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A JSON string safe inside a script element: also escapes &lt; so no name can close the script.</summary>
    private static string JsonString(string text)
    {
        var result = new StringBuilder("\"");
        foreach (var c in text)
        {
            if (c is '"' or '\\') result.Append('\\').Append(c);
            else if (c < 0x20 || c is '<' or '>' or '&' || c > 0x7e) result.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else result.Append(c);
        }
        return result.Append('"').ToString();
    }

    private const string Template = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>{{title}} · Pulse lineage</title>
        <style>
          body { font-family: system-ui, sans-serif; margin: 0; background: #fafafa; color: #1a202c; }
          header { padding: 12px 24px; border-bottom: 1px solid #e2e8f0; background: white; }
          header h1 { font-size: 18px; margin: 0; }
          header p { margin: 4px 0 0; color: #4a5568; font-size: 13px; }
          svg { display: block; }
          .edge { fill: none; stroke: #a0aec0; stroke-width: 1.5; }
          .table rect { fill: white; stroke-width: 1.5; }
          .source rect { stroke: #2b6cb0; } .view rect { stroke: #2f855a; } .sink rect { stroke: #c05621; }
          .name { font-weight: 600; font-size: 13px; } .detail { font-size: 11px; fill: #718096; }
          .column { font-size: 12px; cursor: pointer; } .type { fill: #a0aec0; }
          .column.selected { fill: #d53f8c; font-weight: 600; } .column.up { fill: #2b6cb0; font-weight: 600; } .column.down { fill: #c05621; font-weight: 600; }
        </style>
        </head>
        <body>
        <header><h1>{{title}}</h1><p>Sources (blue) → views (green) → sinks (orange). Click a column: blue columns feed it, orange columns are computed from it.</p></header>
        <svg xmlns="http://www.w3.org/2000/svg" width="{{width}}" height="{{height}}">
        {{svg}}</svg>
        <script>
        const upstream = {{lineage}};
        const downstream = {};
        for (const [col, froms] of Object.entries(upstream)) for (const f of froms) (downstream[f] ??= []).push(col);
        function walk(map, id, seen) { for (const next of map[id] ?? []) if (!seen.has(next)) { seen.add(next); walk(map, next, seen); } return seen; }
        document.querySelectorAll('.column').forEach(el => el.addEventListener('click', () => {
          const id = el.dataset.id, up = walk(upstream, id, new Set()), down = walk(downstream, id, new Set());
          document.querySelectorAll('.column').forEach(c => {
            c.classList.toggle('selected', c.dataset.id === id);
            c.classList.toggle('up', up.has(c.dataset.id));
            c.classList.toggle('down', down.has(c.dataset.id));
          });
        }));
        </script>
        </body>
        </html>

        """;
}
