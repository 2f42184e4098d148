using System.Collections.Immutable;
using Pulse.Compiler.Common;
using Pulse.Language.Syntax;

namespace Pulse.Compiler.Binding;

/// <summary>
/// Binds a whole compilation. Sources and views are bound on demand and memoised, so a view can
/// read a view declared later (or in another file); a view met again while it is being bound closes
/// a cycle, which is reported once with its path (PULSE1007).
/// </summary>
internal sealed class Binder
{
    private readonly Dictionary<SourceSymbol, BoundSource> sources = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<SourceSymbol> sourcesInProgress = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<ViewSymbol, BoundView> views = new(ReferenceEqualityComparer.Instance);
    private readonly List<ViewSymbol> viewStack = [];
    private readonly HashSet<string> reportedCycles = new(StringComparer.Ordinal);

    private Binder(BindingContext context) => Context = context;

    public BindingContext Context { get; }
    public GlobalSymbols Globals => Context.Globals;

    public static BoundPipeline Bind(BindingContext context)
    {
        var binder = new Binder(context);
        return binder.BindAll();
    }

    private BoundPipeline BindAll()
    {
        var globals = Globals;
        var pipeline = OperationsBinder.BindPipeline(this);
        var connections = globals.Connections.Select(c => ConnectionBinder.Bind(this, c)).ToImmutableArray();
        var environments = globals.Environments.Select(e => ConnectionBinder.BindEnvironment(this, e)).ToImmutableArray();
        var boundSources = globals.Sources.Select(BindSource).ToImmutableArray();
        // Bind views in the order they read each other, so that binding one rarely has to bind another
        // first: the recursion stays shallow however long a chain of views is.
        foreach (var view in Lowering.DependencyOrder.Sort(globals.Views, ReadsBySyntax)) BindView(view);
        var boundViews = globals.Views.Select(v => views.GetValueOrDefault(v)).Where(v => v is not null).Select(v => v!).ToImmutableArray();
        var sinks = globals.Sinks.Select(s => SinkBinder.Bind(this, s)).ToImmutableArray();
        var schedule = OperationsBinder.BindSchedule(this);
        var deploys = OperationsBinder.BindDeploys(this);
        var tests = globals.Tests.Select(t => TestBinder.Bind(this, t)).ToImmutableArray();
        return new BoundPipeline(globals, pipeline, boundSources, boundViews, sinks, connections, environments, schedule, deploys, tests);
    }

    /// <summary>The views a view names in its steps, before binding (for the binding order only).</summary>
    private IEnumerable<ViewSymbol> ReadsBySyntax(ViewSymbol view)
    {
        foreach (var step in view.Syntax.Steps)
        {
            var name = step switch
            {
                FromStepSyntax from => from.Relation,
                JoinStepSyntax join => join.Relation,
                UnionStepSyntax union => union.Relation,
                BatchStepSyntax batch => batch.View,
                SpeedStepSyntax speed => speed.View,
                _ => null,
            };
            if (name is { IsMissing: false } && Globals.FindRelation(name.Text) is ViewSymbol read) yield return read;
        }
    }

    public BoundSource BindSource(SourceSymbol symbol)
    {
        if (sources.TryGetValue(symbol, out var bound)) return bound;
        Context.Cancellation.ThrowIfCancellationRequested();
        sourcesInProgress.Add(symbol);
        try
        {
            bound = SourceBinder.Bind(this, symbol);
        }
        finally
        {
            sourcesInProgress.Remove(symbol);
        }
        sources[symbol] = bound;
        return bound;
    }

    /// <summary>True while the source is being bound (a reference expectation pointing back at it).</summary>
    public bool IsBindingSource(SourceSymbol symbol) => sourcesInProgress.Contains(symbol);

    /// <summary>
    /// The bound view, or null when reading it from <paramref name="referencedAt"/> closes a cycle
    /// (reported there). The view's <see cref="RelationSymbol.Columns"/> are set once this returns non-null.
    /// </summary>
    public BoundView? BindView(ViewSymbol symbol, SyntaxTree? referencingTree = null, SyntaxNode? referencedAt = null)
    {
        if (views.TryGetValue(symbol, out var bound)) return bound;
        var index = viewStack.IndexOf(symbol);
        if (index >= 0)
        {
            var cycle = viewStack.Skip(index).Select(v => v.Name).Append(symbol.Name).ToList();
            var key = string.Join(",", cycle.Skip(1).OrderBy(n => n, StringComparer.Ordinal));
            if (referencingTree is not null && referencedAt is not null && reportedCycles.Add(key))
                Context.Add(BindingContext.At(referencingTree, referencedAt).ViewCycle(string.Join(" -> ", cycle)));
            return null;
        }
        Context.Cancellation.ThrowIfCancellationRequested();
        viewStack.Add(symbol);
        try
        {
            bound = ViewBinder.Bind(this, symbol);
        }
        finally
        {
            viewStack.RemoveAt(viewStack.Count - 1);
        }
        views[symbol] = bound;
        return bound;
    }

    /// <summary>
    /// Resolves a relation name (from, join, union, sink from, serving sides): reports unknown names
    /// with did-you-mean and names of sinks; records the symbol for the semantic model.
    /// </summary>
    public RelationSymbol? ResolveRelation(SyntaxTree tree, NameSyntax name)
    {
        if (name.IsMissing) return null;
        var found = Globals.FindDataflow(name.Text);
        switch (found)
        {
            case RelationSymbol relation:
                Context.Info.RecordSymbol(name, relation);
                return relation;
            case SinkSymbol sink:
                Context.Info.RecordSymbol(name, sink);
                Context.Add(BindingContext.At(tree, name).NotARelation(name.Text, sink.KindText));
                return null;
            default:
                Context.Add(BindingContext.At(tree, name).UnknownRelation(name.Text, DidYouMean.Suggest(name.Text, Globals.RelationNames)));
                return null;
        }
    }

    /// <summary>The columns of a relation, binding it first; null when that closes a cycle.</summary>
    public ImmutableArray<ColumnSymbol>? ColumnsOf(RelationSymbol relation, SyntaxTree tree, SyntaxNode at)
    {
        switch (relation)
        {
            case SourceSymbol source:
                BindSource(source);
                return source.Columns;
            case ViewSymbol view:
                return BindView(view, tree, at) is null ? null : view.Columns;
            default:
                return null;
        }
    }

    /// <summary>Resolves a connection reference and checks its kind.</summary>
    public ConnectionSymbol? ResolveConnection(SyntaxTree tree, NameSyntax? name, string expectedKind, string block)
    {
        if (name is null || name.IsMissing) return null;
        var connection = Globals.FindConnection(name.Text);
        if (connection is null)
        {
            Context.Add(BindingContext.At(tree, name).UnknownConnection(name.Text, DidYouMean.Suggest(name.Text, Globals.ConnectionNames)));
            return null;
        }
        Context.Info.RecordSymbol(name, connection);
        if (connection.ConnectionKind != expectedKind && Pulse.Language.Syntax.SyntaxFacts.ConnectionKinds.Contains(connection.ConnectionKind))
            Context.Add(BindingContext.At(tree, name).WrongConnectionKind(name.Text, connection.ConnectionKind, block, expectedKind));
        return connection;
    }
}
