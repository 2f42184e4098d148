namespace Pulse.Language.Syntax;

/// <summary><c>given = "given" name "{" { row | "at" expr row | "watermark" expr } "}"</c>.</summary>
public sealed partial class GivenSyntax(SyntaxToken keyword, NameSyntax relation, SyntaxToken openBrace, SyntaxList<SyntaxNode> items, SyntaxToken closeBrace) : SyntaxNode
{
    public SyntaxToken Keyword { get; } = keyword;
    public NameSyntax Relation { get; } = relation;
    public SyntaxToken OpenBrace { get; } = openBrace;
    /// <summary><see cref="TestRowSyntax"/>, <see cref="TestEventSyntax"/> and <see cref="WatermarkSyntax"/> in source order.</summary>
    public SyntaxList<SyntaxNode> Items { get; } = items;
    public SyntaxToken CloseBrace { get; } = closeBrace;

    protected override IEnumerable<object?> GetSlots() => [Keyword, Relation, OpenBrace, Items, CloseBrace];
}

/// <summary><c>"at" expr row</c>: a stream event with its event time.</summary>
public sealed partial class TestEventSyntax(SyntaxToken atKeyword, ExpressionSyntax time, TestRowSyntax row) : SyntaxNode
{
    public SyntaxToken AtKeyword { get; } = atKeyword;
    public ExpressionSyntax Time { get; } = time;
    public TestRowSyntax Row { get; } = row;

    protected override IEnumerable<object?> GetSlots() => [AtKeyword, Time, Row];
}

/// <summary><c>"watermark" expr</c>: moves the stream's watermark.</summary>
public sealed partial class WatermarkSyntax(SyntaxToken keyword, ExpressionSyntax time) : SyntaxNode
{
    public SyntaxToken Keyword { get; } = keyword;
    public ExpressionSyntax Time { get; } = time;

    protected override IEnumerable<object?> GetSlots() => [Keyword, Time];
}

/// <summary><c>expected = "expect" name "{" { row } "}"</c>: the rows a view must produce.</summary>
public sealed partial class ExpectedRowsSyntax(SyntaxToken keyword, NameSyntax view, SyntaxToken openBrace, SyntaxList<TestRowSyntax> rows, SyntaxToken closeBrace) : SyntaxNode
{
    public SyntaxToken Keyword { get; } = keyword;
    public NameSyntax View { get; } = view;
    public SyntaxToken OpenBrace { get; } = openBrace;
    public SyntaxList<TestRowSyntax> Rows { get; } = rows;
    public SyntaxToken CloseBrace { get; } = closeBrace;

    protected override IEnumerable<object?> GetSlots() => [Keyword, View, OpenBrace, Rows, CloseBrace];
}

/// <summary><c>row = "{" [ name ":" expr { "," name ":" expr } ] "}"</c>.</summary>
public sealed partial class TestRowSyntax(SyntaxToken openBrace, SyntaxList<RowCellSyntax> cells, SyntaxToken closeBrace) : SyntaxNode
{
    public SyntaxToken OpenBrace { get; } = openBrace;
    public SyntaxList<RowCellSyntax> Cells { get; } = cells;
    public SyntaxToken CloseBrace { get; } = closeBrace;

    protected override IEnumerable<object?> GetSlots() => [OpenBrace, Cells, CloseBrace];
}

/// <summary><c>name ":" expr</c> inside a row.</summary>
public sealed partial class RowCellSyntax(NameSyntax column, SyntaxToken colon, ExpressionSyntax value) : SyntaxNode
{
    public NameSyntax Column { get; } = column;
    public SyntaxToken Colon { get; } = colon;
    public ExpressionSyntax Value { get; } = value;

    protected override IEnumerable<object?> GetSlots() => [Column, Colon, Value];
}
