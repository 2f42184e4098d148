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

    /// <summary>
    /// Which kind of name the grammar expects at a position, judged from the token being typed (or,
    /// when the cursor is not inside one, the token before it): after <c>from</c>/<c>join</c>/<c>union</c>
    /// and in <c>from =</c> a relation, in <c>connection =</c> a connection, after <c>deploy</c> an
    /// environment, inside steps and rows a column.
    /// </summary>
    public CompletionContext GetCompletionContext(int position)
    {
        var token = Tree.FindToken(position);
        if (token.Span.Start >= position && position > 0) token = Tree.FindToken(position - 1);
        if (token.Parent is null) return CompletionContext.None;
        foreach (var node in token.Parent.Ancestors().Prepend(token.Parent))
        {
            switch (node)
            {
                case FromStepSyntax from when Follows(token, from.Keyword, from.Relation):
                case JoinStepSyntax join when Follows(token, join.JoinKeyword, join.Relation):
                case UnionStepSyntax union when Follows(token, union.Keyword, union.Relation):
                case BatchStepSyntax batch when Follows(token, batch.Keyword, batch.View):
                case SpeedStepSyntax speed when Follows(token, speed.Keyword, speed.View):
                case GivenSyntax given when Follows(token, given.Keyword, given.Relation):
                case ExpectedRowsSyntax expected when Follows(token, expected.Keyword, expected.View):
                    return CompletionContext.Relation;
                case DeployDeclarationSyntax deploy when Follows(token, deploy.Keyword, deploy.Name):
                    return CompletionContext.Environment;
                case PropertySyntax property when property.EqualsToken is { } equals && token.Span.Start >= equals.Span.Start && !ReferenceEquals(token, property.Name.Identifier):
                    return property.Name.Text switch
                    {
                        "from" => CompletionContext.Relation,
                        "connection" => CompletionContext.Connection,
                        _ => info.ScopeAt(Tree, position) is not null ? CompletionContext.Column : CompletionContext.None,
                    };
                case ViewStepSyntax or CleanStepSyntax or TestRowSyntax:
                    return CompletionContext.Column;
                case DeclarationSyntax:
                    return CompletionContext.None;
            }
        }
        return CompletionContext.None;
    }

    /// <summary>True when the token is the keyword itself (the cursor follows it) or inside the name after it.</summary>
    private static bool Follows(SyntaxToken token, SyntaxToken keyword, NameSyntax name) =>
        ReferenceEquals(token, keyword) || ReferenceEquals(token, name.Identifier);

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
