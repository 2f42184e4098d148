using Pulse.Compiler.Ir;

namespace Pulse.Runtime.Streaming;

/// <summary>
/// Decides whether a source's state can live per Kafka partition. That is exact only when every event of
/// a group lands in one partition: each stateful step (dedupe, unique, every windowed group by) must be
/// keyed by the source's <c>key</c> field, and cleaning must leave that field as the producer sent it
/// (a <c>trim</c> on it would put " Aden" and "Aden" in one group but two partitions).
/// </summary>
public static class PartitioningRules
{
    public static bool CanSplit(SourceIr source, IEnumerable<ViewIr> views, out string why)
    {
        var key = source.Options.KeyField;
        if (key is null) { why = "the source has no key"; return false; }
        foreach (var step in source.Steps)
        {
            var changes = step switch
            {
                RenameStep r => r.From == key,
                TextTransformStep t => t.Columns.Contains(key),
                FillStep f => f.Columns.Contains(key),
                DeriveStep d => d.Column == key,
                CastStep c => c.Column == key,
                _ => false,
            };
            if (changes) { why = $"cleaning changes the key field {key}"; return false; }
            var keyed = step switch
            {
                DedupeStep d => d.Keys.Contains(key),
                ExpectStep { Expectation.Rule: UniqueRule u } => u.Columns.Contains(key),
                _ => true,
            };
            if (!keyed) { why = $"a dedupe or unique step is not keyed by {key}"; return false; }
        }
        foreach (var view in views)
        {
            var aggregate = Find<AggregateNode>(view.Root);
            if (aggregate is null) continue;
            if (!aggregate.Keys.Any(k => k.Expr is ColumnRef column && TracesTo(aggregate.Input, column.Name, key)))
            {
                why = $"view {view.Name} does not group by the key field {key}";
                return false;
            }
        }
        why = $"every stateful step is keyed by {key}";
        return true;
    }

    private static T? Find<T>(RelNode node) where T : RelNode =>
        node as T ?? node.Inputs.Select(Find<T>).FirstOrDefault(n => n is not null);

    /// <summary>True when column <paramref name="name"/> of <paramref name="node"/>'s output is the scanned source's column <paramref name="key"/>, unchanged.</summary>
    private static bool TracesTo(RelNode node, string name, string key) => node switch
    {
        ScanNode => name == key,
        FilterNode filter => TracesTo(filter.Input, name, key),
        ProjectNode project => project.Columns.FirstOrDefault(c => c.Name == name) is { Expr: ColumnRef source } && TracesTo(project.Input, source.Name, key),
        _ => false,
    };
}
