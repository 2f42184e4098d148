using Pulse.Compiler.Functions;
using Pulse.Language.Syntax;

namespace Pulse.Compiler.Binding;

public sealed class PipelineSymbol(string name, NameSyntax declaration, SyntaxTree tree, string? doc) : Symbol(name, declaration, tree, doc)
{
    public override SymbolKind Kind => SymbolKind.Pipeline;
}

/// <summary>A connection; <see cref="Environment"/> is set for an environment's override of a top-level connection.</summary>
public sealed class ConnectionSymbol(string name, NameSyntax declaration, SyntaxTree tree, string? doc, ConnectionDeclarationSyntax syntax, EnvironmentSymbol? environment)
    : Symbol(name, declaration, tree, doc)
{
    public override SymbolKind Kind => SymbolKind.Connection;
    public ConnectionDeclarationSyntax Syntax { get; } = syntax;

    /// <summary><c>postgres elasticsearch kafka http</c>.</summary>
    public string ConnectionKind => Syntax.Kind.Text;
    public EnvironmentSymbol? Environment { get; } = environment;

    /// <summary>For an environment's override: the top-level connection it replaces.</summary>
    public ConnectionSymbol? Overrides { get; internal set; }

    public override string KindText => $"{ConnectionKind} connection";
}

public sealed class EnvironmentSymbol(string name, NameSyntax declaration, SyntaxTree tree, string? doc, EnvironmentDeclarationSyntax syntax)
    : Symbol(name, declaration, tree, doc)
{
    public override SymbolKind Kind => SymbolKind.Environment;
    public EnvironmentDeclarationSyntax Syntax { get; } = syntax;
}

public sealed class SinkSymbol(string name, NameSyntax declaration, SyntaxTree tree, string? doc, SinkDeclarationSyntax syntax)
    : Symbol(name, declaration, tree, doc)
{
    public override SymbolKind Kind => SymbolKind.Sink;
    public SinkDeclarationSyntax Syntax { get; } = syntax;
    public string SinkKind => Syntax.Kind.Text;

    /// <summary>The relation written, once bound (null when the spec names none or an unknown one).</summary>
    public RelationSymbol? From { get; internal set; }

    public override string KindText => $"{SinkKind} sink";
}

public sealed class TestSymbol(string name, NameSyntax declaration, SyntaxTree tree, string? doc, TestDeclarationSyntax syntax)
    : Symbol(name, declaration, tree, doc)
{
    public override SymbolKind Kind => SymbolKind.Test;
    public TestDeclarationSyntax Syntax { get; } = syntax;
}

/// <summary>The <c>as g</c> name of a relation inside one view.</summary>
public sealed class AliasSymbol(string name, NameSyntax declaration, SyntaxTree tree, RelationSymbol relation)
    : Symbol(name, declaration, tree, relation.Doc)
{
    public override SymbolKind Kind => SymbolKind.Alias;
    public RelationSymbol Relation { get; } = relation;
    public override string ToString() => $"alias {Name} for {Relation.KindText} {Relation.Name}";
}

/// <summary>A built-in function from <see cref="FunctionCatalog"/>.</summary>
public sealed class FunctionSymbol : Symbol
{
    private static readonly Dictionary<string, FunctionSymbol> Instances =
        FunctionCatalog.All.ToDictionary(f => f.Name, f => new FunctionSymbol(f), StringComparer.Ordinal);

    private FunctionSymbol(FunctionDefinition definition) : base(definition.Name, null, null, definition.Doc) => Definition = definition;

    public override SymbolKind Kind => SymbolKind.Function;
    public FunctionDefinition Definition { get; }
    public override string KindText => Definition.IsAggregate ? "aggregate function" : "function";
    public override string ToString() => Definition.Signature;

    public static FunctionSymbol? Find(string name) => Instances.GetValueOrDefault(name);
    public static IEnumerable<FunctionSymbol> All => Instances.Values.OrderBy(f => f.Name, StringComparer.Ordinal);
}
