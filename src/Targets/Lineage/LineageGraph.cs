using System.Collections.Immutable;
using Pulse.Compiler.Ir;

namespace Pulse.Targets.Lineage;

/// <summary>
/// The picture-ready form of a pipeline's lineage: table nodes with their columns, table edges, and
/// column edges. Built once from the IR; the Mermaid, DOT and HTML emitters only read it.
/// </summary>
public sealed record LineageGraph(string Pipeline, ImmutableArray<GraphTable> Tables, ImmutableArray<LineageEdge> Edges,
    ImmutableArray<ColumnLineage> ColumnEdges)
{
    public static LineageGraph From(PipelineIr ir)
    {
        var tables = ir.Lineage.Nodes.Select(node => new GraphTable(node.Name, node.Kind, node.Detail, ColumnsOf(ir, node))).ToImmutableArray();
        return new LineageGraph(ir.Name, tables, ir.Lineage.Edges, ir.Lineage.Columns);
    }

    private static ImmutableArray<GraphColumn> ColumnsOf(PipelineIr ir, LineageNode node)
    {
        var schema = node.Kind switch
        {
            LineageNodeKind.Source => ir.FindSource(node.Name)?.Schema,
            LineageNodeKind.View => ir.FindView(node.Name)?.Schema,
            _ => ir.Sinks.FirstOrDefault(s => s.Name == node.Name)?.Schema,
        };
        return schema is null ? [] : schema.Columns.Select(c => new GraphColumn(c.Name, c.Type.ToString())).ToImmutableArray();
    }
}

public sealed record GraphTable(string Name, LineageNodeKind Kind, string Detail, ImmutableArray<GraphColumn> Columns);

public sealed record GraphColumn(string Name, string Type);
