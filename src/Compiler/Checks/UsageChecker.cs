using Pulse.Compiler.Binding;

namespace Pulse.Compiler.Checks;

/// <summary>
/// Warns about declarations nothing uses (PULSE5001, PULSE5002): a source or view that no view reads,
/// no sink writes, no serving view merges and no expectation references; a connection no source or
/// sink goes through. Tests do not count as use: they check, they do not ship.
/// </summary>
internal static class UsageChecker
{
    public static void Check(BindingContext context, BoundPipeline pipeline)
    {
        var used = new HashSet<RelationSymbol>(ReferenceEqualityComparer.Instance);
        foreach (var view in pipeline.Views) used.UnionWith(view.Reads.Where(r => !ReferenceEquals(r, view.Symbol)));
        foreach (var sink in pipeline.Sinks) if (sink.From is { } from) used.Add(from);
        foreach (var source in pipeline.Sources) used.UnionWith(source.References.Where(r => !ReferenceEquals(r, source.Symbol)));

        foreach (var source in pipeline.Sources)
        {
            if (!used.Contains(source.Symbol)) context.Add(BindingContext.At(source.Symbol.Tree!, source.Symbol.Declaration!).UnusedRelation("source", source.Symbol.Name));
        }
        foreach (var view in pipeline.Views)
        {
            if (!used.Contains(view.Symbol)) context.Add(BindingContext.At(view.Symbol.Tree!, view.Symbol.Declaration!).UnusedRelation(view.Symbol.KindText, view.Symbol.Name));
        }

        var connections = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in pipeline.Sources) if (source.ConnectionName is { } name) connections.Add(name);
        foreach (var sink in pipeline.Sinks) if (sink.ConnectionName is { } name) connections.Add(name);
        foreach (var connection in pipeline.Connections)
        {
            if (!connections.Contains(connection.Symbol.Name))
                context.Add(BindingContext.At(connection.Symbol.Tree!, connection.Symbol.Declaration!).UnusedConnection(connection.Symbol.Name));
        }
    }
}
