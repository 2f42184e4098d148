using System.Collections.Immutable;
using System.Globalization;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;

namespace Pulse.Compiler.Binding;

/// <summary>
/// Implicit conversions made explicit in the IR. Literals are retyped in place (<c>pop > 0</c>
/// compares with a long 0, not a cast); other expressions get a <see cref="CastExpr"/> when their
/// kind changes, so the operands of one operation always share a kind.
/// </summary>
internal static class Coercion
{
    public static readonly LiteralExpr ErrorExpr = new(PulseType.Error, null);

    public static bool IsNumericLiteral(Expr expr) => expr is LiteralExpr { Value: not null } literal && literal.Type.IsNumeric;

    /// <summary>Converts to <paramref name="target"/>'s kind (decimals keep their own precision); the expression's nullability is kept.</summary>
    public static Expr ToKind(Expr expr, PulseType target)
    {
        if (expr.Type.Kind == TypeKind.Error || target.Kind == TypeKind.Error) return expr;
        if (expr.Type.Kind == target.Kind && target.Kind != TypeKind.List) return expr;
        return ToType(expr, target);
    }

    /// <summary>Converts to exactly <paramref name="target"/> (precision included); the expression's nullability is kept.</summary>
    public static Expr ToType(Expr expr, PulseType target)
    {
        if (expr.Type.Kind == TypeKind.Error || target.Kind == TypeKind.Error) return expr;
        var wanted = target.WithNullability(expr.Type.Nullable);
        if (expr is LiteralExpr literal) return Retype(literal, target);
        if (expr.Type.AsNonNullable().Equals(target.AsNonNullable())) return expr;
        return new CastExpr(wanted, expr, null);
    }

    /// <summary>A literal with another type; null literals become typed nulls.</summary>
    public static LiteralExpr Retype(LiteralExpr literal, PulseType target)
    {
        if (literal.Type.Kind == TypeKind.Null || literal.Value is null && literal.Items.IsDefault)
            return new LiteralExpr(target.AsNullable(), null);
        if (target.Kind == TypeKind.List && !literal.Items.IsDefault)
        {
            var element = target.Element ?? PulseType.Error;
            return new LiteralExpr(target.AsNonNullable(), null, literal.Items.Select(i => i is LiteralExpr l ? (Expr)Retype(l, element) : i).ToImmutableArray());
        }
        var type = target.AsNonNullable();
        if (literal.Type.IsNumeric && target.IsNumeric) return new LiteralExpr(type, NumberText(literal.Value!, target.Kind));
        return new LiteralExpr(type, literal.Value, literal.Items);
    }

    private static string NumberText(string text, TypeKind target)
    {
        if (target == TypeKind.Double)
        {
            return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);
        }
        if (target == TypeKind.Decimal && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }
        return text;
    }

    /// <summary>True when a literal's value fits the target type without loss (<c>0</c> fits decimal(10, 4), <c>0.45</c> does not fit int).</summary>
    public static bool LiteralFits(LiteralExpr literal, PulseType target)
    {
        if (literal.Value is null) return true;
        if (!literal.Type.IsNumeric || !target.IsNumeric) return TypeRules.IsAssignableIgnoringNullability(literal.Type, target);
        switch (target.Kind)
        {
            case TypeKind.Double:
                return true;
            case TypeKind.Int:
                return literal.Type.Kind is TypeKind.Int or TypeKind.Long && long.TryParse(literal.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) && i is >= int.MinValue and <= int.MaxValue;
            case TypeKind.Long:
                return literal.Type.Kind is TypeKind.Int or TypeKind.Long;
            case TypeKind.Decimal:
                if (literal.Type.Kind == TypeKind.Double) return false;
                if (!decimal.TryParse(literal.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return false;
                var natural = Constants.DecimalTypeOf(d);
                return natural.Scale <= target.Scale && natural.Precision - natural.Scale <= target.Precision - target.Scale;
            default:
                return false;
        }
    }

    /// <summary>An integer literal meeting a decimal is typed by its own digits (2 → decimal(1, 0)), keeping decimal results tight.</summary>
    public static Expr TightenIntegerLiteral(Expr expr)
    {
        if (expr is LiteralExpr { Value: { } text } literal && literal.Type.Kind is TypeKind.Int or TypeKind.Long
            && decimal.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return new LiteralExpr(Constants.DecimalTypeOf(value), text);
        }
        return expr;
    }
}
