namespace Pulse.Language.Syntax;

/// <summary><c>clean = "clean" "{" { clean_step } "}"</c>.</summary>
public sealed partial class CleanBlockSyntax(SyntaxToken keyword, SyntaxToken openBrace, SyntaxList<CleanStepSyntax> steps, SyntaxToken closeBrace) : SyntaxNode
{
    public SyntaxToken Keyword { get; } = keyword;
    public SyntaxToken OpenBrace { get; } = openBrace;
    public SyntaxList<CleanStepSyntax> Steps { get; } = steps;
    public SyntaxToken CloseBrace { get; } = closeBrace;

    protected override IEnumerable<object?> GetSlots() => [Keyword, OpenBrace, Steps, CloseBrace];
}

/// <summary>One <c>clean_step</c>.</summary>
public abstract class CleanStepSyntax : SyntaxNode
{
    /// <summary>The word that starts the step (<c>rename</c>, <c>cast</c>, <c>expect</c>, ...).</summary>
    public abstract SyntaxToken Keyword { get; }
}

/// <summary><c>"rename" name "->" name</c>.</summary>
public sealed partial class RenameStepSyntax(SyntaxToken keyword, NameSyntax column, SyntaxToken arrow, NameSyntax newName) : CleanStepSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    public NameSyntax Column { get; } = column;
    public SyntaxToken Arrow { get; } = arrow;
    public NameSyntax NewName { get; } = newName;

    protected override IEnumerable<object?> GetSlots() => [Keyword, Column, Arrow, NewName];
}

/// <summary><c>"cast" name "as" type [ "format" STRING ]</c>.</summary>
public sealed partial class CastStepSyntax(SyntaxToken keyword, NameSyntax column, SyntaxToken asKeyword, TypeSyntax type, SyntaxToken? formatKeyword, SyntaxToken? format) : CleanStepSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    public NameSyntax Column { get; } = column;
    public SyntaxToken AsKeyword { get; } = asKeyword;
    public TypeSyntax Type { get; } = type;
    public SyntaxToken? FormatKeyword { get; } = formatKeyword;
    /// <summary>The pattern string token; set exactly when <see cref="FormatKeyword"/> is.</summary>
    public SyntaxToken? Format { get; } = format;

    protected override IEnumerable<object?> GetSlots() => [Keyword, Column, AsKeyword, Type, FormatKeyword, Format];
}

/// <summary><c>( "trim" | "lower" | "upper" ) name { "," name }</c>.</summary>
public sealed partial class TextStepSyntax(SyntaxToken keyword, SyntaxList<NameSyntax> columns) : CleanStepSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    public SyntaxList<NameSyntax> Columns { get; } = columns;

    /// <summary><c>trim</c>, <c>lower</c> or <c>upper</c>.</summary>
    public string Operation => Keyword.Text;

    protected override IEnumerable<object?> GetSlots() => [Keyword, Columns];
}

/// <summary><c>"fill" name { "," name } "with" expr</c>.</summary>
public sealed partial class FillStepSyntax(SyntaxToken keyword, SyntaxList<NameSyntax> columns, SyntaxToken withKeyword, ExpressionSyntax value) : CleanStepSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    public SyntaxList<NameSyntax> Columns { get; } = columns;
    public SyntaxToken WithKeyword { get; } = withKeyword;
    public ExpressionSyntax Value { get; } = value;

    protected override IEnumerable<object?> GetSlots() => [Keyword, Columns, WithKeyword, Value];
}

/// <summary><c>"derive" name "=" expr</c> inside <c>clean</c> (a view's derive is <see cref="DeriveStepSyntax"/>).</summary>
public sealed partial class CleanDeriveStepSyntax(SyntaxToken keyword, NameSyntax name, SyntaxToken equalsToken, ExpressionSyntax expression) : CleanStepSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    public NameSyntax Name { get; } = name;
    public SyntaxToken EqualsToken { get; } = equalsToken;
    public ExpressionSyntax Expression { get; } = expression;

    protected override IEnumerable<object?> GetSlots() => [Keyword, Name, EqualsToken, Expression];
}

/// <summary><c>"drop" "where" expr</c>.</summary>
public sealed partial class DropWhereStepSyntax(SyntaxToken keyword, SyntaxToken whereKeyword, ExpressionSyntax condition) : CleanStepSyntax
{
    /// <summary>The <c>drop</c> word.</summary>
    public override SyntaxToken Keyword { get; } = keyword;
    public SyntaxToken WhereKeyword { get; } = whereKeyword;
    public ExpressionSyntax Condition { get; } = condition;

    protected override IEnumerable<object?> GetSlots() => [Keyword, WhereKeyword, Condition];
}

/// <summary><c>"dedupe" "by" name { "," name } [ keep ]</c>.</summary>
public sealed partial class DedupeStepSyntax(SyntaxToken keyword, SyntaxToken byKeyword, SyntaxList<NameSyntax> columns, DedupeKeepSyntax? keep) : CleanStepSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    public SyntaxToken ByKeyword { get; } = byKeyword;
    public SyntaxList<NameSyntax> Columns { get; } = columns;
    public DedupeKeepSyntax? Keep { get; } = keep;

    protected override IEnumerable<object?> GetSlots() => [Keyword, ByKeyword, Columns, Keep];
}

/// <summary><c>"keep" ( "first" | "latest" ) [ "by" name ]</c>.</summary>
public sealed partial class DedupeKeepSyntax(SyntaxToken keepKeyword, SyntaxToken choice, SyntaxToken? byKeyword, NameSyntax? orderColumn) : SyntaxNode
{
    public SyntaxToken KeepKeyword { get; } = keepKeyword;
    /// <summary><c>first</c> or <c>latest</c> (anything else was reported, PULSE0117).</summary>
    public SyntaxToken Choice { get; } = choice;
    public SyntaxToken? ByKeyword { get; } = byKeyword;
    public NameSyntax? OrderColumn { get; } = orderColumn;

    public bool KeepsLatest => Choice.Text == "latest";

    protected override IEnumerable<object?> GetSlots() => [KeepKeyword, Choice, ByKeyword, OrderColumn];
}
