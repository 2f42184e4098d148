using System.Collections.Immutable;
using Pulse.Compiler.Types;
using Pulse.Language.Syntax;
using Pulse.Language.Text;

namespace Pulse.Compiler.Binding;

/// <summary>A column visible at a position, as an expression there would see it (a left join's right side is nullable).</summary>
public sealed record VisibleColumn(string Name, string? Qualifier, PulseType Type, ColumnSymbol Symbol);

/// <summary>
/// The columns and aliases visible inside one step (a view step, a clean step, a sink's column list, a
/// test row). A view step's record keeps the (immutable) scope and converts it only when asked: every
/// step of every view is recorded on each check, and only the language server ever reads a few of them.
/// </summary>
internal sealed class ScopeRecord
{
    private readonly RelationScope? scope;
    private readonly Func<ImmutableArray<VisibleColumn>>? lazyColumns;
    private ImmutableArray<VisibleColumn> columns;
    private ImmutableArray<AliasSymbol> aliases;

    public ScopeRecord(SyntaxTree tree, TextSpan span, ImmutableArray<VisibleColumn> columns, ImmutableArray<AliasSymbol> aliases)
    {
        Tree = tree;
        Span = span;
        this.columns = columns;
        this.aliases = aliases;
    }

    /// <summary>Columns and aliases computed on first use (from a snapshot the caller takes).</summary>
    public ScopeRecord(SyntaxTree tree, TextSpan span, Func<ImmutableArray<VisibleColumn>> columns)
    {
        Tree = tree;
        Span = span;
        lazyColumns = columns;
        aliases = [];
    }

    /// <summary>The columns (bare names, with their qualifiers) and aliases of a view's scope, converted on first use.</summary>
    public ScopeRecord(SyntaxTree tree, TextSpan span, RelationScope scope)
    {
        Tree = tree;
        Span = span;
        this.scope = scope;
    }

    public SyntaxTree Tree { get; }
    public TextSpan Span { get; }

    // Both conversions are pure: two threads racing compute equal arrays, and either one is kept.
    public ImmutableArray<VisibleColumn> Columns => columns.IsDefault
        ? columns = lazyColumns?.Invoke() ?? scope!.Columns.Select(c => new VisibleColumn(c.BareName, c.Qualifier, c.Type, c.Symbol)).ToImmutableArray()
        : columns;

    public ImmutableArray<AliasSymbol> Aliases => aliases.IsDefault
        ? aliases = scope!.Aliases.Values.OrderBy(a => a.Name, StringComparer.Ordinal).ToImmutableArray()
        : aliases;
}

/// <summary>
/// What binding learnt about the syntax, for the semantic model: the symbol each name refers to (or
/// declares), the type of each expression, and the scopes for completion. Written during binding,
/// read-only afterwards.
/// </summary>
internal sealed class SemanticInfo(int expectedTokens = 0)
{
    // Sized from the token count (measured on generated specs: a name per 3.8 tokens, a declaration per
    // 8.7, a typed expression per 6.4), so a large file does not grow them a dozen times on every check.
    private readonly Dictionary<SyntaxNode, Symbol> symbols = new(expectedTokens / 3, ReferenceEqualityComparer.Instance);
    private readonly Dictionary<SyntaxNode, Symbol> declarations = new(expectedTokens / 6, ReferenceEqualityComparer.Instance);
    private readonly Dictionary<SyntaxNode, PulseType> types = new(expectedTokens / 5, ReferenceEqualityComparer.Instance);
    private readonly Dictionary<SyntaxTree, List<ScopeRecord>> scopes = new(ReferenceEqualityComparer.Instance);

    public void RecordSymbol(SyntaxNode node, Symbol symbol) => symbols[node] = symbol;

    public void RecordDeclaration(SyntaxNode node, Symbol symbol)
    {
        declarations[node] = symbol;
        if (symbol.Declaration is { } name) symbols.TryAdd(name, symbol);
    }

    public void RecordType(SyntaxNode node, PulseType type) => types[node] = type;

    public void RecordScope(ScopeRecord scope)
    {
        if (!scopes.TryGetValue(scope.Tree, out var list)) scopes[scope.Tree] = list = [];
        list.Add(scope);
    }

    public Symbol? SymbolOf(SyntaxNode node) => symbols.GetValueOrDefault(node);
    public Symbol? DeclaredBy(SyntaxNode node) => declarations.GetValueOrDefault(node);
    public PulseType? TypeOf(SyntaxNode node) => types.TryGetValue(node, out var type) ? type : null;

    /// <summary>The innermost (shortest) recorded scope containing the position; a position at a scope's end still counts.</summary>
    public ScopeRecord? ScopeAt(SyntaxTree tree, int position)
    {
        if (!scopes.TryGetValue(tree, out var list)) return null;
        ScopeRecord? best = null;
        foreach (var scope in list)
        {
            if (position < scope.Span.Start || position > scope.Span.End) continue;
            if (best is null || scope.Span.Length < best.Span.Length) best = scope;
        }
        return best;
    }

    /// <summary>Every name node and the symbol it refers to (declarations included).</summary>
    public IEnumerable<KeyValuePair<SyntaxNode, Symbol>> AllSymbolReferences => symbols;
}
