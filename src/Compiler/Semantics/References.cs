using System.Collections.Immutable;
using Pulse.Compiler.Binding;
using Pulse.Language.Syntax;

namespace Pulse.Compiler.Semantics;

/// <summary>Find-references over the recorded name → symbol map of a compilation.</summary>
internal static class References
{
    public static ImmutableArray<SymbolReference> Find(Compilation compilation, SemanticInfo info, Symbol target)
    {
        var family = new HashSet<Symbol>(ReferenceEqualityComparer.Instance) { target };
        var root = target is ColumnSymbol column ? column.Root : target is ConnectionSymbol { Overrides: { } overridden } ? overridden : target;
        family.Add(root);
        var treeByNode = new Dictionary<SyntaxNode, SyntaxTree>(ReferenceEqualityComparer.Instance);
        var result = new List<SymbolReference>();
        var seen = new HashSet<(SyntaxTree, int)>();
        foreach (var (node, symbol) in info.AllSymbolReferences)
        {
            if (!InFamily(symbol, root, family)) continue;
            var tree = TreeOf(compilation, node);
            if (tree is null || !seen.Add((tree, node.Span.Start))) continue;
            var isDeclaration = symbol.Declaration is { } declaration && ReferenceEquals(declaration, node);
            result.Add(new SymbolReference(tree, node.Span, isDeclaration));
        }
        return result
            .OrderBy(r => r.Path, StringComparer.Ordinal)
            .ThenBy(r => r.Span.Start)
            .ToImmutableArray();
    }

    private static bool InFamily(Symbol symbol, Symbol root, HashSet<Symbol> family)
    {
        if (family.Contains(symbol)) return true;
        switch (symbol)
        {
            case ColumnSymbol column when root is ColumnSymbol:
                for (var current = column.Origin; current is not null; current = current.Origin)
                {
                    if (ReferenceEquals(current, root)) { family.Add(symbol); return true; }
                }
                return false;
            case ConnectionSymbol { Overrides: { } overridden } when ReferenceEquals(overridden, root):
                family.Add(symbol);
                return true;
            default:
                return false;
        }
    }

    private static SyntaxTree? TreeOf(Compilation compilation, SyntaxNode node)
    {
        var top = node;
        while (top.Parent is not null) top = top.Parent;
        return compilation.SyntaxTrees.FirstOrDefault(t => ReferenceEquals(t.Root, top));
    }
}
