using Pulse.Compiler.Types;
using Pulse.Language.Syntax;

namespace Pulse.Compiler.Binding;

public enum ColumnRole
{
    /// <summary>A schema field of a source, as read.</summary>
    InputField,
    /// <summary>A column of a source after cleaning, or of a view.</summary>
    Column,
}

/// <summary>
/// A column of a relation (or a field as read). <see cref="Owner"/> is the source or view it
/// belongs to; <see cref="Origin"/> is the column it was carried over from when it only passes a
/// value through (a cast keeps the field's identity, a view's <c>select country</c> passes its
/// input's column on), so find-references can follow one column through a pipeline.
/// </summary>
public sealed class ColumnSymbol(string name, PulseType type, RelationSymbol owner, ColumnRole role, NameSyntax? declaration, SyntaxTree? tree, string? doc, ColumnSymbol? origin)
    : Symbol(name, declaration, tree, doc ?? origin?.Doc)
{
    public override SymbolKind Kind => SymbolKind.Column;
    public PulseType Type { get; } = type;
    public RelationSymbol Owner { get; } = owner;
    public ColumnRole Role { get; } = role;
    public ColumnSymbol? Origin { get; } = origin;

    /// <summary>The first column of the chain this one carries over (itself when it computes its own value).</summary>
    public ColumnSymbol Root
    {
        get
        {
            var current = this;
            while (current.Origin is { } next) current = next;
            return current;
        }
    }

    public override string KindText => Role == ColumnRole.InputField ? "field" : "column";
    public override string ToString() => $"{KindText} {Owner.Name}.{Name}: {Type}";
}
