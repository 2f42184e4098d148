namespace Pulse.Language.Syntax;

/// <summary>
/// <c>property = name "=" expr | name "{" { property } "}"</c>. Exactly one form is present:
/// a value (<see cref="EqualsToken"/> and <see cref="Value"/> set) or a nested block
/// (<see cref="OpenBrace"/>, <see cref="Properties"/>, <see cref="CloseBrace"/> set).
/// </summary>
public sealed partial class PropertySyntax(NameSyntax name, SyntaxToken? equalsToken, ExpressionSyntax? value, SyntaxToken? openBrace, SyntaxList<PropertySyntax> properties, SyntaxToken? closeBrace) : SyntaxNode
{
    public NameSyntax Name { get; } = name;
    public SyntaxToken? EqualsToken { get; } = equalsToken;
    public ExpressionSyntax? Value { get; } = value;
    public SyntaxToken? OpenBrace { get; } = openBrace;
    /// <summary>The nested properties of a block property; empty for a value property.</summary>
    public SyntaxList<PropertySyntax> Properties { get; } = properties;
    public SyntaxToken? CloseBrace { get; } = closeBrace;

    public bool IsBlock => OpenBrace is not null;

    protected override IEnumerable<object?> GetSlots() => [Name, EqualsToken, Value, OpenBrace, Properties, CloseBrace];
}
