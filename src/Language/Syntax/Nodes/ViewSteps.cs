namespace Pulse.Language.Syntax;

/// <summary>One view <c>step</c>.</summary>
public abstract class ViewStepSyntax : SyntaxNode
{
    /// <summary>The word that starts the step (<c>from</c>, <c>left</c>/<c>inner</c>/<c>join</c>, <c>group</c>, ...).</summary>
    public abstract SyntaxToken Keyword { get; }
}

/// <summary><c>"as" name</c> after a relation in <c>from</c> or <c>join</c>.</summary>
public sealed partial class AliasSyntax(SyntaxToken asKeyword, NameSyntax name) : SyntaxNode
{
    public SyntaxToken AsKeyword { get; } = asKeyword;
    public NameSyntax Name { get; } = name;

    protected override IEnumerable<object?> GetSlots() => [AsKeyword, Name];
}

/// <summary><c>"from" name [ "as" name ]</c>.</summary>
public sealed partial class FromStepSyntax(SyntaxToken keyword, NameSyntax relation, AliasSyntax? alias) : ViewStepSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    public NameSyntax Relation { get; } = relation;
    public AliasSyntax? Alias { get; } = alias;

    protected override IEnumerable<object?> GetSlots() => [Keyword, Relation, Alias];
}

public enum JoinKind { Inner, Left }

/// <summary><c>[ "left" | "inner" ] "join" name [ "as" name ] ( "on" expr | "using" "(" name { "," name } ")" )</c>.</summary>
public sealed partial class JoinStepSyntax(SyntaxToken? kindKeyword, SyntaxToken joinKeyword, NameSyntax relation, AliasSyntax? alias, JoinConditionSyntax condition) : ViewStepSyntax
{
    /// <summary><c>left</c> or <c>inner</c>; null for a plain (inner) <c>join</c>.</summary>
    public SyntaxToken? KindKeyword { get; } = kindKeyword;
    public SyntaxToken JoinKeyword { get; } = joinKeyword;
    public NameSyntax Relation { get; } = relation;
    public AliasSyntax? Alias { get; } = alias;
    /// <summary><see cref="JoinOnSyntax"/> or <see cref="JoinUsingSyntax"/>; when neither was written, a <see cref="JoinOnSyntax"/> of missing parts.</summary>
    public JoinConditionSyntax Condition { get; } = condition;

    public override SyntaxToken Keyword => KindKeyword ?? JoinKeyword;
    public JoinKind Kind => KindKeyword?.Text == "left" ? JoinKind.Left : JoinKind.Inner;

    protected override IEnumerable<object?> GetSlots() => [KindKeyword, JoinKeyword, Relation, Alias, Condition];
}

public abstract class JoinConditionSyntax : SyntaxNode;

/// <summary><c>"on" expr</c>.</summary>
public sealed partial class JoinOnSyntax(SyntaxToken onKeyword, ExpressionSyntax condition) : JoinConditionSyntax
{
    public SyntaxToken OnKeyword { get; } = onKeyword;
    public ExpressionSyntax Condition { get; } = condition;

    protected override IEnumerable<object?> GetSlots() => [OnKeyword, Condition];
}

/// <summary><c>"using" "(" name { "," name } ")"</c>.</summary>
public sealed partial class JoinUsingSyntax(SyntaxToken usingKeyword, SyntaxToken openParen, SyntaxList<NameSyntax> columns, SyntaxToken closeParen) : JoinConditionSyntax
{
    public SyntaxToken UsingKeyword { get; } = usingKeyword;
    public SyntaxToken OpenParen { get; } = openParen;
    public SyntaxList<NameSyntax> Columns { get; } = columns;
    public SyntaxToken CloseParen { get; } = closeParen;

    protected override IEnumerable<object?> GetSlots() => [UsingKeyword, OpenParen, Columns, CloseParen];
}

/// <summary><c>"where" expr</c>.</summary>
public sealed partial class WhereStepSyntax(SyntaxToken keyword, ExpressionSyntax condition) : ViewStepSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    public ExpressionSyntax Condition { get; } = condition;

    protected override IEnumerable<object?> GetSlots() => [Keyword, Condition];
}

/// <summary><c>assignment = name "=" expr</c> (view <c>derive</c> and the aggregates of <c>group by</c>).</summary>
public sealed partial class AssignmentSyntax(NameSyntax name, SyntaxToken equalsToken, ExpressionSyntax expression) : SyntaxNode
{
    public NameSyntax Name { get; } = name;
    public SyntaxToken EqualsToken { get; } = equalsToken;
    public ExpressionSyntax Expression { get; } = expression;

    protected override IEnumerable<object?> GetSlots() => [Name, EqualsToken, Expression];
}

/// <summary><c>"derive" assignment { "," assignment }</c> in a view.</summary>
public sealed partial class DeriveStepSyntax(SyntaxToken keyword, SyntaxList<AssignmentSyntax> assignments) : ViewStepSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    public SyntaxList<AssignmentSyntax> Assignments { get; } = assignments;

    protected override IEnumerable<object?> GetSlots() => [Keyword, Assignments];
}

/// <summary><c>select_item = name "=" expr | expr</c>.</summary>
public sealed partial class SelectItemSyntax(NameSyntax? alias, SyntaxToken? equalsToken, ExpressionSyntax expression) : SyntaxNode
{
    /// <summary>The output name when written as <c>name = expr</c>; null for a bare expression.</summary>
    public NameSyntax? Alias { get; } = alias;
    public SyntaxToken? EqualsToken { get; } = equalsToken;
    public ExpressionSyntax Expression { get; } = expression;

    protected override IEnumerable<object?> GetSlots() => [Alias, EqualsToken, Expression];
}

/// <summary><c>"select" select_item { "," select_item }</c>.</summary>
public sealed partial class SelectStepSyntax(SyntaxToken keyword, SyntaxList<SelectItemSyntax> items) : ViewStepSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    public SyntaxList<SelectItemSyntax> Items { get; } = items;

    protected override IEnumerable<object?> GetSlots() => [Keyword, Items];
}

/// <summary><c>group_key = name "=" expr | expr</c>.</summary>
public sealed partial class GroupKeySyntax(NameSyntax? alias, SyntaxToken? equalsToken, ExpressionSyntax expression) : SyntaxNode
{
    public NameSyntax? Alias { get; } = alias;
    public SyntaxToken? EqualsToken { get; } = equalsToken;
    public ExpressionSyntax Expression { get; } = expression;

    protected override IEnumerable<object?> GetSlots() => [Alias, EqualsToken, Expression];
}

/// <summary><c>"group" "by" group_key { "," group_key } "{" { assignment } "}"</c>.</summary>
public sealed partial class GroupByStepSyntax(SyntaxToken keyword, SyntaxToken byKeyword, SyntaxList<GroupKeySyntax> keys, SyntaxToken openBrace, SyntaxList<AssignmentSyntax> aggregates, SyntaxToken closeBrace) : ViewStepSyntax
{
    /// <summary>The <c>group</c> word.</summary>
    public override SyntaxToken Keyword { get; } = keyword;
    public SyntaxToken ByKeyword { get; } = byKeyword;
    public SyntaxList<GroupKeySyntax> Keys { get; } = keys;
    public SyntaxToken OpenBrace { get; } = openBrace;
    public SyntaxList<AssignmentSyntax> Aggregates { get; } = aggregates;
    public SyntaxToken CloseBrace { get; } = closeBrace;

    protected override IEnumerable<object?> GetSlots() => [Keyword, ByKeyword, Keys, OpenBrace, Aggregates, CloseBrace];
}

public enum WindowKind { Tumbling, Hopping, Session, Unknown }

/// <summary>
/// <c>window_kind = "tumbling" DURATION | "hopping" DURATION "every" DURATION | "session" DURATION</c>.
/// One node for the three forms: <see cref="EveryKeyword"/>/<see cref="Slide"/> are set only for hopping.
/// </summary>
public sealed partial class WindowKindSyntax(SyntaxToken keyword, SyntaxToken size, SyntaxToken? everyKeyword, SyntaxToken? slide) : SyntaxNode
{
    /// <summary><c>tumbling</c>, <c>hopping</c> or <c>session</c> (another word was reported, PULSE0115).</summary>
    public SyntaxToken Keyword { get; } = keyword;
    /// <summary>The window length (tumbling, hopping) or the inactivity gap (session): a duration token.</summary>
    public SyntaxToken Size { get; } = size;
    public SyntaxToken? EveryKeyword { get; } = everyKeyword;
    /// <summary>How often a hopping window starts: a duration token.</summary>
    public SyntaxToken? Slide { get; } = slide;

    public WindowKind Kind => Keyword.Text switch
    {
        "tumbling" => WindowKind.Tumbling,
        "hopping" => WindowKind.Hopping,
        "session" => WindowKind.Session,
        _ => WindowKind.Unknown,
    };

    protected override IEnumerable<object?> GetSlots() => [Keyword, Size, EveryKeyword, Slide];
}

/// <summary><c>"window" window_kind "on" name</c>.</summary>
public sealed partial class WindowStepSyntax(SyntaxToken keyword, WindowKindSyntax window, SyntaxToken onKeyword, NameSyntax column) : ViewStepSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    public WindowKindSyntax Window { get; } = window;
    public SyntaxToken OnKeyword { get; } = onKeyword;
    public NameSyntax Column { get; } = column;

    protected override IEnumerable<object?> GetSlots() => [Keyword, Window, OnKeyword, Column];
}

/// <summary><c>order_item = expr [ "asc" | "desc" ]</c>.</summary>
public sealed partial class OrderItemSyntax(ExpressionSyntax expression, SyntaxToken? direction) : SyntaxNode
{
    public ExpressionSyntax Expression { get; } = expression;
    /// <summary><c>asc</c> or <c>desc</c>; null means ascending.</summary>
    public SyntaxToken? Direction { get; } = direction;

    public bool IsDescending => Direction?.Text == "desc";

    protected override IEnumerable<object?> GetSlots() => [Expression, Direction];
}

/// <summary><c>"order" "by" order_item { "," order_item }</c>.</summary>
public sealed partial class OrderByStepSyntax(SyntaxToken keyword, SyntaxToken byKeyword, SyntaxList<OrderItemSyntax> items) : ViewStepSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    public SyntaxToken ByKeyword { get; } = byKeyword;
    public SyntaxList<OrderItemSyntax> Items { get; } = items;

    protected override IEnumerable<object?> GetSlots() => [Keyword, ByKeyword, Items];
}

/// <summary><c>"limit" INTEGER</c>.</summary>
public sealed partial class LimitStepSyntax(SyntaxToken keyword, SyntaxToken count) : ViewStepSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    /// <summary>An integer token (possibly missing).</summary>
    public SyntaxToken Count { get; } = count;

    protected override IEnumerable<object?> GetSlots() => [Keyword, Count];
}

/// <summary><c>"union" name</c>.</summary>
public sealed partial class UnionStepSyntax(SyntaxToken keyword, NameSyntax relation) : ViewStepSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    public NameSyntax Relation { get; } = relation;

    protected override IEnumerable<object?> GetSlots() => [Keyword, Relation];
}

/// <summary><c>"incremental" "on" name</c>.</summary>
public sealed partial class IncrementalStepSyntax(SyntaxToken keyword, SyntaxToken onKeyword, NameSyntax column) : ViewStepSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    public SyntaxToken OnKeyword { get; } = onKeyword;
    public NameSyntax Column { get; } = column;

    protected override IEnumerable<object?> GetSlots() => [Keyword, OnKeyword, Column];
}

/// <summary><c>"late" ( "drop" | "quarantine" | "batch" )</c>.</summary>
public sealed partial class LateStepSyntax(SyntaxToken keyword, SyntaxToken policy) : ViewStepSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    /// <summary>An identifier token; other words were reported (PULSE0116).</summary>
    public SyntaxToken Policy { get; } = policy;

    protected override IEnumerable<object?> GetSlots() => [Keyword, Policy];
}

/// <summary><c>"retain" DURATION</c>.</summary>
public sealed partial class RetainStepSyntax(SyntaxToken keyword, SyntaxToken duration) : ViewStepSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    public SyntaxToken Duration { get; } = duration;

    protected override IEnumerable<object?> GetSlots() => [Keyword, Duration];
}

/// <summary>Serving views: <c>"batch" name</c>, the batch side.</summary>
public sealed partial class BatchStepSyntax(SyntaxToken keyword, NameSyntax view) : ViewStepSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    public NameSyntax View { get; } = view;

    protected override IEnumerable<object?> GetSlots() => [Keyword, View];
}

/// <summary>Serving views: <c>"speed" name</c>, the speed side.</summary>
public sealed partial class SpeedStepSyntax(SyntaxToken keyword, NameSyntax view) : ViewStepSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    public NameSyntax View { get; } = view;

    protected override IEnumerable<object?> GetSlots() => [Keyword, View];
}

/// <summary>Serving views: <c>"key" name { "," name }</c>.</summary>
public sealed partial class KeyStepSyntax(SyntaxToken keyword, SyntaxList<NameSyntax> columns) : ViewStepSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    public SyntaxList<NameSyntax> Columns { get; } = columns;

    protected override IEnumerable<object?> GetSlots() => [Keyword, Columns];
}

/// <summary>Serving views: <c>"time" name</c>.</summary>
public sealed partial class TimeStepSyntax(SyntaxToken keyword, NameSyntax column) : ViewStepSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    public NameSyntax Column { get; } = column;

    protected override IEnumerable<object?> GetSlots() => [Keyword, Column];
}
