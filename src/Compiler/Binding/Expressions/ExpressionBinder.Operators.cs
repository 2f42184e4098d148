using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Language.Lexing;
using Pulse.Language.Syntax;

namespace Pulse.Compiler.Binding;

internal sealed partial class ExpressionBinder
{
    private Expr BindUnary(UnaryExpressionSyntax syntax)
    {
        var operand = Bind(syntax.Operand);
        var type = operand.Type;
        if (type.Kind == TypeKind.Error) return operand;
        if (syntax.OperatorToken.Kind == TokenKind.NotKeyword)
        {
            if (type.Kind is not (TypeKind.Bool or TypeKind.Null))
            {
                context.Add(BindingContext.At(tree, syntax).UnaryMismatch("not", type.ToString()));
                return Coercion.ErrorExpr;
            }
            return new UnaryExpr(PulseType.Bool.WithNullability(type.Nullable), UnaryOp.Not, operand);
        }
        if (!type.IsNumeric && type.Kind is not (TypeKind.Duration or TypeKind.Null))
        {
            context.Add(BindingContext.At(tree, syntax).UnaryMismatch("-", type.ToString()));
            return Coercion.ErrorExpr;
        }
        // -5 is a constant, not an operation: tests and property values need it as a literal.
        if (operand is LiteralExpr { Value: { } text } literal && (type.IsNumeric || type.Kind == TypeKind.Duration))
        {
            var negated = text.StartsWith('-') ? text[1..] : "-" + text;
            if (negated == "-0") negated = "0";
            return new LiteralExpr(literal.Type, negated);
        }
        return new UnaryExpr(type, UnaryOp.Negate, operand);
    }

    private static BinaryOp? OperatorOf(TokenKind kind) => kind switch
    {
        TokenKind.Plus => BinaryOp.Add,
        TokenKind.Minus => BinaryOp.Subtract,
        TokenKind.Star => BinaryOp.Multiply,
        TokenKind.Slash => BinaryOp.Divide,
        TokenKind.PercentSign => BinaryOp.Modulo,
        TokenKind.EqualsEquals => BinaryOp.Equal,
        TokenKind.BangEquals => BinaryOp.NotEqual,
        TokenKind.LessThan => BinaryOp.Less,
        TokenKind.LessThanEquals => BinaryOp.LessOrEqual,
        TokenKind.GreaterThan => BinaryOp.Greater,
        TokenKind.GreaterThanEquals => BinaryOp.GreaterOrEqual,
        TokenKind.AndKeyword => BinaryOp.And,
        TokenKind.OrKeyword => BinaryOp.Or,
        TokenKind.QuestionQuestion => BinaryOp.Coalesce,
        _ => null,
    };

    private Expr BindBinary(BinaryExpressionSyntax syntax)
    {
        var left = Bind(syntax.Left);
        var right = Bind(syntax.Right);
        if (OperatorOf(syntax.Operator) is not { } op) return Coercion.ErrorExpr;
        if (left.Type.Kind == TypeKind.Error || right.Type.Kind == TypeKind.Error) return Coercion.ErrorExpr;
        var text = syntax.OperatorToken.Text;
        switch (op)
        {
            case BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply or BinaryOp.Divide or BinaryOp.Modulo:
                return BindArithmetic(syntax, op, text, left, right);
            case BinaryOp.And or BinaryOp.Or:
                if (left.Type.Kind is not (TypeKind.Bool or TypeKind.Null) || right.Type.Kind is not (TypeKind.Bool or TypeKind.Null))
                    return Mismatch(syntax, text, left, right);
                return new BinaryExpr(PulseType.Bool.WithNullability(left.Type.Nullable || right.Type.Nullable), op, Coercion.ToKind(left, PulseType.Bool), Coercion.ToKind(right, PulseType.Bool));
            case BinaryOp.Coalesce:
                return BindCoalesce(syntax, left, right);
            default:
                return BindComparison(syntax, op, text, left, right);
        }
    }

    private Expr Mismatch(SyntaxNode syntax, string operation, Expr left, Expr right)
    {
        context.Add(BindingContext.At(tree, syntax).TypeMismatch(operation, left.Type.ToString(), right.Type.ToString()));
        return Coercion.ErrorExpr;
    }

    private Expr BindArithmetic(BinaryExpressionSyntax syntax, BinaryOp op, string text, Expr left, Expr right)
    {
        if (left.Type.Kind == TypeKind.Decimal) right = Coercion.TightenIntegerLiteral(right);
        if (right.Type.Kind == TypeKind.Decimal) left = Coercion.TightenIntegerLiteral(left);
        var arithmetic = op switch
        {
            BinaryOp.Add => ArithmeticOperator.Add,
            BinaryOp.Subtract => ArithmeticOperator.Subtract,
            BinaryOp.Multiply => ArithmeticOperator.Multiply,
            BinaryOp.Divide => ArithmeticOperator.Divide,
            _ => ArithmeticOperator.Modulo,
        };
        var typing = TypeRules.Arithmetic(arithmetic, left.Type, right.Type);
        if (typing is null)
        {
            context.Add(BindingContext.At(tree, syntax).TypeMismatch(text, left.Type.ToString(), right.Type.ToString()));
            return Coercion.ErrorExpr;
        }
        return new BinaryExpr(typing.Result, op, Coercion.ToKind(left, typing.LeftOperand), Coercion.ToKind(right, typing.RightOperand));
    }

    private Expr BindCoalesce(BinaryExpressionSyntax syntax, Expr left, Expr right)
    {
        var common = TypeRules.CommonSupertype(left.Type, right.Type);
        if (common is null) return Mismatch(syntax, "??", left, right);
        if (!left.Type.Nullable && left.Type.Kind != TypeKind.Error)
            context.Add(BindingContext.At(tree, syntax.Left).NeverNull(syntax.Left.ToString(), "`??` never uses its right side"));
        (left, right) = UnifyPair(left, right, common);
        return new BinaryExpr(common.WithNullability(left.Type.Nullable && right.Type.Nullable), BinaryOp.Coalesce, left, right);
    }

    private Expr BindComparison(BinaryExpressionSyntax syntax, BinaryOp op, string text, Expr left, Expr right)
    {
        if (op is BinaryOp.Equal or BinaryOp.NotEqual && (left.Type.Kind == TypeKind.Null || right.Type.Kind == TypeKind.Null))
            context.Add(BindingContext.At(tree, syntax).CompareWithNull(text));
        if (!TypeRules.AreComparable(left.Type, right.Type)) return Mismatch(syntax, text, left, right);
        (left, right) = UnifyForComparison(left, right);
        return new BinaryExpr(PulseType.Bool.WithNullability(left.Type.Nullable || right.Type.Nullable), op, left, right);
    }

    /// <summary>
    /// Gives two comparable values one kind: a numeric literal takes the other side's type when it
    /// fits (<c>price_usd > 0</c> compares decimals), otherwise both widen to their common type.
    /// </summary>
    private static (Expr Left, Expr Right) UnifyForComparison(Expr left, Expr right)
    {
        if (left.Type.Kind == TypeKind.Null && right.Type.Kind is not (TypeKind.Null or TypeKind.Error))
            return (Coercion.Retype((LiteralExpr)left, right.Type), right);
        if (right.Type.Kind == TypeKind.Null && left.Type.Kind is not (TypeKind.Null or TypeKind.Error))
            return (left, Coercion.Retype((LiteralExpr)right, left.Type));
        if (!left.Type.IsNumeric || !right.Type.IsNumeric) return (left, right);
        if (Coercion.IsNumericLiteral(right) && !Coercion.IsNumericLiteral(left) && Coercion.LiteralFits((LiteralExpr)right, left.Type))
            return (left, Coercion.Retype((LiteralExpr)right, left.Type));
        if (Coercion.IsNumericLiteral(left) && !Coercion.IsNumericLiteral(right) && Coercion.LiteralFits((LiteralExpr)left, right.Type))
            return (Coercion.Retype((LiteralExpr)left, right.Type), right);
        var common = TypeRules.WidenNumeric(left.Type, right.Type);
        return (Coercion.ToKind(left, common), Coercion.ToKind(right, common));
    }

    /// <summary>Brings two values to a common supertype (literals retyped exactly, others converted by kind).</summary>
    private static (Expr Left, Expr Right) UnifyPair(Expr left, Expr right, PulseType common)
    {
        Expr Fit(Expr e, Expr other)
        {
            if (e is LiteralExpr literal)
            {
                var target = other is LiteralExpr || other.Type.Kind == TypeKind.Null ? common : other.Type;
                if (literal.Type.Kind == TypeKind.Null || Coercion.LiteralFits(literal, target)) return Coercion.Retype(literal, target.Kind == TypeKind.Null ? common : target);
            }
            return Coercion.ToKind(e, common);
        }
        return (Fit(left, right), Fit(right, left));
    }

    private Expr BindIsNull(IsNullExpressionSyntax syntax)
    {
        var operand = Bind(syntax.Operand);
        if (operand.Type.Kind == TypeKind.Error) return new IsNullExpr(PulseType.Bool, operand, syntax.IsNegated);
        if (!operand.Type.Nullable)
            context.Add(BindingContext.At(tree, syntax.Operand).NeverNull(syntax.Operand.ToString(), syntax.IsNegated ? "`is not null` is always true" : "`is null` is always false"));
        return new IsNullExpr(PulseType.Bool, operand, syntax.IsNegated);
    }

    private Expr BindIn(InExpressionSyntax syntax)
    {
        var operand = Bind(syntax.Operand);
        var values = syntax.Values.Select(Bind).ToList();
        if (operand.Type.Kind == TypeKind.Error || values.Any(v => v.Type.Kind == TypeKind.Error)) return Coercion.ErrorExpr;
        var common = operand.Type;
        for (var i = 0; i < values.Count; i++)
        {
            var next = TypeRules.AreComparable(common, values[i].Type) ? TypeRules.CommonSupertype(common, values[i].Type) : null;
            if (next is null) return Mismatch(syntax.Values[i], "in", operand, values[i]);
            common = next;
        }
        // Literals take the operand's type when they fit (cluster in (0, 1)); otherwise everything widens.
        var fitsOperand = values.All(v => v.Type.Kind == TypeKind.Null || v.Type.Kind == operand.Type.Kind
            || (v is LiteralExpr literal && Coercion.LiteralFits(literal, operand.Type)));
        var target = fitsOperand ? operand.Type : common;
        var widened = Coercion.ToKind(operand, target);
        var bound = values.Select(v => v is LiteralExpr literal && (literal.Type.Kind == TypeKind.Null || Coercion.LiteralFits(literal, target))
            ? Coercion.Retype(literal, target)
            : Coercion.ToKind(v, target)).ToList();
        var nullable = widened.Type.Nullable || bound.Any(v => v.Type.Nullable);
        return new InExpr(PulseType.Bool.WithNullability(nullable), widened, bound.ToImmutableArray(), syntax.IsNegated);
    }

    private Expr BindBetween(BetweenExpressionSyntax syntax)
    {
        var operand = Bind(syntax.Operand);
        var low = Bind(syntax.Low);
        var high = Bind(syntax.High);
        if (operand.Type.Kind == TypeKind.Error || low.Type.Kind == TypeKind.Error || high.Type.Kind == TypeKind.Error) return Coercion.ErrorExpr;
        if (!TypeRules.AreComparable(operand.Type, low.Type)) return Mismatch(syntax.Low, "between", operand, low);
        if (!TypeRules.AreComparable(operand.Type, high.Type)) return Mismatch(syntax.High, "between", operand, high);
        (var o1, low) = UnifyForComparison(operand, low);
        (var o2, high) = UnifyForComparison(operand, high);
        if (o1.Type.Kind != o2.Type.Kind || o1.Type.Kind != operand.Type.Kind)
        {
            var common = TypeRules.WidenNumeric(TypeRules.WidenNumeric(operand.Type, low.Type), high.Type);
            operand = Coercion.ToKind(operand, common);
            (_, low) = UnifyForComparison(operand, low);
            (_, high) = UnifyForComparison(operand, high);
        }
        var nullable = operand.Type.Nullable || low.Type.Nullable || high.Type.Nullable;
        return new BetweenExpr(PulseType.Bool.WithNullability(nullable), operand, low, high, syntax.IsNegated);
    }

    private Expr BindCase(CaseExpressionSyntax syntax)
    {
        var whens = ImmutableArray.CreateBuilder<WhenClause>();
        var results = new List<(Expr Result, ExpressionSyntax Syntax)>();
        var failed = false;
        foreach (var when in syntax.WhenClauses)
        {
            var condition = BindCondition(when.Condition, "a `when` condition");
            var result = Bind(when.Result);
            failed |= condition.Type.Kind == TypeKind.Error || result.Type.Kind == TypeKind.Error;
            whens.Add(new WhenClause(condition, result));
            results.Add((result, when.Result));
        }
        Expr? elseResult = null;
        if (syntax.ElseClause is { } elseClause)
        {
            elseResult = Bind(elseClause.Result);
            failed |= elseResult.Type.Kind == TypeKind.Error;
            results.Add((elseResult, elseClause.Result));
        }
        if (failed || results.Count == 0) return Coercion.ErrorExpr;
        var common = results[0].Result.Type;
        foreach (var (result, resultSyntax) in results.Skip(1))
        {
            var next = TypeRules.CommonSupertype(common, result.Type);
            if (next is null)
            {
                context.Add(BindingContext.At(tree, resultSyntax).NoCommonType("case results", common.ToString(), result.Type.ToString()));
                return Coercion.ErrorExpr;
            }
            common = next;
        }
        if (common.Kind == TypeKind.Null)
        {
            context.Add(BindingContext.At(tree, syntax).NullNeedsType());
            return Coercion.ErrorExpr;
        }
        var nullable = common.Nullable || elseResult is null;
        var typedWhens = whens.Select(w => w with { Result = Coercion.ToKind(w.Result, common) }).ToImmutableArray();
        var typedElse = elseResult is null ? null : Coercion.ToKind(elseResult, common);
        return new CaseExpr(common.WithNullability(nullable), typedWhens, typedElse);
    }

    private Expr BindCast(CastExpressionSyntax syntax)
    {
        var operand = Bind(syntax.Expression);
        var target = TypeBinder.Bind(syntax.Type, tree, context);
        if (operand.Type.Kind == TypeKind.Error || target.Kind == TypeKind.Error) return Coercion.ErrorExpr;
        if (!TypeRules.CanCast(operand.Type, target))
        {
            context.Add(BindingContext.At(tree, syntax).InvalidCast(operand.Type.ToString(), target.ToString()));
            return Coercion.ErrorExpr;
        }
        string? format = null;
        if (syntax.Format is { IsMissing: false } formatToken)
        {
            format = formatToken.ValueText;
            if (!Constants.TryValidateDateTimePattern(format, out var reason))
            {
                context.Add(BindingContext.At(tree, formatToken).InvalidDateTimePattern(format, reason));
                return Coercion.ErrorExpr;
            }
        }
        var type = target.WithNullability(operand.Type.Nullable || target.Nullable);
        if (operand is LiteralExpr { Type.Kind: TypeKind.Null }) return new LiteralExpr(type.AsNullable(), null);
        return new CastExpr(type, operand, format);
    }
}
