using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Language.Syntax;

namespace Pulse.Compiler.Binding;

/// <summary>A source or a view: something a view can read and a sink can write.</summary>
public abstract class RelationSymbol(string name, NameSyntax declaration, SyntaxTree tree, string? doc) : Symbol(name, declaration, tree, doc)
{
    private ImmutableArray<ColumnSymbol> columns = [];

    /// <summary>The output columns (after cleaning for sources), in order. Empty until bound.</summary>
    public ImmutableArray<ColumnSymbol> Columns => columns;

    /// <summary>True for kafka sources and speed views.</summary>
    public abstract bool IsStream { get; }

    public ColumnSymbol? FindColumn(string name) => Columns.FirstOrDefault(c => c.Name == name);

    internal void SetColumns(ImmutableArray<ColumnSymbol> value) => columns = value;
}

public sealed class SourceSymbol(string name, NameSyntax declaration, SyntaxTree tree, string? doc, SourceDeclarationSyntax syntax)
    : RelationSymbol(name, declaration, tree, doc)
{
    private ImmutableArray<ColumnSymbol> inputFields = [];

    public override SymbolKind Kind => SymbolKind.Source;
    public SourceDeclarationSyntax Syntax { get; } = syntax;

    /// <summary>The format word (<c>csv</c>, <c>kafka</c>, ...).</summary>
    public string Format => Syntax.Format.Text;

    public override bool IsStream => Format == "kafka";

    /// <summary>The schema fields as read, before cleaning.</summary>
    public ImmutableArray<ColumnSymbol> InputFields => inputFields;

    internal void SetInputFields(ImmutableArray<ColumnSymbol> value) => inputFields = value;

    public override string KindText => $"{Format} source";
}

public sealed class ViewSymbol(string name, NameSyntax declaration, SyntaxTree tree, string? doc, ViewDeclarationSyntax syntax)
    : RelationSymbol(name, declaration, tree, doc)
{
    public override SymbolKind Kind => SymbolKind.View;
    public ViewDeclarationSyntax Syntax { get; } = syntax;

    public ViewLayer Layer => Syntax.Kind switch
    {
        ViewKind.Speed => ViewLayer.Speed,
        ViewKind.Serving => ViewLayer.Serving,
        _ => ViewLayer.Batch,
    };

    public override bool IsStream => Layer == ViewLayer.Speed;

    public override string KindText => $"{Layer.ToString().ToLowerInvariant()} view";
}
