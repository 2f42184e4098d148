using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Targets.CSharp;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;
using S = Pulse.Targets.CSharp.CSharpSyntax;

namespace Pulse.Targets.Consumers;

/// <summary>
/// Writes IR expressions as C# over nullable values, calling the runtime's own operators and functions
/// (<c>Operators</c>, <c>Functions</c>, <c>DecimalMath</c>, <c>ValueCasts</c>, copied into the project under
/// Engine/), so generated code and <c>pulse run</c> share one implementation of the value semantics. The
/// shape of each translation follows Runtime/Expressions/ExpressionCompiler.cs step for step: the same
/// widening, the same decimal fitting, the same three-valued logic and short circuits.
/// </summary>
internal sealed class ExpressionWriter(Func<string, (ExpressionSyntax Body, PulseType Type)> column, ConstantPool constants)
{
    private int lambdas;

    /// <summary>The value of <paramref name="expr"/> converted to <paramref name="target"/> (as the batch SQL's CAST to the column type).</summary>
    public ExpressionSyntax Value(Expr expr, PulseType target)
    {
        var (body, type) = Build(expr);
        return target.Kind == TypeKind.Null ? body : Coerce(body, type, target);
    }

    /// <summary>True only when the condition is true (false and null are not), as a filter or expectation reads it.</summary>
    public ExpressionSyntax Predicate(Expr expr) => S.Call("Sql", "IsTrue", Boolean(expr));

    private ExpressionSyntax Boolean(Expr expr)
    {
        var (body, type) = Build(expr);
        if (type.Kind == TypeKind.Null) return TypedNull("bool?");
        if (type.Kind != TypeKind.Bool) throw new TargetUnsupportedException($"a condition must be bool, not {type}");
        return body;
    }

    private (ExpressionSyntax Body, PulseType Type) Build(Expr expr) => expr switch
    {
        LiteralExpr literal => (Literal(literal), literal.Type),
        ColumnRef reference when reference.Input != 0 => throw new TargetUnsupportedException($"column {reference.Name} of a join's right input: a consumer does not join"),
        ColumnRef reference => column(reference.Name),
        UnaryExpr unary => (Unary(unary), unary.Type),
        BinaryExpr binary => (Binary(binary), binary.Type),
        IsNullExpr isNull => (IsNull(isNull), PulseType.Bool),
        InExpr inExpr => (In(inExpr), PulseType.Bool.AsNullable()),
        BetweenExpr between => (Between(between), PulseType.Bool.AsNullable()),
        CallExpr call => (Call(call), call.Type),
        CaseExpr caseExpr => (Case(caseExpr), caseExpr.Type),
        CastExpr cast => (Cast(cast), cast.Type),
        _ => throw new TargetUnsupportedException($"expression {expr.GetType().Name}"),
    };

    // ---- literals -------------------------------------------------------------------------------

    private static ExpressionSyntax Literal(LiteralExpr literal)
    {
        if (literal.Value is not { } text || literal.Type.Kind == TypeKind.Null) return TypedNull(ClrTypeNames.Of(literal.Type.AsNullable()));
        return Constant(literal.Type, text);
    }

    /// <summary>A constant held as its nullable type, e.g. <c>((decimal?)0.40m)</c>, so every generated value has the runtime's type.</summary>
    public static ExpressionSyntax Constant(PulseType type, string text)
    {
        var invariant = CultureInfo.InvariantCulture;
        ExpressionSyntax value = type.Kind switch
        {
            TypeKind.String or TypeKind.Json or TypeKind.List or TypeKind.Record => S.String(text),
            TypeKind.Int => Number(int.Parse(text, invariant).ToString(invariant), int.Parse(text, invariant)),
            TypeKind.Long => Number(long.Parse(text, invariant).ToString(invariant) + "L", long.Parse(text, invariant)),
            TypeKind.Decimal => Number(decimal.Parse(text, NumberStyles.Float, invariant).ToString(invariant) + "m", decimal.Parse(text, NumberStyles.Float, invariant)),
            TypeKind.Double => S.Double(double.Parse(text, NumberStyles.Float, invariant)),
            TypeKind.Bool => S.Bool(text == "true"),
            TypeKind.Date => S.New("System.DateOnly", DateParts(text)),
            TypeKind.Timestamp => S.New("System.DateTime", S.Long(DateTimeOffset.Parse(text, invariant, DateTimeStyles.AssumeUniversal).UtcTicks), S.Dotted("System.DateTimeKind.Utc")),
            TypeKind.Duration => S.Call("System.TimeSpan", "FromTicks", S.Long(checked(long.Parse(text, invariant) * TimeSpan.TicksPerMillisecond))),
            _ => throw new TargetUnsupportedException($"a constant of type {type}"),
        };
        return ClrTypeNames.IsText(type) ? value : Cast(ClrTypeNames.Of(type.AsNullable()), value);
    }

    private static ExpressionSyntax[] DateParts(string text)
    {
        var date = DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return [S.Int(date.Year), S.Int(date.Month), S.Int(date.Day)];
    }

    /// <summary>A number, negative ones as a unary minus (a literal token never carries its sign).</summary>
    private static ExpressionSyntax Number<T>(string text, T value) where T : System.Numerics.INumber<T>
    {
        if (!text.StartsWith('-')) return LiteralExpression(SyntaxKind.NumericLiteralExpression, NumericToken(text, value));
        return ParenthesizedExpression(PrefixUnaryExpression(SyntaxKind.UnaryMinusExpression,
            LiteralExpression(SyntaxKind.NumericLiteralExpression, NumericToken(text[1..], -value))));
    }

    private static Microsoft.CodeAnalysis.SyntaxToken NumericToken<T>(string text, T value) => value switch
    {
        int i => SyntaxFactory.Literal(text, i),
        long l => SyntaxFactory.Literal(text, l),
        decimal m => SyntaxFactory.Literal(text, m),
        _ => throw new InvalidOperationException("numeric literal"),
    };

    public static ExpressionSyntax Cast(string type, ExpressionSyntax value) => ParenthesizedExpression(CastExpression(ParseTypeName(type), value));

    private static ExpressionSyntax TypedNull(string type) => type == "object" ? S.Null() : Cast(type, S.Null());

    // ---- operators ------------------------------------------------------------------------------

    private static ExpressionSyntax Operator(string name, params ExpressionSyntax[] arguments) => S.Call("Operators", name, arguments);

    private static ExpressionSyntax Generic(string owner, string name, string typeArgument, params ExpressionSyntax[] arguments) =>
        InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, S.Dotted(owner),
            GenericName(name).AddTypeArgumentListArguments(ParseTypeName(typeArgument))), S.Arguments(arguments));

    private ExpressionSyntax Unary(UnaryExpr unary)
    {
        var (operand, type) = Build(unary.Operand);
        if (unary.Op == UnaryOp.Not) return Operator("Not", Coerce(operand, type, PulseType.Bool.AsNullable()));
        if (type.Kind == TypeKind.Null) return TypedNull(ClrTypeNames.Of(unary.Type.AsNullable()));
        if (type.Kind == TypeKind.Duration) return ParenthesizedExpression(PrefixUnaryExpression(SyntaxKind.UnaryMinusExpression, operand));
        var result = Generic("Operators", "Negate", ClrTypeNames.ValueType(type)!, Widen(operand, type, unary.Type));
        return Coerce(result, unary.Type.WithNullability(true), unary.Type);
    }

    private ExpressionSyntax Binary(BinaryExpr binary)
    {
        switch (binary.Op)
        {
            case BinaryOp.And or BinaryOp.Or:
                return S.Call("Sql", binary.Op == BinaryOp.And ? "And" : "Or", Boolean(binary.Left),
                    ParenthesizedLambdaExpression().WithExpressionBody(Boolean(binary.Right)));
            case BinaryOp.Coalesce:
            {
                var (left, leftType) = Build(binary.Left);
                var (right, rightType) = Build(binary.Right);
                var result = binary.Type.AsNullable();
                return ParenthesizedExpression(BinaryExpression(SyntaxKind.CoalesceExpression, Coerce(left, leftType, result), Coerce(right, rightType, result)));
            }
            case BinaryOp.Equal or BinaryOp.NotEqual or BinaryOp.Less or BinaryOp.LessOrEqual or BinaryOp.Greater or BinaryOp.GreaterOrEqual:
            {
                var (left, leftType) = Build(binary.Left);
                var (right, rightType) = Build(binary.Right);
                var order = Order(left, leftType, right, rightType);
                return order is null ? TypedNull("bool?") : Operator(binary.Op.ToString(), order);
            }
        }
        var (l, lt) = Build(binary.Left);
        var (r, rt) = Build(binary.Right);
        var type = binary.Type;
        if (lt.Kind == TypeKind.Null || rt.Kind == TypeKind.Null) return TypedNull(ClrTypeNames.Of(type.AsNullable()));
        if (type.Kind == TypeKind.String && binary.Op == BinaryOp.Add)
            return Operator("Concat", Coerce(l, lt, PulseType.String), Coerce(r, rt, PulseType.String));
        if (type.Kind is TypeKind.Timestamp or TypeKind.Duration) return Temporal(binary.Op, l, lt, r, rt);
        if (!type.IsNumeric) throw new TargetUnsupportedException($"operator {binary.Op} producing {type}");
        if (binary.Op == BinaryOp.Divide && type.Kind == TypeKind.Decimal)
            return Operator("DivideDecimal", Widen(l, lt, type), Widen(r, rt, type), S.Int(type.Precision), S.Int(type.Scale));
        var name = binary.Op switch
        {
            BinaryOp.Add => "Add",
            BinaryOp.Subtract => "Subtract",
            BinaryOp.Multiply => "Multiply",
            BinaryOp.Divide => "DivideExact",
            BinaryOp.Modulo => "Modulo",
            _ => throw new TargetUnsupportedException($"operator {binary.Op}"),
        };
        var computed = Generic("Operators", name, ClrTypeNames.ValueType(type)!, Widen(l, lt, type), Widen(r, rt, type));
        return type.Kind == TypeKind.Decimal ? Fit(computed, type) : computed;
    }

    private static ExpressionSyntax Temporal(BinaryOp op, ExpressionSyntax left, PulseType leftType, ExpressionSyntax right, PulseType rightType) =>
        (op, leftType.Kind, rightType.Kind) switch
        {
            (BinaryOp.Add, TypeKind.Timestamp, TypeKind.Duration) => Operator("AddDuration", left, right),
            (BinaryOp.Add, TypeKind.Duration, TypeKind.Timestamp) => Operator("AddDuration", right, left),
            (BinaryOp.Subtract, TypeKind.Timestamp, TypeKind.Duration) => Operator("SubtractDuration", left, right),
            (BinaryOp.Subtract, TypeKind.Timestamp, TypeKind.Timestamp) => Operator("Difference", left, right),
            (BinaryOp.Add, TypeKind.Duration, TypeKind.Duration) => Operator("AddSpans", left, right),
            (BinaryOp.Subtract, TypeKind.Duration, TypeKind.Duration) => Operator("SubtractSpans", left, right),
            _ => throw new TargetUnsupportedException($"{op} of {leftType} and {rightType}"),
        };

    /// <summary>An <c>int?</c> ordering of two values in their common type, or null when one side is the null literal.</summary>
    private static ExpressionSyntax? Order(ExpressionSyntax left, PulseType leftType, ExpressionSyntax right, PulseType rightType)
    {
        if (leftType.Kind == TypeKind.Null || rightType.Kind == TypeKind.Null) return null;
        var common = CommonType(leftType, rightType);
        var l = Widen(left, leftType, common);
        var r = Widen(right, rightType, common);
        return ClrTypeNames.IsText(common) ? Operator("CompareText", l, r) : Generic("Operators", "Compare", ClrTypeNames.ValueType(common)!, l, r);
    }

    private ExpressionSyntax IsNull(IsNullExpr isNull)
    {
        var (operand, type) = Build(isNull.Operand);
        if (type.Kind == TypeKind.Null) return Cast("bool?", S.Bool(!isNull.Negated));
        var test = BinaryExpression(isNull.Negated ? SyntaxKind.NotEqualsExpression : SyntaxKind.EqualsExpression, operand, S.Null());
        return Cast("bool?", ParenthesizedExpression(test));
    }

    private ExpressionSyntax In(InExpr inExpr)
    {
        var (operand, operandType) = Build(inExpr.Operand);
        var values = inExpr.Values.Select(Build).ToList();
        var common = values.Aggregate(operandType, (t, v) => v.Type.Kind == TypeKind.Null ? t : t.Kind == TypeKind.Null ? v.Type : CommonType(t, v.Type));
        if (operandType.Kind == TypeKind.Null || common.Kind == TypeKind.Null) return TypedNull("bool?");
        var element = ClrTypeNames.Of(common.AsNullable());
        var candidates = S.Array(element, values.Select(v => v.Type.Kind == TypeKind.Null ? TypedNull(element) : Widen(v.Body, v.Type, common)));
        var test = ClrTypeNames.IsText(common)
            ? Operator("InText", Widen(operand, operandType, common), candidates)
            : Generic("Operators", "In", ClrTypeNames.ValueType(common)!, Widen(operand, operandType, common), candidates);
        return inExpr.Negated ? Operator("Not", test) : test;
    }

    private ExpressionSyntax Between(BetweenExpr between)
    {
        var (operand, operandType) = Build(between.Operand);
        var (low, lowType) = Build(between.Low);
        var (high, highType) = Build(between.High);
        var name = "value" + (lambdas++).ToString(CultureInfo.InvariantCulture);
        ExpressionSyntax Bound(ExpressionSyntax bound, PulseType boundType) =>
            SimpleLambdaExpression(Parameter(Identifier(name)))
                .WithExpressionBody(Order(IdentifierName(name), operandType, bound, boundType) ?? TypedNull("int?"));
        if (operandType.Kind == TypeKind.Null) return TypedNull("bool?");
        var test = S.Call("Sql", "Between", operand, Bound(low, lowType), Bound(high, highType));
        return between.Negated ? Operator("Not", test) : test;
    }

    private ExpressionSyntax Case(CaseExpr caseExpr)
    {
        var result = caseExpr.Type.AsNullable();
        var otherwise = caseExpr.Else is null ? TypedNull(ClrTypeNames.Of(result)) : Coerced(caseExpr.Else, result);
        for (var i = caseExpr.Whens.Length - 1; i >= 0; i--)
        {
            var when = caseExpr.Whens[i];
            otherwise = ParenthesizedExpression(ConditionalExpression(S.Call("Sql", "IsTrue", Boolean(when.Condition)),
                Cast(ClrTypeNames.Of(result), Coerced(when.Result, result)), otherwise));
        }
        return otherwise;
    }

    private ExpressionSyntax Coerced(Expr expr, PulseType target)
    {
        var (body, type) = Build(expr);
        return Coerce(body, type, target);
    }

    private ExpressionSyntax Cast(CastExpr cast)
    {
        var (operand, type) = Build(cast.Operand);
        var target = cast.Type.AsNullable();
        if (type.Kind == TypeKind.Null) return TypedNull(ClrTypeNames.Of(target));
        ExpressionSyntax pattern = cast.Format is not null && type.Kind == TypeKind.String && target.IsTemporal ? constants.Pattern(cast.Format) : S.Null();
        return Cast(ClrTypeNames.Of(target), S.Call("ValueCasts", "TryCast", operand, ClrTypeNames.TypeValue(type), ClrTypeNames.TypeValue(target), pattern));
    }

    // ---- functions ------------------------------------------------------------------------------

    private ExpressionSyntax Call(CallExpr call)
    {
        var args = call.Arguments;
        ExpressionSyntax Text(int i) => Coerced(args[i], PulseType.String.AsNullable());
        ExpressionSyntax Integer(int i) => Coerced(args[i], PulseType.Int.AsNullable());
        ExpressionSyntax F(string name, params ExpressionSyntax[] arguments) => S.Call("Functions", name, arguments);
        var result = call.Type;
        switch (call.Function)
        {
            case "trim": return F("Trim", Text(0));
            case "lower": return F("Lower", Text(0));
            case "upper": return F("Upper", Text(0));
            case "length": return F("Length", Text(0));
            case "replace": return F("Replace", Text(0), Text(1), Text(2));
            case "concat": return F("Concat", S.Array("string", args.Select((_, i) => Text(i))));
            case "substring":
                return F("Substring", Text(0), Integer(1), args.Length > 2 ? Integer(2) : TypedNull("int?"), S.Bool(args.Length > 2));
            case "regex_match":
                if (args[1] is not LiteralExpr { Value: { } pattern }) throw new TargetUnsupportedException("regex_match needs a constant pattern");
                return F("RegexMatch", Text(0), constants.Regex(pattern));
            case "round":
            {
                var (value, type) = Build(args[0]);
                var digits = args.Length > 1 ? Integer(1) : Cast("int?", S.Int(0));
                var rounded = F("Round", Widen(value, type, type.AsNullable()), digits);
                return result.Kind == TypeKind.Decimal ? Fit(Coerce(rounded, type.AsNullable(), result), result) : Coerce(rounded, type.AsNullable(), result);
            }
            case "abs":
            {
                var (value, type) = Build(args[0]);
                return Coerce(F("Abs", value), type.AsNullable(), result);
            }
            case "floor" or "ceil":
            {
                var (value, type) = Build(args[0]);
                if (type.Kind is TypeKind.Int or TypeKind.Long) return Coerce(value, type, result);
                var whole = Coerce(F(call.Function == "floor" ? "Floor" : "Ceil", value), type.AsNullable(), result);
                return result.Kind == TypeKind.Decimal ? Fit(whole, result) : whole;
            }
            case "year" or "month" or "day":
                return F(call.Function switch { "year" => "Year", "month" => "Month", _ => "Day" }, Build(args[0]).Body);
            case "date_trunc":
                return F("DateTrunc", Text(0), Coerced(args[1], PulseType.Timestamp.AsNullable()));
            case "now":
                return constants.Now();
            case "date":
                return args[0] is LiteralExpr { Value: { } day } ? Constant(PulseType.Date, day) : F("DateOf", Text(0));
            case "timestamp":
                return args[0] is LiteralExpr { Value: { } instant } ? Constant(PulseType.Timestamp, instant) : F("TimestampOf", Text(0));
            case "parse_date" or "parse_timestamp":
                if (args[1] is not LiteralExpr { Value: { } format }) throw new TargetUnsupportedException($"{call.Function} needs a constant format");
                return F(call.Function == "parse_date" ? "ParseDate" : "ParseTimestamp", Text(0), constants.Pattern(format));
            default:
                throw new TargetUnsupportedException($"function '{call.Function}'");
        }
    }

    // ---- types ----------------------------------------------------------------------------------

    /// <summary>Converts as the batch SQL's CAST to a column type: widening is free, decimals are held to their precision and scale, a narrowing that does not fit throws.</summary>
    public static ExpressionSyntax Coerce(ExpressionSyntax body, PulseType from, PulseType to)
    {
        var target = ClrTypeNames.Of(to.AsNullable());
        if (from.Kind == TypeKind.Null) return TypedNull(target);
        if (from.Kind == to.Kind)
        {
            if (to.Kind == TypeKind.Decimal && (to.Scale != from.Scale || to.Precision != from.Precision)) return Fit(body, to);
            return body;
        }
        if (IsWidening(from, to))
        {
            var widened = Widen(body, from, to);
            return to.Kind == TypeKind.Decimal ? Coerce(widened, TypeRules.AsDecimal(from), to) : widened;
        }
        return Cast(target, S.Call("Sql", "CastOrThrow", body, ClrTypeNames.TypeValue(from), ClrTypeNames.TypeValue(to)));
    }

    private static ExpressionSyntax Fit(ExpressionSyntax body, PulseType to) =>
        S.Call("DecimalMath", "Fit", body, S.Int(to.Precision), S.Int(to.Scale));

    private static bool IsWidening(PulseType from, PulseType to) =>
        from.IsNumeric && to.IsNumeric && TypeRules.NumericRank(from.Kind) < TypeRules.NumericRank(to.Kind)
        || from.Kind == TypeKind.Date && to.Kind == TypeKind.Timestamp;

    /// <summary>Converts without rounding or range checks (widening only; decimals keep their exact value).</summary>
    private static ExpressionSyntax Widen(ExpressionSyntax body, PulseType from, PulseType to)
    {
        var target = ClrTypeNames.Of(to.AsNullable());
        if (from.Kind == TypeKind.Null) return TypedNull(target);
        if (ClrTypeNames.Of(from.AsNullable()) == target) return body;
        if (from.Kind == TypeKind.Date && to.Kind == TypeKind.Timestamp)
            return Cast(target, S.Call("Sql", "CastOrThrow", body, ClrTypeNames.TypeValue(from), ClrTypeNames.TypeValue(to)));
        return Cast(target, body);
    }

    /// <summary>The type two compared values meet in: numeric widening, date to timestamp, otherwise their own type.</summary>
    private static PulseType CommonType(PulseType a, PulseType b)
    {
        // The language's numeric widening (Compiler/Types/TypeRules.cs, which the binder types these expressions with);
        // only the CLR type of the result matters here: widening never rounds (see Widen).
        if (a.IsNumeric && b.IsNumeric) return TypeRules.WidenNumeric(a, b).AsNullable();
        if (a.IsTemporal && b.IsTemporal && a.Kind != b.Kind) return PulseType.Timestamp.AsNullable();
        if (ClrTypeNames.Of(a.AsNullable()) != ClrTypeNames.Of(b.AsNullable())) throw new TargetUnsupportedException($"cannot compare {a} with {b}");
        return a.AsNullable();
    }
}
