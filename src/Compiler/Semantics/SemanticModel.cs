using System.Collections.Immutable;
using Pulse.Compiler.Binding;
using Pulse.Compiler.Types;
using Pulse.Language.Syntax;
using Pulse.Language.Text;

namespace Pulse.Compiler.Semantics;

/// <summary>A place where a symbol is named: its declaration or a reference.</summary>
public sealed record SymbolReference(SyntaxTree Tree, TextSpan Span, bool IsDeclaration)
{
    public string Path => Tree.Source.Path;
    public LinePosition Start => Tree.Source.GetPosition(Span.Start);
}

/// <summary>What kind of name fits at a position (for completion).</summary>
public enum CompletionContext { None, Relation, Connection, Environment, Column }

/// <summary>
/// Questions about one file of a compilation, for the language server: which symbol a name refers
/// to, the type of an expression, what is visible at a position, and where a symbol is referenced.
/// Binding covers the whole compilation (names are global), so the model is a view onto it.
/// </summary>
public sealed class SemanticModel
{
    private readonly SemanticInfo info;

    internal SemanticModel(Compilation compilation, SyntaxTree tree, SemanticInfo info)
    {
        Compilation = compilation;
        Tree = tree;
        this.info = info;
    }

    public Compilation Compilation { get; }
    public SyntaxTree Tree { get; }

    /// <summary>
    /// The symbol a node names: for a <see cref="NameSyntax"/> (or a name expression, member access,
    /// call) what it refers to; for a declaration's name, the declared symbol.
    /// </summary>
    public Symbol? GetSymbol(SyntaxNode node) => node switch
    {
        NameExpressionSyntax name => info.SymbolOf(name.Name),
        MemberAccessExpressionSyntax member => info.SymbolOf(member.Member),
        CallExpressionSyntax call => info.SymbolOf(call.Function),
        _ => info.SymbolOf(node) ?? info.DeclaredBy(node),
    };

    /// <summary>The symbol a declaration node declares (a source, a field, a derive or select item, a group by aggregate, ...).</summary>
    public Symbol? GetDeclaredSymbol(SyntaxNode declaration) => info.DeclaredBy(declaration);

    /// <summary>The symbol named at a text position (the name under the cursor), if any.</summary>
    public Symbol? GetSymbolAt(int position)
    {
        var token = Tree.FindToken(position);
        if (!SyntaxFacts.IsName(token.Kind) && position > 0 && token.Position == position)
            token = Tree.FindToken(position - 1);
        return token.Parent is NameSyntax name ? info.SymbolOf(name) : null;
    }

    /// <summary>The type (with nullability) of an expression; null for nodes that were not bound (e.g. inside broken syntax).</summary>
    public PulseType? GetType(ExpressionSyntax expression) => info.TypeOf(expression);

    /// <summary>The columns visible at a position inside a view step, clean step, sink column list or test row.</summary>
    public ImmutableArray<VisibleColumn> GetVisibleColumns(int position) => info.ScopeAt(Tree, position)?.Columns ?? [];

    /// <summary>The relation aliases visible at a position inside a view.</summary>
    public ImmutableArray<AliasSymbol> GetVisibleAliases(int position) => info.ScopeAt(Tree, position)?.Aliases ?? [];

    /// <summary>Which kind of name the grammar expects at a position, judged from the surrounding syntax.</summary>
    public CompletionContext GetCompletionContext(int position)
    {
        var token = Tree.FindToken(position);
        if (token.Position >= position && position > 0) token = Tree.FindToken(position - 1);
        foreach (var node in token.Parent is null ? [] : token.Parent.Ancestors().Prepend(token.Parent))
        {
            switch (node)
            {
                case FromStepSyntax or JoinStepSyntax or UnionStepSyntax or BatchStepSyntax or SpeedStepSyntax or GivenSyntax or ExpectedRowsSyntax
                    when token.Parent is NameSyntax && IsRelationName(token.Parent):
                    return CompletionContext.Relation;
                case PropertySyntax property when property.Value is not null && property.Value.Span.Start <= position:
                    return property.Name.Text switch
                    {
                        "from" => CompletionContext.Relation,
                        "connection" => CompletionContext.Connection,
                        _ => info.ScopeAt(Tree, position) is not null ? CompletionContext.Column : CompletionContext.None,
                    };
                case DeployDeclarationSyntax:
                    return CompletionContext.Environment;
                case ViewStepSyntax or CleanStepSyntax or TestRowSyntax:
                    return CompletionContext.Column;
            }
        }
        return CompletionContext.None;
    }

    private static bool IsRelationName(SyntaxNode name) => name.Parent switch
    {
        FromStepSyntax from => ReferenceEquals(from.Relation, name),
        JoinStepSyntax join => ReferenceEquals(join.Relation, name),
        UnionStepSyntax union => ReferenceEquals(union.Relation, name),
        BatchStepSyntax batch => ReferenceEquals(batch.View, name),
        SpeedStepSyntax speed => ReferenceEquals(speed.View, name),
        GivenSyntax given => ReferenceEquals(given.Relation, name),
        ExpectedRowsSyntax expected => ReferenceEquals(expected.View, name),
        _ => false,
    };

    /// <summary>
    /// The symbols that fit at a position: relations after <c>from</c>/<c>join</c>/<c>union</c> and in
    /// <c>from =</c>; connections in <c>connection =</c>; environments after <c>deploy</c>; otherwise the
    /// columns, aliases and functions visible there.
    /// </summary>
    public ImmutableArray<Symbol> GetVisibleSymbols(int position)
    {
        var declared = Compilation.GetDeclaredSymbols();
        return GetCompletionContext(position) switch
        {
            CompletionContext.Relation => declared.Where(s => s is RelationSymbol).ToImmutableArray(),
            CompletionContext.Connection => declared.Where(s => s is ConnectionSymbol).ToImmutableArray(),
            CompletionContext.Environment => declared.Where(s => s is EnvironmentSymbol).ToImmutableArray(),
            CompletionContext.Column =>
            [
                .. GetVisibleColumns(position).Select(c => (Symbol)c.Symbol),
                .. GetVisibleAliases(position),
                .. FunctionSymbol.All,
            ],
            _ => [],
        };
    }

    /// <summary>
    /// Every place the symbol is named, declaration included, across all files of the compilation.
    /// A column includes the columns that carry it over under the same name (a field, the cleaned
    /// column, a view's unnamed <c>select</c> of it...), and a connection its environment overrides,
    /// so renaming one renames the chain.
    /// </summary>
    public ImmutableArray<SymbolReference> FindReferences(Symbol symbol) => References.Find(Compilation, info, symbol);
}
