using Pulse.Language.Lexing;

namespace Pulse.Language.Syntax;

/// <summary><c>expr</c>: one of the expression nodes below.</summary>
public abstract class ExpressionSyntax : SyntaxNode;

public enum LiteralKind { Integer, Number, String, Duration, Percent, True, False, Null }

/// <summary><c>literal = INTEGER | NUMBER | STRING | DURATION | PERCENT | "true" | "false" | "null"</c>.</summary>
public sealed partial class LiteralExpressionSyntax(SyntaxToken token) : ExpressionSyntax
{
    public SyntaxToken Token { get; } = token;

    public LiteralKind Kind => Token.Kind switch
    {
        TokenKind.Integer => LiteralKind.Integer,
        TokenKind.Number => LiteralKind.Number,
        TokenKind.String => LiteralKind.String,
        TokenKind.Duration => LiteralKind.Duration,
        TokenKind.Percent => LiteralKind.Percent,
        TokenKind.TrueKeyword => LiteralKind.True,
        TokenKind.FalseKeyword => LiteralKind.False,
        _ => LiteralKind.Null,
    };

    protected override IEnumerable<object?> GetSlots() => [Token];
}

/// <summary>A name used as a value: a column, an alias or (in properties) a relation or connection.</summary>
public sealed partial class NameExpressionSyntax(NameSyntax name) : ExpressionSyntax
{
    public NameSyntax Name { get; } = name;

    protected override IEnumerable<object?> GetSlots() => [Name];
}

/// <summary><c>postfix = primary { "." name }</c>: <c>alias.column</c>, <c>record.field</c>.</summary>
public sealed partial class MemberAccessExpressionSyntax(ExpressionSyntax expression, SyntaxToken dot, NameSyntax member) : ExpressionSyntax
{
    public ExpressionSyntax Expression { get; } = expression;
    public SyntaxToken Dot { get; } = dot;
    public NameSyntax Member { get; } = member;

    protected override IEnumerable<object?> GetSlots() => [Expression, Dot, Member];
}

/// <summary><c>call = name "(" [ expr { "," expr } ] ")"</c>; <c>count(*)</c> has a <see cref="StarExpressionSyntax"/> argument.</summary>
public sealed partial class CallExpressionSyntax(NameSyntax function, SyntaxToken openParen, SyntaxList<ExpressionSyntax> arguments, SyntaxToken closeParen) : ExpressionSyntax
{
    public NameSyntax Function { get; } = function;
    public SyntaxToken OpenParen { get; } = openParen;
    public SyntaxList<ExpressionSyntax> Arguments { get; } = arguments;
    public SyntaxToken CloseParen { get; } = closeParen;

    protected override IEnumerable<object?> GetSlots() => [Function, OpenParen, Arguments, CloseParen];
}

/// <summary>The <c>*</c> of <c>count(*)</c>; the parser accepts it only as the sole argument of a call.</summary>
public sealed partial class StarExpressionSyntax(SyntaxToken star) : ExpressionSyntax
{
    public SyntaxToken Star { get; } = star;

    protected override IEnumerable<object?> GetSlots() => [Star];
}

/// <summary><c>cast = "cast" "(" expr "as" type [ "format" STRING ] ")"</c>.</summary>
public sealed partial class CastExpressionSyntax(SyntaxToken keyword, SyntaxToken openParen, ExpressionSyntax expression, SyntaxToken asKeyword, TypeSyntax type, SyntaxToken? formatKeyword, SyntaxToken? format, SyntaxToken closeParen) : ExpressionSyntax
{
    public SyntaxToken Keyword { get; } = keyword;
    public SyntaxToken OpenParen { get; } = openParen;
    public ExpressionSyntax Expression { get; } = expression;
    public SyntaxToken AsKeyword { get; } = asKeyword;
    public TypeSyntax Type { get; } = type;
    public SyntaxToken? FormatKeyword { get; } = formatKeyword;
    public SyntaxToken? Format { get; } = format;
    public SyntaxToken CloseParen { get; } = closeParen;

    protected override IEnumerable<object?> GetSlots() => [Keyword, OpenParen, Expression, AsKeyword, Type, FormatKeyword, Format, CloseParen];
}

/// <summary><c>case = "case" { "when" expr "then" expr } [ "else" expr ] "end"</c>.</summary>
public sealed partial class CaseExpressionSyntax(SyntaxToken caseKeyword, SyntaxList<WhenClauseSyntax> whenClauses, ElseClauseSyntax? elseClause, SyntaxToken endKeyword) : ExpressionSyntax
{
    public SyntaxToken CaseKeyword { get; } = caseKeyword;
    public SyntaxList<WhenClauseSyntax> WhenClauses { get; } = whenClauses;
    public ElseClauseSyntax? ElseClause { get; } = elseClause;
    public SyntaxToken EndKeyword { get; } = endKeyword;

    protected override IEnumerable<object?> GetSlots() => [CaseKeyword, WhenClauses, ElseClause, EndKeyword];
}

/// <summary><c>"when" expr "then" expr</c>.</summary>
public sealed partial class WhenClauseSyntax(SyntaxToken whenKeyword, ExpressionSyntax condition, SyntaxToken thenKeyword, ExpressionSyntax result) : SyntaxNode
{
    public SyntaxToken WhenKeyword { get; } = whenKeyword;
    public ExpressionSyntax Condition { get; } = condition;
    public SyntaxToken ThenKeyword { get; } = thenKeyword;
    public ExpressionSyntax Result { get; } = result;

    protected override IEnumerable<object?> GetSlots() => [WhenKeyword, Condition, ThenKeyword, Result];
}

/// <summary><c>"else" expr</c> of a case.</summary>
public sealed partial class ElseClauseSyntax(SyntaxToken elseKeyword, ExpressionSyntax result) : SyntaxNode
{
    public SyntaxToken ElseKeyword { get; } = elseKeyword;
    public ExpressionSyntax Result { get; } = result;

    protected override IEnumerable<object?> GetSlots() => [ElseKeyword, Result];
}

/// <summary><c>list = "[" [ expr { "," expr } ] "]"</c>.</summary>
public sealed partial class ListExpressionSyntax(SyntaxToken openBracket, SyntaxList<ExpressionSyntax> elements, SyntaxToken closeBracket) : ExpressionSyntax
{
    public SyntaxToken OpenBracket { get; } = openBracket;
    public SyntaxList<ExpressionSyntax> Elements { get; } = elements;
    public SyntaxToken CloseBracket { get; } = closeBracket;

    protected override IEnumerable<object?> GetSlots() => [OpenBracket, Elements, CloseBracket];
}

/// <summary><c>"-" unary</c> or <c>"not" not_expr</c>.</summary>
public sealed partial class UnaryExpressionSyntax(SyntaxToken operatorToken, ExpressionSyntax operand) : ExpressionSyntax
{
    /// <summary>A <see cref="TokenKind.Minus"/> or <see cref="TokenKind.NotKeyword"/> token.</summary>
    public SyntaxToken OperatorToken { get; } = operatorToken;
    public ExpressionSyntax Operand { get; } = operand;

    protected override IEnumerable<object?> GetSlots() => [OperatorToken, Operand];
}

/// <summary>
/// <c>left op right</c> for <c>or and == != &lt; &lt;= &gt; &gt;= ?? + - * / %</c> (left-associative;
/// comparisons do not chain).
/// </summary>
public sealed partial class BinaryExpressionSyntax(ExpressionSyntax left, SyntaxToken operatorToken, ExpressionSyntax right) : ExpressionSyntax
{
    public ExpressionSyntax Left { get; } = left;
    public SyntaxToken OperatorToken { get; } = operatorToken;
    public ExpressionSyntax Right { get; } = right;

    public TokenKind Operator => OperatorToken.Kind;

    protected override IEnumerable<object?> GetSlots() => [Left, OperatorToken, Right];
}

/// <summary><c>coalesce "is" [ "not" ] "null"</c>.</summary>
public sealed partial class IsNullExpressionSyntax(ExpressionSyntax operand, SyntaxToken isKeyword, SyntaxToken? notKeyword, SyntaxToken nullKeyword) : ExpressionSyntax
{
    public ExpressionSyntax Operand { get; } = operand;
    public SyntaxToken IsKeyword { get; } = isKeyword;
    public SyntaxToken? NotKeyword { get; } = notKeyword;
    public SyntaxToken NullKeyword { get; } = nullKeyword;

    public bool IsNegated => NotKeyword is not null;

    protected override IEnumerable<object?> GetSlots() => [Operand, IsKeyword, NotKeyword, NullKeyword];
}

/// <summary><c>coalesce [ "not" ] "in" "(" expr { "," expr } ")"</c>.</summary>
public sealed partial class InExpressionSyntax(ExpressionSyntax operand, SyntaxToken? notKeyword, SyntaxToken inKeyword, SyntaxToken openParen, SyntaxList<ExpressionSyntax> values, SyntaxToken closeParen) : ExpressionSyntax
{
    public ExpressionSyntax Operand { get; } = operand;
    public SyntaxToken? NotKeyword { get; } = notKeyword;
    public SyntaxToken InKeyword { get; } = inKeyword;
    public SyntaxToken OpenParen { get; } = openParen;
    public SyntaxList<ExpressionSyntax> Values { get; } = values;
    public SyntaxToken CloseParen { get; } = closeParen;

    public bool IsNegated => NotKeyword is not null;

    protected override IEnumerable<object?> GetSlots() => [Operand, NotKeyword, InKeyword, OpenParen, Values, CloseParen];
}

/// <summary><c>coalesce [ "not" ] "between" coalesce "and" coalesce</c>.</summary>
public sealed partial class BetweenExpressionSyntax(ExpressionSyntax operand, SyntaxToken? notKeyword, SyntaxToken betweenKeyword, ExpressionSyntax low, SyntaxToken andKeyword, ExpressionSyntax high) : ExpressionSyntax
{
    public ExpressionSyntax Operand { get; } = operand;
    public SyntaxToken? NotKeyword { get; } = notKeyword;
    public SyntaxToken BetweenKeyword { get; } = betweenKeyword;
    public ExpressionSyntax Low { get; } = low;
    public SyntaxToken AndKeyword { get; } = andKeyword;
    public ExpressionSyntax High { get; } = high;

    public bool IsNegated => NotKeyword is not null;

    protected override IEnumerable<object?> GetSlots() => [Operand, NotKeyword, BetweenKeyword, Low, AndKeyword, High];
}

/// <summary><c>"(" expr ")"</c>.</summary>
public sealed partial class ParenthesizedExpressionSyntax(SyntaxToken openParen, ExpressionSyntax expression, SyntaxToken closeParen) : ExpressionSyntax
{
    public SyntaxToken OpenParen { get; } = openParen;
    public ExpressionSyntax Expression { get; } = expression;
    public SyntaxToken CloseParen { get; } = closeParen;

    protected override IEnumerable<object?> GetSlots() => [OpenParen, Expression, CloseParen];
}

/// <summary>Stands where an expression is required but none was written (the parser reported it). Zero width.</summary>
public sealed partial class MissingExpressionSyntax(SyntaxToken missingToken) : ExpressionSyntax
{
    /// <summary>A missing identifier token.</summary>
    public SyntaxToken MissingToken { get; } = missingToken;

    protected override IEnumerable<object?> GetSlots() => [MissingToken];
}
