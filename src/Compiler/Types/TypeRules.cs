namespace Pulse.Compiler.Types;

/// <summary>The operators the type rules know, independent of any syntax.</summary>
public enum ArithmeticOperator { Add, Subtract, Multiply, Divide, Modulo }

/// <summary>
/// What an arithmetic operator produces and which type each operand must be converted to first.
/// Operands of one operation always end up with the same <see cref="TypeKind"/>, so backends never
/// mix kinds (C# cannot add a decimal to a double, SQL dialects widen differently).
/// </summary>
public sealed record ArithmeticTyping(PulseType Result, PulseType LeftOperand, PulseType RightOperand);

/// <summary>
/// The type rules of docs/language.md "Types": numeric widening <c>int &lt; long &lt; decimal &lt; double</c>,
/// decimal precision for <c>+ - * / %</c>, common supertypes (for <c>??</c>, <c>case</c>, <c>in</c>,
/// <c>union</c>), assignability, casts and timestamp arithmetic. Nullability propagates: a result is
/// nullable when any input is.
/// </summary>
public static class TypeRules
{
    /// <summary>The largest decimal precision every backend supports (PostgreSQL, Spark, DuckDB, .NET).</summary>
    public const int MaxDecimalPrecision = 38;

    public static int NumericRank(TypeKind kind) => kind switch
    {
        TypeKind.Int => 0,
        TypeKind.Long => 1,
        TypeKind.Decimal => 2,
        TypeKind.Double => 3,
        _ => -1,
    };

    /// <summary>An integer type as the decimal that holds all its values (int: 10 digits, long: 19).</summary>
    public static PulseType AsDecimal(PulseType type) => type.Kind switch
    {
        TypeKind.Int => PulseType.Decimal(10, 0).WithNullability(type.Nullable),
        TypeKind.Long => PulseType.Decimal(19, 0).WithNullability(type.Nullable),
        _ => type,
    };

    /// <summary>Two numeric types widened to the one that holds both (nullable when either is).</summary>
    public static PulseType WidenNumeric(PulseType a, PulseType b)
    {
        var nullable = a.Nullable || b.Nullable;
        var rank = Math.Max(NumericRank(a.Kind), NumericRank(b.Kind));
        if (rank == 3) return PulseType.Double.WithNullability(nullable);
        if (rank == 2)
        {
            var da = AsDecimal(a);
            var db = AsDecimal(b);
            var scale = Math.Max(da.Scale, db.Scale);
            var integerDigits = Math.Max(da.Precision - da.Scale, db.Precision - db.Scale);
            return CappedDecimal(integerDigits + scale, scale).WithNullability(nullable);
        }
        return (rank == 1 ? PulseType.Long : PulseType.Int).WithNullability(nullable);
    }

    /// <summary>
    /// The type both values can be converted to, for <c>??</c>, <c>case</c>, <c>in</c> and <c>union</c>:
    /// the same kind, a numeric widening, or <c>null</c> meeting anything; null when they are unrelated.
    /// </summary>
    public static PulseType? CommonSupertype(PulseType a, PulseType b)
    {
        if (a.Kind == TypeKind.Error || b.Kind == TypeKind.Error) return PulseType.Error;
        if (a.Kind == TypeKind.Null) return b.AsNullable();
        if (b.Kind == TypeKind.Null) return a.AsNullable();
        var nullable = a.Nullable || b.Nullable;
        if (a.IsNumeric && b.IsNumeric) return WidenNumeric(a, b);
        if (a.Kind != b.Kind) return null;
        switch (a.Kind)
        {
            case TypeKind.List:
                var element = CommonSupertype(a.Element!, b.Element!);
                return element is null ? null : PulseType.ListOf(element).WithNullability(nullable);
            case TypeKind.Record:
                return a.AsNonNullable().Equals(b.AsNonNullable()) ? a.WithNullability(nullable) : null;
            default:
                return a.WithNullability(nullable);
        }
    }

    /// <summary>True when values of <paramref name="left"/> and <paramref name="right"/> can be compared with <c>== != &lt; …</c>.</summary>
    public static bool AreComparable(PulseType left, PulseType right)
    {
        if (left.Kind is TypeKind.Error or TypeKind.Null || right.Kind is TypeKind.Error or TypeKind.Null) return true;
        if (left.IsNumeric && right.IsNumeric) return true;
        if (left.Kind != right.Kind) return false;
        return left.Kind is not (TypeKind.List or TypeKind.Record or TypeKind.Json);
    }

    /// <summary>
    /// Types an arithmetic operation, or returns null when the operator does not apply to these types.
    /// Integer division is true division (<c>7 / 2</c> is <c>3.5</c>, a double) so that no backend
    /// silently truncates; decimal results follow the SQL Server / Spark precision rules.
    /// </summary>
    public static ArithmeticTyping? Arithmetic(ArithmeticOperator op, PulseType left, PulseType right)
    {
        var nullable = left.Nullable || right.Nullable;
        if (left.Kind == TypeKind.Error || right.Kind == TypeKind.Error)
            return new ArithmeticTyping(PulseType.Error, left, right);
        if (left.Kind == TypeKind.Null || right.Kind == TypeKind.Null)
        {
            var other = left.Kind == TypeKind.Null ? right : left;
            if (other.Kind == TypeKind.Null) return null;
            var typing = Arithmetic(op, other.AsNonNullable(), other.AsNonNullable());
            return typing is null ? null : new ArithmeticTyping(typing.Result.AsNullable(), left.Kind == TypeKind.Null ? left : typing.LeftOperand, right.Kind == TypeKind.Null ? right : typing.RightOperand);
        }

        if (left.IsNumeric && right.IsNumeric) return NumericArithmetic(op, left, right, nullable);

        // timestamp ± duration, duration ± duration, timestamp - timestamp.
        if (op is ArithmeticOperator.Add or ArithmeticOperator.Subtract)
        {
            if (left.Kind == TypeKind.Timestamp && right.Kind == TypeKind.Duration)
                return new ArithmeticTyping(PulseType.Timestamp.WithNullability(nullable), left, right);
            if (op == ArithmeticOperator.Add && left.Kind == TypeKind.Duration && right.Kind == TypeKind.Timestamp)
                return new ArithmeticTyping(PulseType.Timestamp.WithNullability(nullable), left, right);
            if (left.Kind == TypeKind.Duration && right.Kind == TypeKind.Duration)
                return new ArithmeticTyping(PulseType.Duration.WithNullability(nullable), left, right);
            if (op == ArithmeticOperator.Subtract && left.Kind == TypeKind.Timestamp && right.Kind == TypeKind.Timestamp)
                return new ArithmeticTyping(PulseType.Duration.WithNullability(nullable), left, right);
        }
        return null;
    }

    private static ArithmeticTyping NumericArithmetic(ArithmeticOperator op, PulseType left, PulseType right, bool nullable)
    {
        var common = WidenNumeric(left.AsNonNullable(), right.AsNonNullable());
        if (op == ArithmeticOperator.Divide && common.Kind is TypeKind.Int or TypeKind.Long)
        {
            var asDouble = PulseType.Double;
            return new ArithmeticTyping(asDouble.WithNullability(nullable), asDouble.WithNullability(left.Nullable), asDouble.WithNullability(right.Nullable));
        }
        if (common.Kind != TypeKind.Decimal)
            return new ArithmeticTyping(common.WithNullability(nullable), common.WithNullability(left.Nullable), common.WithNullability(right.Nullable));

        // Decimal operands keep their own precision (every backend combines decimals of different
        // scales); integers become decimals so both operands have the same kind.
        var l = AsDecimal(left);
        var r = AsDecimal(right);
        var result = DecimalResult(op, l, r);
        return new ArithmeticTyping(result.WithNullability(nullable), l, r);
    }

    /// <summary>The SQL Server / Spark decimal result rules, capped at 38 digits keeping at least 6 decimals.</summary>
    public static PulseType DecimalResult(ArithmeticOperator op, PulseType l, PulseType r)
    {
        int p1 = l.Precision, s1 = l.Scale, p2 = r.Precision, s2 = r.Scale;
        int precision, scale;
        switch (op)
        {
            case ArithmeticOperator.Add:
            case ArithmeticOperator.Subtract:
                scale = Math.Max(s1, s2);
                precision = Math.Max(p1 - s1, p2 - s2) + scale + 1;
                break;
            case ArithmeticOperator.Multiply:
                scale = s1 + s2;
                precision = p1 + p2 + 1;
                break;
            case ArithmeticOperator.Divide:
                scale = Math.Max(6, s1 + p2 + 1);
                precision = p1 - s1 + s2 + scale;
                break;
            default: // modulo
                scale = Math.Max(s1, s2);
                precision = Math.Min(p1 - s1, p2 - s2) + scale;
                break;
        }
        return CappedDecimal(precision, scale);
    }

    /// <summary>Keeps a computed decimal within 38 digits: integer digits win, the scale shrinks but not below 6.</summary>
    public static PulseType CappedDecimal(int precision, int scale)
    {
        precision = Math.Max(precision, 1);
        if (precision <= MaxDecimalPrecision) return PulseType.Decimal(precision, Math.Min(scale, precision));
        var integerDigits = precision - scale;
        var minScale = Math.Min(scale, 6);
        scale = Math.Max(MaxDecimalPrecision - integerDigits, minScale);
        return PulseType.Decimal(MaxDecimalPrecision, Math.Min(scale, MaxDecimalPrecision));
    }

    /// <summary>
    /// True when a value of type <paramref name="from"/> may be stored where <paramref name="to"/> is
    /// expected without an explicit cast: the same kind, or a numeric widening (int → long → decimal →
    /// double, decimals that keep every integer digit and decimal). Null only goes to nullable targets.
    /// </summary>
    public static bool IsAssignable(PulseType from, PulseType to)
    {
        if (from.Kind == TypeKind.Error || to.Kind == TypeKind.Error) return true;
        if (from.Kind == TypeKind.Null) return to.Nullable;
        if (from.Nullable && !to.Nullable) return false;
        return IsAssignableIgnoringNullability(from, to);
    }

    /// <summary><see cref="IsAssignable"/> without the null check, for places that report nullability separately.</summary>
    public static bool IsAssignableIgnoringNullability(PulseType from, PulseType to)
    {
        if (from.Kind is TypeKind.Error or TypeKind.Null || to.Kind == TypeKind.Error) return true;
        if (from.IsNumeric && to.IsNumeric)
        {
            var fromRank = NumericRank(from.Kind);
            var toRank = NumericRank(to.Kind);
            if (fromRank < toRank)
            {
                if (to.Kind != TypeKind.Decimal) return true;
                var d = AsDecimal(from);
                return d.Precision - d.Scale <= to.Precision - to.Scale;
            }
            if (fromRank > toRank) return false;
            if (from.Kind != TypeKind.Decimal) return true;
            return from.Scale <= to.Scale && from.Precision - from.Scale <= to.Precision - to.Scale;
        }
        if (from.Kind != to.Kind) return false;
        return from.Kind switch
        {
            TypeKind.List => IsAssignableIgnoringNullability(from.Element!, to.Element!) && (!from.Element!.Nullable || to.Element!.Nullable),
            TypeKind.Record => from.AsNonNullable().Equals(to.AsNonNullable()),
            _ => true,
        };
    }

    /// <summary>
    /// The explicit conversions of <c>cast(x as T)</c> and the <c>cast</c> clean step: anything to and
    /// from string (except lists and records), numbers to numbers, date ↔ timestamp, numbers ↔ bool.
    /// </summary>
    public static bool CanCast(PulseType from, PulseType to)
    {
        if (from.Kind is TypeKind.Error or TypeKind.Null || to.Kind == TypeKind.Error) return true;
        if (from.Kind == to.Kind && from.Kind is not (TypeKind.List or TypeKind.Record)) return true;
        if (IsAssignableIgnoringNullability(from, to)) return true;
        static bool Scalar(TypeKind k) => k is not (TypeKind.List or TypeKind.Record or TypeKind.Duration);
        if (from.Kind == TypeKind.String && Scalar(to.Kind)) return true;
        if (to.Kind == TypeKind.String && Scalar(from.Kind)) return true;
        if (from.IsNumeric && to.IsNumeric) return true;
        if (from.IsTemporal && to.IsTemporal) return true;
        if (from.Kind == TypeKind.Bool && to.IsNumeric || from.IsNumeric && to.Kind == TypeKind.Bool) return true;
        return false;
    }

    /// <summary>A type with the kinds the language uses for columns (no duration, no bare null).</summary>
    public static bool IsColumnType(PulseType type) => type.Kind is not (TypeKind.Duration or TypeKind.Null);
}
