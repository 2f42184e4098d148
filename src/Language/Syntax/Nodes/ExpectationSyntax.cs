namespace Pulse.Language.Syntax;

/// <summary>
/// <c>expectation = "expect" name ":" rule [ "else" ACTION ] { threshold }</c>. The action and
/// thresholds are accepted in any order (the examples write <c>mostly 95% else warn</c>), so they
/// live in one ordered <see cref="Clauses"/> list; <see cref="Action"/> and <see cref="Thresholds"/> read it.
/// </summary>
public sealed partial class ExpectationSyntax(SyntaxToken keyword, NameSyntax name, SyntaxToken colon, ExpectationRuleSyntax rule, SyntaxList<SyntaxNode> clauses) : CleanStepSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    public NameSyntax Name { get; } = name;
    public SyntaxToken Colon { get; } = colon;
    public ExpectationRuleSyntax Rule { get; } = rule;
    /// <summary><see cref="ExpectationActionSyntax"/> and <see cref="ThresholdSyntax"/> in source order.</summary>
    public SyntaxList<SyntaxNode> Clauses { get; } = clauses;

    /// <summary>The first <c>else ACTION</c> (a second one was reported, PULSE0119); null means the default, <c>fail</c>.</summary>
    public ExpectationActionSyntax? Action => Clauses.OfType<ExpectationActionSyntax>().FirstOrDefault();
    public IEnumerable<ThresholdSyntax> Thresholds => Clauses.OfType<ThresholdSyntax>();

    protected override IEnumerable<object?> GetSlots() => [Keyword, Name, Colon, Rule, Clauses];
}

/// <summary><c>"else" ACTION</c> with <c>ACTION = "drop" | "quarantine" | "fail" | "warn"</c>.</summary>
public sealed partial class ExpectationActionSyntax(SyntaxToken elseKeyword, SyntaxToken action) : SyntaxNode
{
    public SyntaxToken ElseKeyword { get; } = elseKeyword;
    /// <summary>An identifier token; other words were reported (PULSE0113).</summary>
    public SyntaxToken Action { get; } = action;

    protected override IEnumerable<object?> GetSlots() => [ElseKeyword, Action];
}

/// <summary><c>threshold = "mostly" PERCENT | "warn" "above" PERCENT | "fail" "above" PERCENT</c>.</summary>
public sealed partial class ThresholdSyntax(SyntaxToken keyword, SyntaxToken? aboveKeyword, SyntaxToken percent) : SyntaxNode
{
    /// <summary><c>mostly</c>, <c>warn</c> or <c>fail</c>.</summary>
    public SyntaxToken Keyword { get; } = keyword;
    /// <summary>Present for <c>warn above</c> / <c>fail above</c>.</summary>
    public SyntaxToken? AboveKeyword { get; } = aboveKeyword;
    /// <summary>A percent literal token (possibly missing).</summary>
    public SyntaxToken Percent { get; } = percent;

    protected override IEnumerable<object?> GetSlots() => [Keyword, AboveKeyword, Percent];
}

/// <summary><c>rule</c>: one of the rule nodes below.</summary>
public abstract class ExpectationRuleSyntax : SyntaxNode;

/// <summary><c>"unique" "(" name { "," name } ")"</c>.</summary>
public sealed partial class UniqueRuleSyntax(SyntaxToken keyword, SyntaxToken openParen, SyntaxList<NameSyntax> columns, SyntaxToken closeParen) : ExpectationRuleSyntax
{
    public SyntaxToken Keyword { get; } = keyword;
    public SyntaxToken OpenParen { get; } = openParen;
    public SyntaxList<NameSyntax> Columns { get; } = columns;
    public SyntaxToken CloseParen { get; } = closeParen;

    protected override IEnumerable<object?> GetSlots() => [Keyword, OpenParen, Columns, CloseParen];
}

/// <summary><c>"row_count" "between" expr "and" expr</c> (the bounds are <c>coalesce</c>-level, as in <c>between</c>).</summary>
public sealed partial class RowCountRuleSyntax(SyntaxToken keyword, SyntaxToken betweenKeyword, ExpressionSyntax low, SyntaxToken andKeyword, ExpressionSyntax high) : ExpectationRuleSyntax
{
    public SyntaxToken Keyword { get; } = keyword;
    public SyntaxToken BetweenKeyword { get; } = betweenKeyword;
    public ExpressionSyntax Low { get; } = low;
    public SyntaxToken AndKeyword { get; } = andKeyword;
    public ExpressionSyntax High { get; } = high;

    protected override IEnumerable<object?> GetSlots() => [Keyword, BetweenKeyword, Low, AndKeyword, High];
}

/// <summary><c>"freshness" name "within" DURATION</c>.</summary>
public sealed partial class FreshnessRuleSyntax(SyntaxToken keyword, NameSyntax column, SyntaxToken withinKeyword, SyntaxToken maxAge) : ExpectationRuleSyntax
{
    public SyntaxToken Keyword { get; } = keyword;
    public NameSyntax Column { get; } = column;
    public SyntaxToken WithinKeyword { get; } = withinKeyword;
    /// <summary>A duration token (possibly missing).</summary>
    public SyntaxToken MaxAge { get; } = maxAge;

    protected override IEnumerable<object?> GetSlots() => [Keyword, Column, WithinKeyword, MaxAge];
}

/// <summary><c>expr</c>: a boolean row rule.</summary>
public sealed partial class ConditionRuleSyntax(ExpressionSyntax condition) : ExpectationRuleSyntax
{
    public ExpressionSyntax Condition { get; } = condition;

    protected override IEnumerable<object?> GetSlots() => [Condition];
}

/// <summary><c>expr "references" name "." name</c>: every value must exist in another relation's column.</summary>
public sealed partial class ReferencesRuleSyntax(ExpressionSyntax value, SyntaxToken referencesKeyword, NameSyntax relation, SyntaxToken dot, NameSyntax column) : ExpectationRuleSyntax
{
    public ExpressionSyntax Value { get; } = value;
    public SyntaxToken ReferencesKeyword { get; } = referencesKeyword;
    public NameSyntax Relation { get; } = relation;
    public SyntaxToken Dot { get; } = dot;
    public NameSyntax Column { get; } = column;

    protected override IEnumerable<object?> GetSlots() => [Value, ReferencesKeyword, Relation, Dot, Column];
}
