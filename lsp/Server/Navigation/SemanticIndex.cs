using System.Collections.Immutable;
using Pulse.Language.Syntax;
using Pulse.Lsp.Analysis;

namespace Pulse.Lsp.Navigation;

/// <summary>
/// Name resolution over the syntax trees of one compilation unit, for navigation and editing
/// features: declarations (relations, connections, environments, sinks, tests), aliases, and
/// columns followed through clean steps and view steps. Every resolvable name maps to a
/// <see cref="PulseSymbol"/>; the scope before each step is kept for completion.
/// Best effort by design: names that do not resolve are simply absent (the checker reports them).
/// Built in layers, on demand: the declarations at once; a relation's columns (and the scopes of its
/// steps) when asked for, which is all completion needs; every name of every file only when a
/// navigation feature asks about names. Completion after an edit thus pays for the declarations and
/// the relations around the cursor, not for resolving the whole unit. Safe to share between requests.
/// </summary>
public sealed partial class SemanticIndex
{
    private readonly Dictionary<NameSyntax, PulseSymbol> resolved = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<SyntaxNode, ImmutableArray<ScopeColumn>> scopes = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, PulseSymbol> relations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PulseSymbol> connections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PulseSymbol> environments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PulseSymbol> sinks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PulseSymbol> tests = new(StringComparer.Ordinal);
    private readonly Dictionary<PulseSymbol, ImmutableArray<ScopeColumn>> shapes = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<PulseSymbol, ImmutableArray<ScopeColumn>> rawShapes = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<PulseSymbol> inProgress = new(ReferenceEqualityComparer.Instance);
    private readonly List<PulseSymbol> allSymbols = [];
    private readonly object gate = new();
    private volatile bool resolvedAll;

    public SemanticIndex(CompilationUnit unit)
    {
        Unit = unit;
        foreach (var file in unit.Files) CollectDeclarations(file);
    }

    public CompilationUnit Unit { get; }

    public IReadOnlyDictionary<string, PulseSymbol> Relations => relations;
    public IReadOnlyDictionary<string, PulseSymbol> Connections => connections;
    public IReadOnlyDictionary<string, PulseSymbol> Environments => environments;

    /// <summary>The symbol a name refers to or declares; null when it does not resolve.</summary>
    public PulseSymbol? SymbolOf(NameSyntax name)
    {
        EnsureResolved();
        return resolved.GetValueOrDefault(name);
    }

    /// <summary>Every name (declaration included) that resolves to the symbol, in unit order.</summary>
    public IEnumerable<NameSyntax> NamesOf(PulseSymbol symbol)
    {
        EnsureResolved();
        return resolved.Where(p => ReferenceEquals(p.Value, symbol)).Select(p => p.Key);
    }

    /// <summary>The columns visible to a clean step or view step (before it runs).</summary>
    public ImmutableArray<ScopeColumn>? ScopeBefore(SyntaxNode step)
    {
        lock (gate)
        {
            if (scopes.TryGetValue(step, out var scope)) return scope;
            // Scopes are recorded while the columns of the relation the step belongs to are worked out.
            if (step.Ancestors().OfType<DeclarationSyntax>().FirstOrDefault() is { Name: { } name } declaration
                && relations.GetValueOrDefault(name.Text) is { } owner && ReferenceEquals(owner.Declaration, declaration))
                ShapeOf(owner);
            return scopes.TryGetValue(step, out scope) ? scope : null;
        }
    }

    /// <summary>The output columns of a source (after cleaning) or view.</summary>
    public ImmutableArray<ScopeColumn> ColumnsOf(PulseSymbol relation)
    {
        lock (gate) return ShapeOf(relation);
    }

    /// <summary>Resolves every name of every file, once (the shapes it needs are shared with completion's).</summary>
    private void EnsureResolved()
    {
        if (resolvedAll) return;
        lock (gate)
        {
            if (resolvedAll) return;
            foreach (var file in Unit.Files) ResolveFile(file);
            resolvedAll = true;
        }
    }

    // ---- declarations ----

    private void CollectDeclarations(DocumentAnalysis file)
    {
        foreach (var declaration in file.Tree.Root.Declarations)
        {
            if (declaration.Name is not { IsMissing: false } name) continue;
            var doc = declaration.DocComment;
            switch (declaration)
            {
                case SourceDeclarationSyntax source:
                    Declare(relations, new PulseSymbol(name.Text, SymbolCategory.Source, file, name, declaration) { Doc = doc, KindText = source.Format.Text });
                    break;
                case ViewDeclarationSyntax view:
                    Declare(relations, new PulseSymbol(name.Text, SymbolCategory.View, file, name, declaration) { Doc = doc, KindText = view.Keyword.Text });
                    break;
                case SinkDeclarationSyntax sink:
                    Declare(sinks, new PulseSymbol(name.Text, SymbolCategory.Sink, file, name, declaration) { Doc = doc, KindText = sink.Kind.Text });
                    break;
                case ConnectionDeclarationSyntax connection:
                    Declare(connections, new PulseSymbol(name.Text, SymbolCategory.Connection, file, name, declaration) { Doc = doc, KindText = connection.Kind.Text });
                    break;
                case EnvironmentDeclarationSyntax environment:
                    Declare(environments, new PulseSymbol(name.Text, SymbolCategory.Environment, file, name, declaration) { Doc = doc });
                    break;
                case TestDeclarationSyntax:
                    Declare(tests, new PulseSymbol(name.Text, SymbolCategory.Test, file, name, declaration) { Doc = doc });
                    break;
                case PipelineDeclarationSyntax:
                    Add(new PulseSymbol(name.Text, SymbolCategory.Pipeline, file, name, declaration) { Doc = doc });
                    break;
            }
        }
        // An environment's connection overrides the top-level one of the same name: it is a
        // reference to it (so rename keeps them together), or a declaration when there is none.
        foreach (var environment in file.Tree.Root.Declarations.OfType<EnvironmentDeclarationSyntax>())
            foreach (var connection in environment.Connections)
            {
                if (connection.Name.IsMissing) continue;
                if (connections.TryGetValue(connection.Name.Text, out var existing)) resolved[connection.Name] = existing;
                else Declare(connections, new PulseSymbol(connection.Name.Text, SymbolCategory.Connection, file, connection.Name, connection) { Doc = connection.DocComment, KindText = connection.Kind.Text });
            }
    }

    private void Declare(Dictionary<string, PulseSymbol> space, PulseSymbol symbol)
    {
        if (space.TryAdd(symbol.Name, symbol)) Add(symbol);
        else if (symbol.DeclarationName is { } name) resolved[name] = space[symbol.Name]; // a duplicate: the checker reports it
    }

    private PulseSymbol Add(PulseSymbol symbol)
    {
        if (symbol.DeclarationName is { } name) resolved[name] = symbol;
        allSymbols.Add(symbol);
        return symbol;
    }

    private void Refer(NameSyntax? name, PulseSymbol? symbol)
    {
        if (name is null || name.IsMissing || symbol is null) return;
        resolved.TryAdd(name, symbol);
    }

    // ---- per file ----

    private void ResolveFile(DocumentAnalysis file)
    {
        foreach (var declaration in file.Tree.Root.Declarations)
        {
            switch (declaration)
            {
                case SourceDeclarationSyntax source when relations.GetValueOrDefault(source.Name.Text) is { Category: SymbolCategory.Source } symbol
                                                         && ReferenceEquals(symbol.Declaration, source):
                    ShapeOf(symbol);
                    ResolveSettings(source.Properties, symbol);
                    break;
                case ViewDeclarationSyntax view when relations.GetValueOrDefault(view.Name.Text) is { } symbol && ReferenceEquals(symbol.Declaration, view):
                    ShapeOf(symbol);
                    break;
                case SinkDeclarationSyntax sink:
                    var from = sink.Properties.FirstOrDefault(p => p.Name.Text == "from")?.Value as NameExpressionSyntax;
                    var relation = from is null ? null : relations.GetValueOrDefault(from.Name.Text);
                    ResolveSettings(sink.Properties, relation);
                    break;
                case ConnectionDeclarationSyntax or PipelineDeclarationSyntax or ScheduleDeclarationSyntax:
                    break;
                case DeployDeclarationSyntax deploy:
                    Refer(deploy.Name, environments.GetValueOrDefault(deploy.Name.Text));
                    break;
                case TestDeclarationSyntax test:
                    ResolveTest(test);
                    break;
            }
        }
    }

    /// <summary>Settings that name a connection, a relation or columns of the relation in play.</summary>
    private void ResolveSettings(IEnumerable<PropertySyntax> properties, PulseSymbol? relation)
    {
        var columns = relation is null ? ImmutableArray<ScopeColumn>.Empty : ShapeOf(relation);
        foreach (var property in properties)
        {
            if (property.Value is null) continue;
            foreach (var name in NamesIn(property.Value))
            {
                switch (NameClassifier.Classify(name))
                {
                    case NameRole.ConnectionReference: Refer(name, connections.GetValueOrDefault(name.Text)); break;
                    case NameRole.RelationReference: Refer(name, relations.GetValueOrDefault(name.Text)); break;
                    case NameRole.ColumnReference: Refer(name, Find(columns, name.Text)?.Symbol); break;
                }
            }
        }
    }

    private void ResolveTest(TestDeclarationSyntax test)
    {
        foreach (var given in test.Givens)
        {
            var relation = relations.GetValueOrDefault(given.Relation.Text);
            Refer(given.Relation, relation);
            // Given rows are input rows: a source's schema fields, before cleaning.
            var columns = relation is null ? [] : relation.Category == SymbolCategory.Source ? RawShapeOf(relation) : ShapeOf(relation);
            foreach (var item in given.Items)
            {
                var row = item switch { TestRowSyntax r => r, TestEventSyntax e => e.Row, _ => null };
                foreach (var cell in row?.Cells ?? SyntaxList<RowCellSyntax>.Empty)
                    Refer(cell.Column, Find(columns, cell.Column.Text)?.Symbol);
            }
        }
        foreach (var expected in test.Expectations)
        {
            var relation = relations.GetValueOrDefault(expected.View.Text);
            Refer(expected.View, relation);
            var columns = relation is null ? [] : ShapeOf(relation);
            foreach (var row in expected.Rows)
                foreach (var cell in row.Cells)
                    Refer(cell.Column, Find(columns, cell.Column.Text)?.Symbol);
        }
    }

    // ---- helpers ----

    private static ScopeColumn? Find(ImmutableArray<ScopeColumn> scope, string name, string? qualifier = null)
    {
        foreach (var column in scope)
            if (column.Name == name && (qualifier is null || column.Qualifier == qualifier)) return column;
        return null;
    }

    /// <summary>Names inside an expression that are not under a member access's right side or a call's name.</summary>
    private static IEnumerable<NameSyntax> NamesIn(SyntaxNode node)
    {
        if (node is NameExpressionSyntax direct) { yield return direct.Name; yield break; }
        foreach (var descendant in node.DescendantNodes())
            if (descendant is NameExpressionSyntax expression) yield return expression.Name;
    }
}
