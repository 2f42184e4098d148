using System.Collections.Concurrent;
using Pulse.Language.Syntax;
using Pulse.Language.Text;

namespace Pulse.Compiler.Semantics;

/// <summary>
/// Parsed trees by path, shared by a compilation and the ones <see cref="Compilation.WithText"/>
/// derives from it: a file whose text did not change is not parsed again. Only a memo: a lookup
/// returns a tree only for exactly the same text.
/// </summary>
internal sealed class ParseCache
{
    private readonly ConcurrentDictionary<string, SyntaxTree> trees = new(StringComparer.Ordinal);

    public SyntaxTree Get(SourceText source)
    {
        if (trees.TryGetValue(source.Path, out var cached) && (ReferenceEquals(cached.Source, source) || cached.Source.Text == source.Text))
            return cached;
        var tree = SyntaxTree.Parse(source);
        trees[source.Path] = tree;
        return tree;
    }
}
