using System.Collections.Immutable;
using Pulse.Compiler.Binding;
using Pulse.Compiler.Ir;

namespace Pulse.Compiler.Lowering;

/// <summary>
/// The pipeline DAG and its column lineage. Nodes: sources, views and sinks in dependency order;
/// edges: what each reads (expectations' <c>references</c> included, since the referenced source
/// must be cleaned first). Column lineage is one step deep: a view's column lists the columns of the
/// relations it reads that its value comes from (through renames, derives, joins and aggregates); a
/// source's column lists the other fields it is computed from (a field passed through lists none);
/// a sink's column lists the column it writes. Following the entries gives the full path.
/// </summary>
internal static class LineageLowering
{
    public static LineageIr Lower(IReadOnlyList<BoundSource> sources, IReadOnlyList<BoundView> views, IReadOnlyList<BoundSink> sinks)
    {
        var nodes = ImmutableArray.CreateBuilder<LineageNode>();
        var edges = ImmutableArray.CreateBuilder<LineageEdge>();
        var columns = ImmutableArray.CreateBuilder<ColumnLineage>();

        foreach (var source in sources)
        {
            nodes.Add(new LineageNode(source.Symbol.Name, LineageNodeKind.Source, SourceDetail(source)));
            foreach (var referenced in source.References.Where(r => r.Name != source.Symbol.Name).Select(r => r.Name).Distinct().Order(StringComparer.Ordinal))
                edges.Add(new LineageEdge(referenced, source.Symbol.Name));
            foreach (var (column, from) in source.Lineage.Entries)
                columns.Add(new ColumnLineage(new ColumnKey(source.Symbol.Name, column), from));
        }
        foreach (var view in views)
        {
            nodes.Add(new LineageNode(view.Symbol.Name, LineageNodeKind.View, view.Symbol.KindText));
            foreach (var read in view.Reads.Select(r => r.Name).Distinct())
                edges.Add(new LineageEdge(read, view.Symbol.Name));
            foreach (var (column, from) in view.Lineage.Entries)
                columns.Add(new ColumnLineage(new ColumnKey(view.Symbol.Name, column), from));
        }
        foreach (var sink in sinks)
        {
            nodes.Add(new LineageNode(sink.Symbol.Name, LineageNodeKind.Sink, SinkDetail(sink)));
            if (sink.From is null) continue;
            edges.Add(new LineageEdge(sink.From.Name, sink.Symbol.Name));
            foreach (var column in sink.Schema.Columns)
                columns.Add(new ColumnLineage(new ColumnKey(sink.Symbol.Name, column.Name), [new ColumnKey(sink.From.Name, column.Name)]));
        }
        return new LineageIr(nodes.ToImmutable(), edges.ToImmutable(), columns.ToImmutable());
    }

    private static string SourceDetail(BoundSource source)
    {
        var p = source.Properties;
        var where = p.String("path") ?? p.String("topic") ?? p.String("table") ?? p.String("index") ?? p.String("url") ?? source.ConnectionName;
        return where is null ? source.Symbol.Format : $"{source.Symbol.Format} {where}";
    }

    private static string SinkDetail(BoundSink sink)
    {
        var p = sink.Properties;
        var where = sink.Table?.ToString() ?? p.String("index") ?? p.String("path") ?? p.String("topic");
        return where is null ? sink.Symbol.SinkKind : $"{sink.Symbol.SinkKind} {where}";
    }
}
