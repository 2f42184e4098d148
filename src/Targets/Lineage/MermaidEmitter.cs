using System.Text;
using Pulse.Compiler.Ir;

namespace Pulse.Targets.Lineage;

/// <summary>
/// Writes the lineage as a Mermaid flowchart. Node ids are generated (n0, n1, ...) so that no spec
/// name can break the syntax; names appear only inside quoted labels, with Mermaid's entity escapes.
/// </summary>
public static class MermaidEmitter
{
    public static string Emit(LineageGraph graph, bool columns = false)
    {
        var ids = graph.Tables.Select((t, i) => (t.Name, Id: $"n{i}")).ToDictionary(p => p.Name, p => p.Id);
        var text = new StringBuilder();
        text.Append("flowchart LR\n");
        foreach (var table in graph.Tables)
        {
            var label = new StringBuilder(Escape(table.Name)).Append("<br/><i>").Append(Escape(table.Detail)).Append("</i>");
            if (columns)
                foreach (var column in table.Columns)
                    label.Append("<br/>").Append(Escape(column.Name)).Append(": ").Append(Escape(column.Type));
            var (open, close) = table.Kind switch
            {
                LineageNodeKind.Source => ("[(", ")]"),
                LineageNodeKind.Sink => ("[/", "/]"),
                _ => ("[", "]"),
            };
            text.Append("  ").Append(ids[table.Name]).Append(open).Append('"').Append(label).Append('"').Append(close).Append('\n');
        }
        foreach (var edge in graph.Edges)
            if (ids.TryGetValue(edge.From, out var from) && ids.TryGetValue(edge.To, out var to))
                text.Append("  ").Append(from).Append(" --> ").Append(to).Append('\n');
        foreach (var kind in new[] { LineageNodeKind.Source, LineageNodeKind.View, LineageNodeKind.Sink })
        {
            var members = graph.Tables.Where(t => t.Kind == kind).Select(t => ids[t.Name]).ToList();
            if (members.Count > 0)
                text.Append("  class ").Append(string.Join(',', members)).Append(' ').Append(kind.ToString().ToLowerInvariant()).Append('\n');
        }
        text.Append("  classDef source fill:#e8f1fb,stroke:#2b6cb0\n");
        text.Append("  classDef view fill:#eefaf0,stroke:#2f855a\n");
        text.Append("  classDef sink fill:#fdf3e7,stroke:#c05621\n");
        return text.ToString();
    }

    /// <summary>Mermaid labels accept HTML entities; escaping every character that has meaning to Mermaid or HTML keeps any name inert.</summary>
    private static string Escape(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) || c is ' ' or '_' or '-' or '.' or ',' or ':' or '(' or ')' or '/') result.Append(c);
            else result.Append("#").Append((int)c).Append(';');
        }
        return result.ToString();
    }
}
