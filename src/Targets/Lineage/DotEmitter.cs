using System.Text;
using Pulse.Compiler.Ir;

namespace Pulse.Targets.Lineage;

/// <summary>Writes the lineage as a Graphviz DOT digraph; every id and label is a quoted, escaped string.</summary>
public static class DotEmitter
{
    public static string Emit(LineageGraph graph, bool columns = false)
    {
        var text = new StringBuilder();
        text.Append("digraph ").Append(Quote(graph.Pipeline)).Append(" {\n");
        text.Append("  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=11];\n");
        foreach (var table in graph.Tables)
        {
            var (shape, color) = table.Kind switch
            {
                LineageNodeKind.Source => ("cylinder", "#2b6cb0"),
                LineageNodeKind.Sink => ("parallelogram", "#c05621"),
                _ => ("box", "#2f855a"),
            };
            var label = new StringBuilder(table.Name).Append('\n').Append(table.Detail);
            if (columns)
                foreach (var column in table.Columns)
                    label.Append('\n').Append(column.Name).Append(": ").Append(column.Type);
            text.Append("  ").Append(Quote(table.Name)).Append(" [shape=").Append(shape).Append(", color=").Append(Quote(color))
                .Append(", label=").Append(Quote(label.ToString())).Append("];\n");
        }
        foreach (var edge in graph.Edges)
            text.Append("  ").Append(Quote(edge.From)).Append(" -> ").Append(Quote(edge.To)).Append(";\n");
        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>DOT quoted string: backslash and quote escaped, newlines as \n (centred line breaks).</summary>
    public static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\r", "").Replace("\n", "\\n") + "\"";
}
