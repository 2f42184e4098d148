using System.Reflection;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Linq = System.Linq.Expressions.Expression;
using LinqExpr = System.Linq.Expressions.Expression;
using Parameter = System.Linq.Expressions.ParameterExpression;

namespace Pulse.Runtime.Expressions;

/// <summary>
/// Compiles IR expressions into delegates over rows (<c>object?[]</c>, see <see cref="RowLayout"/>) with
/// <c>System.Linq.Expressions</c>: the tree is walked once, columns become array indexes, constants
/// (regexes, date patterns, <c>in</c> lists) are prepared once, and evaluating a row runs IL, not an
/// interpreter. Values inside a compiled expression are nullable CLR values (<see cref="ClrTypes"/>);
/// semantics follow the batch layer's DuckDB SQL (see <see cref="Operators"/>, <see cref="Functions"/>,
/// <see cref="ValueCasts"/>). An evaluation that cannot produce a value (an overflow) throws; callers
/// treat that row as failed.
/// </summary>
public sealed class ExpressionCompiler
{
    private readonly RowLayout layout;
    private readonly DateTime now;
    private readonly Parameter row = Linq.Parameter(typeof(object?[]), "row");

    /// <param name="now">The value of <c>now()</c>: the run's start, one value per run.</param>
    public ExpressionCompiler(RowLayout layout, DateTime now)
    {
        this.layout = layout;
        this.now = DateTime.SpecifyKind(now, DateTimeKind.Utc);
    }

    public RowLayout Layout => layout;

    /// <summary>The value of <paramref name="expr"/>, converted to <paramref name="target"/> when given (as the batch SQL's CAST to the column type).</summary>
    public Func<object?[], object?> Value(Expr expr, PulseType? target = null)
    {
        // Hot path of every speed view (group keys, aggregate arguments, projections): a column read as it is
        // needs no unboxing and boxing again, only the slot (a row holds each column's CLR type, see ClrTypes).
        if (PlainSlot(expr, target) is { } slot) return values => values[slot];
        var (body, type) = Build(expr);
        if (target is not null && target.Kind != TypeKind.Null) body = Coerce(body, type, target);
        var compiled = Linq.Lambda<Func<object?[], object?>>(Linq.Convert(body, typeof(object)), row).Compile();
        if (expr is not LiteralExpr) return compiled;
        // A literal is the same value for every row: box it once (a value that cannot be made still fails per row).
        object? constant;
        try { constant = compiled([]); }
        catch (Exception e) when (e is OverflowException or ArithmeticException or InvalidCastException or FormatException or ArgumentException) { return compiled; }
        return _ => constant;
    }

    /// <summary>The slot of a column reference whose value needs no conversion to <paramref name="target"/>; null otherwise.</summary>
    private int? PlainSlot(Expr expr, PulseType? target)
    {
        if (expr is not ColumnRef { Input: 0 } column || !layout.TryFind(column.Name, out var ordinal, out var type)) return null;
        if (type.Kind is TypeKind.Null or TypeKind.Error) return null;
        if (target is null || target.Kind == TypeKind.Null) return ordinal;
        if (target.Kind != type.Kind) return null;
        return type.Kind != TypeKind.Decimal || target.Scale == type.Scale && target.Precision == type.Precision ? ordinal : null;
    }

    /// <summary>True only when the condition is true (false and null are not), as a filter or expectation reads it.</summary>
    public Func<object?[], bool> Predicate(Expr expr)
    {
        var body = Boolean(expr);
        return Linq.Lambda<Func<object?[], bool>>(Linq.Equal(body, Linq.Constant(true, typeof(bool?))), row).Compile();
    }

    /// <summary>The three-valued result of a condition.</summary>
    public Func<object?[], bool?> Condition(Expr expr) => Linq.Lambda<Func<object?[], bool?>>(Boolean(expr), row).Compile();

    private LinqExpr Boolean(Expr expr)
    {
        var (body, type) = Build(expr);
        if (type.Kind == TypeKind.Null) return Linq.Constant(null, typeof(bool?));
        if (type.Kind != TypeKind.Bool) throw new NotSupportedException($"a condition must be bool, not {type}");
        return body;
    }

    // ---- the walk -----------------------------------------------------------------------------

    private (LinqExpr Body, PulseType Type) Build(Expr expr) => expr switch
    {
        LiteralExpr literal => (Constant(literal.Type, Literals.Value(literal)), literal.Type),
        ColumnRef column => Column(column),
        UnaryExpr unary => (Unary(unary), unary.Type),
        BinaryExpr binary => (Binary(binary), binary.Type),
        IsNullExpr isNull => (IsNull(isNull), PulseType.Bool),
        InExpr inExpr => (In(inExpr), PulseType.Bool.AsNullable()),
        BetweenExpr between => (Between(between), PulseType.Bool.AsNullable()),
        CallExpr call => (Call(call), call.Type),
        CaseExpr caseExpr => (Case(caseExpr), caseExpr.Type),
        CastExpr cast => (Cast(cast), cast.Type),
        _ => throw new NotSupportedException($"the speed layer cannot compile {expr.GetType().Name}"),
    };

    private static LinqExpr Constant(PulseType type, object? value) =>
        type.Kind == TypeKind.Null ? Linq.Constant(null, typeof(object)) : Linq.Constant(value, ClrTypes.Of(type));

    private (LinqExpr, PulseType) Column(ColumnRef column)
    {
        if (column.Input != 0) throw new NotSupportedException($"column {column.Name} of a join's right input: the speed layer does not join");
        if (!layout.TryFind(column.Name, out var ordinal, out var type))
            throw new KeyNotFoundException($"no column '{column.Name}' in the row (columns: {string.Join(", ", layout.Names)})");
        var slot = Linq.ArrayIndex(row, Linq.Constant(ordinal));
        var clr = ClrTypes.Of(type);
        return (clr == typeof(string) ? Linq.TypeAs(slot, typeof(string)) : Linq.Convert(slot, clr), type);
    }

    private LinqExpr Unary(UnaryExpr unary)
    {
        var (operand, type) = Build(unary.Operand);
        if (unary.Op == UnaryOp.Not) return Linq.Call(Method(nameof(Operators.Not)), Coerce(operand, type, PulseType.Bool.AsNullable()));
        if (type.Kind == TypeKind.Null) return Linq.Constant(null, ClrTypes.Of(unary.Type));
        if (type.Kind == TypeKind.Duration) return Linq.Negate(operand);
        var result = Linq.Call(Generic(nameof(Operators.Negate), type), Widen(operand, type, unary.Type));
        return Coerce(result, unary.Type.WithNullability(true), unary.Type);
    }

    private LinqExpr Binary(BinaryExpr binary)
    {
        switch (binary.Op)
        {
            case BinaryOp.And or BinaryOp.Or: return Logic(binary);
            case BinaryOp.Coalesce: return CoalesceOf(binary);
            case BinaryOp.Equal or BinaryOp.NotEqual or BinaryOp.Less or BinaryOp.LessOrEqual or BinaryOp.Greater or BinaryOp.GreaterOrEqual:
                return Comparison(binary.Op, binary.Left, binary.Right);
        }
        var (left, leftType) = Build(binary.Left);
        var (right, rightType) = Build(binary.Right);
        var result = binary.Type;
        if (leftType.Kind == TypeKind.Null || rightType.Kind == TypeKind.Null) return Linq.Constant(null, ClrTypes.Of(result));
        if (result.Kind == TypeKind.String && binary.Op == BinaryOp.Add)
            return Linq.Call(Method(nameof(Operators.Concat)), Coerce(left, leftType, PulseType.String), Coerce(right, rightType, PulseType.String));
        if (result.Kind is TypeKind.Timestamp or TypeKind.Duration) return Temporal(binary.Op, left, leftType, right, rightType);
        if (!result.IsNumeric) throw new NotSupportedException($"operator {binary.Op} producing {result}");

        if (binary.Op == BinaryOp.Divide && result.Kind == TypeKind.Decimal)
            return Linq.Call(Method(nameof(Operators.DivideDecimal)), Widen(left, leftType, result), Widen(right, rightType, result),
                Linq.Constant(result.Precision), Linq.Constant(result.Scale));
        var name = binary.Op switch
        {
            BinaryOp.Add => nameof(Operators.Add),
            BinaryOp.Subtract => nameof(Operators.Subtract),
            BinaryOp.Multiply => nameof(Operators.Multiply),
            BinaryOp.Divide => nameof(Operators.DivideExact),
            BinaryOp.Modulo => nameof(Operators.Modulo),
            _ => throw new NotSupportedException($"operator {binary.Op}"),
        };
        var computed = Linq.Call(Generic(name, result), Widen(left, leftType, result), Widen(right, rightType, result));
        return result.Kind == TypeKind.Decimal ? FitDecimal(computed, result) : computed;
    }

    private static LinqExpr Temporal(BinaryOp op, LinqExpr left, PulseType leftType, LinqExpr right, PulseType rightType)
    {
        return (op, leftType.Kind, rightType.Kind) switch
        {
            (BinaryOp.Add, TypeKind.Timestamp, TypeKind.Duration) => Linq.Call(Method(nameof(Operators.AddDuration)), left, right),
            (BinaryOp.Add, TypeKind.Duration, TypeKind.Timestamp) => Linq.Call(Method(nameof(Operators.AddDuration)), right, left),
            (BinaryOp.Subtract, TypeKind.Timestamp, TypeKind.Duration) => Linq.Call(Method(nameof(Operators.SubtractDuration)), left, right),
            (BinaryOp.Subtract, TypeKind.Timestamp, TypeKind.Timestamp) => Linq.Call(Method(nameof(Operators.Difference)), left, right),
            (BinaryOp.Add, TypeKind.Duration, TypeKind.Duration) => Linq.Call(Method(nameof(Operators.AddSpans)), left, right),
            (BinaryOp.Subtract, TypeKind.Duration, TypeKind.Duration) => Linq.Call(Method(nameof(Operators.SubtractSpans)), left, right),
            _ => throw new NotSupportedException($"{op} of {leftType} and {rightType}"),
        };
    }

    private LinqExpr Logic(BinaryExpr binary)
    {
        var left = Boolean(binary.Left);
        var right = Boolean(binary.Right);
        var value = Linq.Variable(typeof(bool?), "left");
        var decisive = binary.Op == BinaryOp.And ? false : true;
        var rest = Method(binary.Op == BinaryOp.And ? nameof(Operators.AndRest) : nameof(Operators.OrRest));
        // Short-circuit like SQL engines may: a decisive left side skips the right.
        return Linq.Block(typeof(bool?), [value],
            Linq.Assign(value, left),
            Linq.Condition(Linq.Equal(value, Linq.Constant(decisive, typeof(bool?))),
                Linq.Constant(decisive, typeof(bool?)),
                Linq.Call(rest, value, right)));
    }

    private LinqExpr CoalesceOf(BinaryExpr binary)
    {
        var (left, leftType) = Build(binary.Left);
        var (right, rightType) = Build(binary.Right);
        var result = binary.Type;
        var l = Coerce(left, leftType, result.AsNullable());
        var r = Coerce(right, rightType, result.AsNullable());
        return Linq.Coalesce(l, r);
    }

    private LinqExpr Comparison(BinaryOp op, Expr leftExpr, Expr rightExpr)
    {
        var (left, leftType) = Build(leftExpr);
        var (right, rightType) = Build(rightExpr);
        var order = Order(left, leftType, right, rightType);
        if (order is null) return Linq.Constant(null, typeof(bool?));
        var name = op switch
        {
            BinaryOp.Equal => nameof(Operators.Equal),
            BinaryOp.NotEqual => nameof(Operators.NotEqual),
            BinaryOp.Less => nameof(Operators.Less),
            BinaryOp.LessOrEqual => nameof(Operators.LessOrEqual),
            BinaryOp.Greater => nameof(Operators.Greater),
            _ => nameof(Operators.GreaterOrEqual),
        };
        return Linq.Call(Method(name), order);
    }

    /// <summary>An <c>int?</c> ordering of two values in their common type, or null when one side is the null literal.</summary>
    private static LinqExpr? Order(LinqExpr left, PulseType leftType, LinqExpr right, PulseType rightType)
    {
        if (leftType.Kind == TypeKind.Null || rightType.Kind == TypeKind.Null) return null;
        var common = CommonType(leftType, rightType);
        var l = Widen(left, leftType, common);
        var r = Widen(right, rightType, common);
        if (ClrTypes.Of(common) == typeof(string)) return Linq.Call(Method(nameof(Operators.CompareText)), l, r);
        return Linq.Call(Generic(nameof(Operators.Compare), common), l, r);
    }

    private LinqExpr IsNull(IsNullExpr isNull)
    {
        var (operand, type) = Build(isNull.Operand);
        LinqExpr test = type.Kind == TypeKind.Null ? Linq.Constant(true)
            : Linq.Equal(operand, Linq.Constant(null, operand.Type));
        if (isNull.Negated) test = Linq.Not(test);
        return Linq.Convert(test, typeof(bool?));
    }

    private LinqExpr In(InExpr inExpr)
    {
        var (operand, operandType) = Build(inExpr.Operand);
        var values = inExpr.Values.Select(Build).ToList();
        var common = values.Aggregate(operandType, (t, v) => v.Type.Kind == TypeKind.Null ? t : t.Kind == TypeKind.Null ? v.Type : CommonType(t, v.Type));
        if (operandType.Kind == TypeKind.Null || common.Kind == TypeKind.Null) return Linq.Constant(null, typeof(bool?));
        var clr = ClrTypes.Of(common.AsNullable());
        LinqExpr candidates;
        if (inExpr.Values.All(v => v is LiteralExpr))
        {
            // Constant lists are converted once, here.
            var array = Array.CreateInstance(clr, values.Count);
            for (var i = 0; i < values.Count; i++)
            {
                var literal = (LiteralExpr)inExpr.Values[i];
                var value = Literals.Value(literal);
                array.SetValue(value is null ? null : ValueCasts.TryCast(value, literal.Type, common), i);
            }
            candidates = Linq.Constant(array);
        }
        else candidates = Linq.NewArrayInit(clr, values.Select(v => v.Type.Kind == TypeKind.Null ? Linq.Constant(null, clr) : Widen(v.Body, v.Type, common)));
        var test = clr == typeof(string)
            ? Linq.Call(Method(nameof(Operators.InText)), Widen(operand, operandType, common), candidates)
            : Linq.Call(Generic(nameof(Operators.In), common), Widen(operand, operandType, common), candidates);
        return inExpr.Negated ? Linq.Call(Method(nameof(Operators.Not)), test) : test;
    }

    private LinqExpr Between(BetweenExpr between)
    {
        var (operand, operandType) = Build(between.Operand);
        var (low, lowType) = Build(between.Low);
        var (high, highType) = Build(between.High);
        var value = Linq.Variable(operand.Type, "value");
        var lower = Order(value, operandType, low, lowType);
        var upper = Order(value, operandType, high, highType);
        var lowOk = lower is null ? Linq.Constant(null, typeof(bool?)) : (LinqExpr)Linq.Call(Method(nameof(Operators.GreaterOrEqual)), lower);
        var highOk = upper is null ? Linq.Constant(null, typeof(bool?)) : (LinqExpr)Linq.Call(Method(nameof(Operators.LessOrEqual)), upper);
        var first = Linq.Variable(typeof(bool?), "low");
        LinqExpr test = Linq.Block(typeof(bool?), [value, first],
            Linq.Assign(value, operand),
            Linq.Assign(first, lowOk),
            Linq.Condition(Linq.Equal(first, Linq.Constant(false, typeof(bool?))),
                Linq.Constant(false, typeof(bool?)),
                Linq.Call(Method(nameof(Operators.AndRest)), first, highOk)));
        return between.Negated ? Linq.Call(Method(nameof(Operators.Not)), test) : test;
    }

    private LinqExpr Case(CaseExpr caseExpr)
    {
        var result = caseExpr.Type.AsNullable();
        var clr = ClrTypes.Of(result);
        LinqExpr otherwise = caseExpr.Else is null ? Linq.Constant(null, clr) : Coerced(caseExpr.Else, result);
        for (var i = caseExpr.Whens.Length - 1; i >= 0; i--)
        {
            var when = caseExpr.Whens[i];
            otherwise = Linq.Condition(Linq.Equal(Boolean(when.Condition), Linq.Constant(true, typeof(bool?))), Coerced(when.Result, result), otherwise, clr);
        }
        return otherwise;
    }

    private LinqExpr Coerced(Expr expr, PulseType target)
    {
        var (body, type) = Build(expr);
        return Coerce(body, type, target);
    }

    private LinqExpr Cast(CastExpr cast)
    {
        var (operand, type) = Build(cast.Operand);
        var target = cast.Type.AsNullable();
        if (type.Kind == TypeKind.Null) return Linq.Constant(null, ClrTypes.Of(target));
        var pattern = cast.Format is not null && type.Kind == TypeKind.String && target.IsTemporal ? new DateTimePattern(cast.Format) : null;
        var converted = Linq.Call(typeof(ValueCasts).GetMethod(nameof(ValueCasts.TryCast))!, Linq.Convert(operand, typeof(object)),
            Linq.Constant(type), Linq.Constant(target), Linq.Constant(pattern, typeof(DateTimePattern)));
        return Unbox(converted, target);
    }

    private static LinqExpr Unbox(LinqExpr boxed, PulseType type)
    {
        var clr = ClrTypes.Of(type);
        return clr == typeof(string) ? Linq.TypeAs(boxed, typeof(string)) : Linq.Convert(boxed, clr);
    }

    // ---- functions ----------------------------------------------------------------------------

    private LinqExpr Call(CallExpr call)
    {
        var args = call.Arguments;
        LinqExpr Text(int i) => Coerced(args[i], PulseType.String.AsNullable());
        LinqExpr Integer(int i) => Coerced(args[i], PulseType.Int.AsNullable());
        LinqExpr F(string name, params LinqExpr[] arguments) =>
            Linq.Call(typeof(Functions).GetMethod(name, arguments.Select(a => a.Type).ToArray())
                      ?? throw new MissingMethodException($"Functions.{name}({string.Join(", ", arguments.Select(a => a.Type.Name))})"), arguments);
        var result = call.Type;
        switch (call.Function)
        {
            case "trim": return F(nameof(Functions.Trim), Text(0));
            case "lower": return F(nameof(Functions.Lower), Text(0));
            case "upper": return F(nameof(Functions.Upper), Text(0));
            case "length": return F(nameof(Functions.Length), Text(0));
            case "replace": return F(nameof(Functions.Replace), Text(0), Text(1), Text(2));
            case "concat":
                return F(nameof(Functions.Concat), Linq.NewArrayInit(typeof(string), args.Select((_, i) => Text(i))));
            case "substring":
                return F(nameof(Functions.Substring), Text(0), Integer(1), args.Length > 2 ? Integer(2) : Linq.Constant(null, typeof(int?)),
                    Linq.Constant(args.Length > 2));
            case "regex_match":
                if (args[1] is not LiteralExpr { Value: { } pattern })
                    throw new NotSupportedException("regex_match needs a constant pattern");
                return F(nameof(Functions.RegexMatch), Text(0), Linq.Constant(Functions.BuildRegex(pattern)));
            case "round":
            {
                var (value, type) = Build(args[0]);
                var digits = args.Length > 1 ? Integer(1) : Linq.Constant(0, typeof(int?));
                var rounded = F(nameof(Functions.Round), Widen(value, type, type.AsNullable()), digits);
                return result.Kind == TypeKind.Decimal ? FitDecimal(Coerce(rounded, type.AsNullable(), result), result) : Coerce(rounded, type.AsNullable(), result);
            }
            case "abs":
            {
                var (value, type) = Build(args[0]);
                return Coerce(F(nameof(Functions.Abs), value), type.AsNullable(), result);
            }
            case "floor" or "ceil":
            {
                var (value, type) = Build(args[0]);
                if (type.Kind is TypeKind.Int or TypeKind.Long) return Coerce(value, type, result);
                var name = call.Function == "floor" ? nameof(Functions.Floor) : nameof(Functions.Ceil);
                var whole = Coerce(F(name, value), type.AsNullable(), result);
                return result.Kind == TypeKind.Decimal ? FitDecimal(whole, result) : whole;
            }
            case "year" or "month" or "day":
            {
                var (value, _) = Build(args[0]);
                var name = call.Function switch { "year" => nameof(Functions.Year), "month" => nameof(Functions.Month), _ => nameof(Functions.Day) };
                return F(name, value);
            }
            case "date_trunc":
                return F(nameof(Functions.DateTrunc), Text(0), Coerced(args[1], PulseType.Timestamp.AsNullable()));
            case "now":
                return Linq.Constant(now, typeof(DateTime?));
            case "date":
                return args[0] is LiteralExpr { Value: { } day } ? Linq.Constant(Literals.Value(PulseType.Date, day), typeof(DateOnly?)) : F(nameof(Functions.DateOf), Text(0));
            case "timestamp":
                return args[0] is LiteralExpr { Value: { } instant } ? Linq.Constant(Literals.Value(PulseType.Timestamp, instant), typeof(DateTime?)) : F(nameof(Functions.TimestampOf), Text(0));
            case "parse_date" or "parse_timestamp":
                if (args[1] is not LiteralExpr { Value: { } format })
                    throw new NotSupportedException($"{call.Function} needs a constant format");
                return F(call.Function == "parse_date" ? nameof(Functions.ParseDate) : nameof(Functions.ParseTimestamp), Text(0), Linq.Constant(new DateTimePattern(format)));
            default:
                throw new NotSupportedException($"function '{call.Function}' is not supported by the speed layer");
        }
    }

    // ---- types ----------------------------------------------------------------------------------

    private static readonly MethodInfo CastOrThrowMethod = typeof(ExpressionCompiler).GetMethod(nameof(CastOrThrow), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>
    /// Converts to <paramref name="to"/> the way the batch SQL's <c>CAST(x AS T)</c> to a column type does:
    /// widening is free, decimals are held to their precision and scale, and a narrowing that does not fit throws.
    /// </summary>
    internal static LinqExpr Coerce(LinqExpr body, PulseType from, PulseType to)
    {
        var target = ClrTypes.Of(to.AsNullable());
        if (from.Kind == TypeKind.Null) return Linq.Constant(null, target);
        if (from.Kind == to.Kind)
        {
            // A decimal(p, s) value always carries exactly s decimals (and fits p digits), as after the batch SQL's CAST.
            if (to.Kind == TypeKind.Decimal && (to.Scale != from.Scale || to.Precision != from.Precision)) return FitDecimal(body, to);
            return body.Type == target ? body : Linq.Convert(body, target);
        }
        if (IsWidening(from, to))
        {
            var widened = Widen(body, from, to);
            return to.Kind == TypeKind.Decimal ? Coerce(widened, WidenedDecimal(from), to) : widened;
        }
        return Unbox(Linq.Call(CastOrThrowMethod, Linq.Convert(body, typeof(object)), Linq.Constant(from), Linq.Constant(to)), to);
    }

    private static LinqExpr FitDecimal(LinqExpr body, PulseType to) =>
        Linq.Call(typeof(DecimalMath).GetMethod(nameof(DecimalMath.Fit), [typeof(decimal?), typeof(int), typeof(int)])!,
            body, Linq.Constant(to.Precision), Linq.Constant(to.Scale));

    private static object? CastOrThrow(object? value, PulseType from, PulseType to) =>
        value is null ? null : ValueCasts.TryCast(value, from, to) ?? throw new OverflowException($"{ValueCasts.ToText(value, from)} does not convert to {to.AsNonNullable()}");

    private static bool IsWidening(PulseType from, PulseType to) =>
        from.IsNumeric && to.IsNumeric && Rank(from.Kind) < Rank(to.Kind)
        || from.Kind == TypeKind.Date && to.Kind == TypeKind.Timestamp;

    /// <summary>Converts without rounding or range checks (widening only; decimals keep their exact value).</summary>
    private static LinqExpr Widen(LinqExpr body, PulseType from, PulseType to)
    {
        var target = ClrTypes.Of(to.AsNullable());
        if (from.Kind == TypeKind.Null) return Linq.Constant(null, target);
        if (body.Type == target) return body;
        if (from.Kind == TypeKind.Date && to.Kind == TypeKind.Timestamp)
            return Unbox(Linq.Call(CastOrThrowMethod, Linq.Convert(body, typeof(object)), Linq.Constant(from), Linq.Constant(to)), to);
        return Linq.Convert(body, target);
    }

    private static int Rank(TypeKind kind) => kind switch
    {
        TypeKind.Int => 0,
        TypeKind.Long => 1,
        TypeKind.Decimal => 2,
        TypeKind.Double => 3,
        _ => -1,
    };

    private static PulseType WidenedDecimal(PulseType type) => type.Kind switch
    {
        TypeKind.Int => PulseType.Decimal(10, 0),
        TypeKind.Long => PulseType.Decimal(19, 0),
        _ => type,
    };

    /// <summary>The type two compared values meet in: numeric widening, date to timestamp, otherwise their own type.</summary>
    internal static PulseType CommonType(PulseType a, PulseType b)
    {
        if (a.IsNumeric && b.IsNumeric)
        {
            var rank = Math.Max(Rank(a.Kind), Rank(b.Kind));
            if (rank == 3) return PulseType.Double.AsNullable();
            if (rank == 2)
            {
                var da = WidenedDecimal(a);
                var db = WidenedDecimal(b);
                var scale = Math.Max(da.Scale, db.Scale);
                var integer = Math.Max(da.Precision - da.Scale, db.Precision - db.Scale);
                return PulseType.Decimal(Math.Min(integer + scale, 38), scale).AsNullable();
            }
            return (rank == 1 ? PulseType.Long : PulseType.Int).AsNullable();
        }
        if (a.IsTemporal && b.IsTemporal && a.Kind != b.Kind) return PulseType.Timestamp.AsNullable();
        if (ClrTypes.Of(a) != ClrTypes.Of(b)) throw new NotSupportedException($"cannot compare {a} with {b}");
        return a.AsNullable();
    }

    private static MethodInfo Method(string name) => typeof(Operators).GetMethod(name) ?? throw new MissingMethodException(nameof(Operators), name);

    private static MethodInfo Generic(string name, PulseType type)
    {
        var clr = ClrTypes.Of(type);
        var underlying = Nullable.GetUnderlyingType(clr) ?? throw new NotSupportedException($"{name} of {type}");
        return Method(name).MakeGenericMethod(underlying);
    }
}
