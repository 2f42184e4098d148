namespace Pulse.Language.Syntax;

/// <summary><c>schema = "schema" "{" { field } "}"</c>.</summary>
public sealed partial class SchemaBlockSyntax(SyntaxToken keyword, SyntaxToken openBrace, SyntaxList<FieldSyntax> fields, SyntaxToken closeBrace) : SyntaxNode
{
    public SyntaxToken Keyword { get; } = keyword;
    public SyntaxToken OpenBrace { get; } = openBrace;
    public SyntaxList<FieldSyntax> Fields { get; } = fields;
    public SyntaxToken CloseBrace { get; } = closeBrace;

    protected override IEnumerable<object?> GetSlots() => [Keyword, OpenBrace, Fields, CloseBrace];
}

/// <summary><c>field = [ DOC ] name ":" type [ "from" STRING ]</c> (also the fields of a <c>record { … }</c> type).</summary>
public sealed partial class FieldSyntax(NameSyntax name, SyntaxToken colon, TypeSyntax type, SyntaxToken? fromKeyword, SyntaxToken? fromString) : SyntaxNode
{
    public NameSyntax Name { get; } = name;
    public SyntaxToken Colon { get; } = colon;
    public TypeSyntax Type { get; } = type;
    public SyntaxToken? FromKeyword { get; } = fromKeyword;
    /// <summary>The input column name token; set exactly when <see cref="FromKeyword"/> is (possibly missing).</summary>
    public SyntaxToken? FromString { get; } = fromString;

    /// <summary>The input column this field reads (<c>from "Order ID"</c>), or null to read the field's own name.</summary>
    public string? SourceColumn => FromString is { IsMissing: false } token ? token.ValueText : null;

    /// <summary>The <c>///</c> lines right above the field, joined; null when there are none.</summary>
    public string? DocComment => DocComments.From(FirstToken);

    protected override IEnumerable<object?> GetSlots() => [Name, Colon, Type, FromKeyword, FromString];
}
