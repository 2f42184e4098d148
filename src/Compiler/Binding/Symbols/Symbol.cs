using Pulse.Language.Syntax;
using Pulse.Language.Text;

namespace Pulse.Compiler.Binding;

public enum SymbolKind { Pipeline, Connection, Environment, Source, View, Sink, Test, Column, Alias, Function }

/// <summary>Where a symbol is declared: the file's tree and the span of the declared name.</summary>
public sealed record SymbolLocation(SyntaxTree Tree, TextSpan Span)
{
    public string Path => Tree.Source.Path;
    public LinePosition Start => Tree.Source.GetPosition(Span.Start);
    public override string ToString() => $"{Path}({Start.Line + 1},{Start.Character + 1})";
}

/// <summary>
/// Something a name in a spec can refer to. Every declared symbol knows the <see cref="NameSyntax"/>
/// that declares it (for go-to-definition and rename) and its <c>///</c> doc comment (for hover).
/// Symbols compare by reference: two declarations are two symbols even when they share a name.
/// </summary>
public abstract class Symbol
{
    protected Symbol(string name, NameSyntax? declaration, SyntaxTree? tree, string? doc)
    {
        Name = name;
        Declaration = declaration;
        Tree = tree;
        Doc = doc;
    }

    public abstract SymbolKind Kind { get; }

    public string Name { get; }

    /// <summary>The name as written where the symbol is declared; null for built-ins (functions).</summary>
    public NameSyntax? Declaration { get; }

    /// <summary>The file the symbol is declared in; null for built-ins.</summary>
    public SyntaxTree? Tree { get; }

    /// <summary>The <c>///</c> comment of the declaration, or null.</summary>
    public string? Doc { get; }

    public SymbolLocation? Location => Declaration is null || Tree is null ? null : new SymbolLocation(Tree, Declaration.Span);

    /// <summary>How hover and messages name the symbol's kind: "source", "batch view", "column".</summary>
    public virtual string KindText => Kind.ToString().ToLowerInvariant();

    public override string ToString() => $"{KindText} {Name}";
}
