namespace Pulse.Language.Syntax;

/// <summary><c>type = base_type [ "?" ]</c>: one of the nodes below; a trailing <c>?</c> wraps it in <see cref="NullableTypeSyntax"/>.</summary>
public abstract class TypeSyntax : SyntaxNode
{
    /// <summary>True for <see cref="NullableTypeSyntax"/>.</summary>
    public virtual bool IsNullable => false;
}

/// <summary>
/// A plain type word: <c>string int long double bool date timestamp json</c>. Other words parse
/// too (the parser reported PULSE0108 for them) so the tree stays complete.
/// </summary>
public sealed partial class NamedTypeSyntax(NameSyntax name) : TypeSyntax
{
    public NameSyntax Name { get; } = name;

    protected override IEnumerable<object?> GetSlots() => [Name];
}

/// <summary><c>"decimal" "(" INTEGER "," INTEGER ")"</c>.</summary>
public sealed partial class DecimalTypeSyntax(SyntaxToken keyword, SyntaxToken openParen, SyntaxToken precision, SyntaxToken comma, SyntaxToken scale, SyntaxToken closeParen) : TypeSyntax
{
    public SyntaxToken Keyword { get; } = keyword;
    public SyntaxToken OpenParen { get; } = openParen;
    /// <summary>An integer token (possibly missing).</summary>
    public SyntaxToken Precision { get; } = precision;
    public SyntaxToken Comma { get; } = comma;
    public SyntaxToken Scale { get; } = scale;
    public SyntaxToken CloseParen { get; } = closeParen;

    protected override IEnumerable<object?> GetSlots() => [Keyword, OpenParen, Precision, Comma, Scale, CloseParen];
}

/// <summary><c>"list" "&lt;" type "&gt;"</c>.</summary>
public sealed partial class ListTypeSyntax(SyntaxToken keyword, SyntaxToken lessThan, TypeSyntax elementType, SyntaxToken greaterThan) : TypeSyntax
{
    public SyntaxToken Keyword { get; } = keyword;
    public SyntaxToken LessThan { get; } = lessThan;
    public TypeSyntax ElementType { get; } = elementType;
    public SyntaxToken GreaterThan { get; } = greaterThan;

    protected override IEnumerable<object?> GetSlots() => [Keyword, LessThan, ElementType, GreaterThan];
}

/// <summary><c>"record" "{" { field } "}"</c>.</summary>
public sealed partial class RecordTypeSyntax(SyntaxToken keyword, SyntaxToken openBrace, SyntaxList<FieldSyntax> fields, SyntaxToken closeBrace) : TypeSyntax
{
    public SyntaxToken Keyword { get; } = keyword;
    public SyntaxToken OpenBrace { get; } = openBrace;
    public SyntaxList<FieldSyntax> Fields { get; } = fields;
    public SyntaxToken CloseBrace { get; } = closeBrace;

    protected override IEnumerable<object?> GetSlots() => [Keyword, OpenBrace, Fields, CloseBrace];
}

/// <summary><c>base_type "?"</c>.</summary>
public sealed partial class NullableTypeSyntax(TypeSyntax elementType, SyntaxToken questionMark) : TypeSyntax
{
    public TypeSyntax ElementType { get; } = elementType;
    public SyntaxToken QuestionMark { get; } = questionMark;
    public override bool IsNullable => true;

    protected override IEnumerable<object?> GetSlots() => [ElementType, QuestionMark];
}
