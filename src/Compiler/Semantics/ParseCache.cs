using System.Collections.Concurrent;
using Pulse.Language.Syntax;
using Pulse.Language.Text;

namespace Pulse.Compiler.Semantics;

/// <summary>
/// Parsed trees by path, shared by a compilation and the ones <see cref="Compilation.WithText"/>
/// derives from it: a file whose text did not change is not parsed again, and a file whose text did
/// change is parsed from its previous tree (<see cref="SyntaxTree.Parse(SourceText, SyntaxTree?)"/>
/// reuses the declarations before the edit). Only a memo: the trees are the same a fresh parse gives.
/// Parses of one path are serialized, so each builds on the newest tree (two parses from the same
/// tree would both take over its declarations, and the second would re-parent the first's).
/// </summary>
internal sealed class ParseCache
{
    private readonly ConcurrentDictionary<string, SyntaxTree> trees = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, object> gates = new(StringComparer.Ordinal);

    public SyntaxTree Get(SourceText source)
    {
        if (Cached(source) is { } known) return known;
        lock (gates.GetOrAdd(source.Path, _ => new object()))
        {
            if (Cached(source) is { } raced) return raced;
            trees.TryGetValue(source.Path, out var previous);
            var tree = SyntaxTree.Parse(source, previous);
            trees[source.Path] = tree;
            return tree;
        }
    }

    private SyntaxTree? Cached(SourceText source) =>
        trees.TryGetValue(source.Path, out var cached) && (ReferenceEquals(cached.Source, source) || cached.Source.Text == source.Text) ? cached : null;
}
