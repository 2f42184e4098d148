using Pulse.Language.Syntax;
using Pulse.Lsp.Analysis;

namespace Pulse.Lsp.Navigation;

/// <summary>What a symbol is, for hover, completion kinds and rename rules.</summary>
public enum SymbolCategory { Source, View, Sink, Connection, Environment, Pipeline, Test, Column, Alias, Expectation }

/// <summary>
/// Something with a name and one place that declares it. Identity is by reference: every name
/// that resolves to the same instance refers to the same thing (what references and rename use).
/// </summary>
public sealed class PulseSymbol
{
    public PulseSymbol(string name, SymbolCategory category, DocumentAnalysis file, NameSyntax? declarationName, SyntaxNode declaration)
    {
        Name = name;
        Category = category;
        File = file;
        DeclarationName = declarationName;
        Declaration = declaration;
    }

    public string Name { get; }
    public SymbolCategory Category { get; }
    public DocumentAnalysis File { get; }
    /// <summary>The name that declares the symbol (a schema field's name, a derive's target, ...); null for implicit columns (<c>window_start</c>).</summary>
    public NameSyntax? DeclarationName { get; }
    /// <summary>The whole declaring node (declaration, field, assignment, select item, alias, ...).</summary>
    public SyntaxNode Declaration { get; }

    /// <summary>For columns: the declared or cast type as written (<c>decimal(10, 4)</c>, <c>int?</c>); null when it must be inferred.</summary>
    public string? TypeText { get; init; }
    /// <summary>For columns computed by an expression: that expression.</summary>
    public ExpressionSyntax? Expression { get; init; }
    /// <summary>Where a column comes from, in words: "schema field of source `gapminder`".</summary>
    public string? Origin { get; init; }
    public string? Doc { get; init; }
    /// <summary>For aliases: the relation they stand for.</summary>
    public PulseSymbol? Target { get; init; }
    /// <summary>For sources, views, sinks and connections: the kind word (<c>csv</c>, <c>batch</c>, <c>postgres</c>).</summary>
    public string? KindText { get; init; }

    public override string ToString() => $"{Category} {Name}";
}

/// <summary>A column visible at some step: the symbol, its current type text and the qualifier that reaches it (an alias or relation name).</summary>
public sealed record ScopeColumn(string Name, PulseSymbol Symbol, string? TypeText, string? Qualifier)
{
    /// <summary>What the qualifier names: the alias symbol, or the relation when it has no alias.</summary>
    public PulseSymbol? QualifierSymbol { get; init; }
}
