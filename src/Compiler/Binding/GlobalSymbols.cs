using System.Collections.Immutable;
using Pulse.Language.Diagnostics;
using Pulse.Language.Syntax;

namespace Pulse.Compiler.Binding;

/// <summary>
/// The top-level declarations of every file of a compilation, collected before anything is bound so
/// that declarations can be used before (and in other files than) where they are declared. Sources,
/// views and sinks share one namespace (they are the nodes of the lineage graph); connections,
/// environments and tests each have their own. The first declaration of a name wins; the others are
/// reported (PULSE1006) and otherwise ignored.
/// </summary>
internal sealed class GlobalSymbols
{
    private readonly Dictionary<string, Symbol> dataflow = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConnectionSymbol> connections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EnvironmentSymbol> environments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TestSymbol> tests = new(StringComparer.Ordinal);

    public List<SourceSymbol> Sources { get; } = [];
    public List<ViewSymbol> Views { get; } = [];
    public List<SinkSymbol> Sinks { get; } = [];
    public List<ConnectionSymbol> Connections { get; } = [];
    public List<EnvironmentSymbol> Environments { get; } = [];
    public List<TestSymbol> Tests { get; } = [];
    public List<(SyntaxTree Tree, ScheduleDeclarationSyntax Syntax)> Schedules { get; } = [];
    public List<(SyntaxTree Tree, DeployDeclarationSyntax Syntax)> Deploys { get; } = [];
    public List<(SyntaxTree Tree, PipelineDeclarationSyntax Syntax, PipelineSymbol Symbol)> Pipelines { get; } = [];

    /// <summary>The files in compilation order (roots first, then imports as discovered).</summary>
    public ImmutableArray<SyntaxTree> Trees { get; private set; } = [];

    public RelationSymbol? FindRelation(string name) => dataflow.GetValueOrDefault(name) as RelationSymbol;

    /// <summary>Any source, view or sink of that name.</summary>
    public Symbol? FindDataflow(string name) => dataflow.GetValueOrDefault(name);

    public ConnectionSymbol? FindConnection(string name) => connections.GetValueOrDefault(name);
    public EnvironmentSymbol? FindEnvironment(string name) => environments.GetValueOrDefault(name);

    public IEnumerable<string> RelationNames => Sources.Select(s => s.Name).Concat(Views.Select(v => v.Name)).Distinct();
    public IEnumerable<string> ConnectionNames => connections.Keys;
    public IEnumerable<string> EnvironmentNames => environments.Keys;

    public static GlobalSymbols Collect(ImmutableArray<SyntaxTree> trees, BindingContextSink sink)
    {
        var globals = new GlobalSymbols { Trees = trees };
        foreach (var tree in trees)
        {
            foreach (var declaration in tree.Root.Declarations)
            {
                globals.Declare(tree, declaration, sink);
            }
        }
        return globals;
    }

    private void Declare(SyntaxTree tree, DeclarationSyntax declaration, BindingContextSink sink)
    {
        var doc = declaration.DocComment;
        switch (declaration)
        {
            case SourceDeclarationSyntax source when !source.Name.IsMissing:
                AddDataflow(tree, new SourceSymbol(source.Name.Text, source.Name, tree, doc, source), sink, s => Sources.Add((SourceSymbol)s));
                break;
            case ViewDeclarationSyntax view when !view.Name.IsMissing:
                AddDataflow(tree, new ViewSymbol(view.Name.Text, view.Name, tree, doc, view), sink, v => Views.Add((ViewSymbol)v));
                break;
            case SinkDeclarationSyntax sinkDeclaration when !sinkDeclaration.Name.IsMissing:
                AddDataflow(tree, new SinkSymbol(sinkDeclaration.Name.Text, sinkDeclaration.Name, tree, doc, sinkDeclaration), sink, s => Sinks.Add((SinkSymbol)s));
                break;
            case ConnectionDeclarationSyntax connection when !connection.Name.IsMissing:
                var connectionSymbol = new ConnectionSymbol(connection.Name.Text, connection.Name, tree, doc, connection, null);
                if (Add(connections, tree, connectionSymbol, "connection", sink)) Connections.Add(connectionSymbol);
                sink.Declared(connection, connectionSymbol);
                break;
            case EnvironmentDeclarationSyntax environment when !environment.Name.IsMissing:
                var environmentSymbol = new EnvironmentSymbol(environment.Name.Text, environment.Name, tree, doc, environment);
                if (Add(environments, tree, environmentSymbol, "environment", sink)) Environments.Add(environmentSymbol);
                sink.Declared(environment, environmentSymbol);
                break;
            case TestDeclarationSyntax test when !test.Name.IsMissing:
                var testSymbol = new TestSymbol(test.Name.Text, test.Name, tree, doc, test);
                if (Add(tests, tree, testSymbol, "test", sink)) Tests.Add(testSymbol);
                sink.Declared(test, testSymbol);
                break;
            case ScheduleDeclarationSyntax schedule:
                Schedules.Add((tree, schedule));
                break;
            case DeployDeclarationSyntax deploy:
                Deploys.Add((tree, deploy));
                break;
            case PipelineDeclarationSyntax pipeline when !pipeline.Name.IsMissing:
                var pipelineSymbol = new PipelineSymbol(pipeline.Name.Text, pipeline.Name, tree, doc);
                Pipelines.Add((tree, pipeline, pipelineSymbol));
                sink.Declared(pipeline, pipelineSymbol);
                break;
        }
    }

    private void AddDataflow(SyntaxTree tree, Symbol symbol, BindingContextSink sink, Action<Symbol> addToList)
    {
        var declaration = symbol switch
        {
            SourceSymbol s => (SyntaxNode)s.Syntax,
            ViewSymbol v => v.Syntax,
            SinkSymbol k => k.Syntax,
            _ => throw new InvalidOperationException(),
        };
        sink.Declared(declaration, symbol);
        if (dataflow.TryGetValue(symbol.Name, out var existing))
        {
            sink.Report(BindingContext.At(tree, symbol.Declaration!).DuplicateDeclaration(symbol.KindText, symbol.Name, BindingContext.Where(existing, tree)));
            return;
        }
        dataflow[symbol.Name] = symbol;
        addToList(symbol);
    }

    private static bool Add<T>(Dictionary<string, T> table, SyntaxTree tree, T symbol, string kind, BindingContextSink sink) where T : Symbol
    {
        if (table.TryGetValue(symbol.Name, out var existing))
        {
            sink.Report(BindingContext.At(tree, symbol.Declaration!).DuplicateDeclaration(kind, symbol.Name, BindingContext.Where(existing, tree)));
            return false;
        }
        table[symbol.Name] = symbol;
        return true;
    }
}

/// <summary>Where collection reports what it finds, before the binding context exists.</summary>
internal sealed class BindingContextSink
{
    public List<Diagnostic> Diagnostics { get; } = [];
    public List<(SyntaxNode Node, Symbol Symbol)> Declarations { get; } = [];
    public void Report(Diagnostic diagnostic) => Diagnostics.Add(diagnostic);
    public void Declared(SyntaxNode node, Symbol symbol) => Declarations.Add((node, symbol));
}
