using System.Collections.Immutable;
using System.Globalization;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;

namespace Pulse.Runtime.Tests.Fixtures;

/// <summary>Typed IR expressions for hand-built pipelines, with the binder's typing rules (numeric widening, null propagation).</summary>
public static class E
{
    public static readonly PulseType Text = PulseType.String;
    public static readonly PulseType Int = PulseType.Int;
    public static readonly PulseType Long = PulseType.Long;
    public static readonly PulseType Real = PulseType.Double;
    public static readonly PulseType Bool = PulseType.Bool;
    public static readonly PulseType Date = PulseType.Date;
    public static readonly PulseType Timestamp = PulseType.Timestamp;
    public static PulseType Decimal(int p, int s) => PulseType.Decimal(p, s);
    public static PulseType N(PulseType type) => type.AsNullable();

    public static ColumnRef Col(string name, PulseType type, int input = 0) => new(type, name, input);
    public static LiteralExpr Str(string value) => new(Text, value);
    public static LiteralExpr Int32(int value) => new(Int, value.ToString(CultureInfo.InvariantCulture));
    public static LiteralExpr Int64(long value) => new(Long, value.ToString(CultureInfo.InvariantCulture));
    public static LiteralExpr Dec(string value, int p, int s) => new(Decimal(p, s), value);
    public static LiteralExpr Dbl(double value) => new(Real, value.ToString("R", CultureInfo.InvariantCulture));
    public static LiteralExpr Boolean(bool value) => new(Bool, value ? "true" : "false");
    public static LiteralExpr Null(PulseType? type = null) => new(type?.AsNullable() ?? PulseType.Null, null);
    public static LiteralExpr DateLit(string iso) => new(Date, iso);
    public static LiteralExpr Ts(string iso) => new(Timestamp, iso);
    public static LiteralExpr Duration(TimeSpan span) => new(PulseType.Duration, ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));

    private static bool AnyNullable(params Expr[] parts) => parts.Any(p => p.Type.Nullable);

    public static PulseType Wider(PulseType a, PulseType b)
    {
        static int Rank(PulseType t) => t.Kind switch { TypeKind.Int => 0, TypeKind.Long => 1, TypeKind.Decimal => 2, TypeKind.Double => 3, _ => -1 };
        if (!a.IsNumeric || !b.IsNumeric) return a.Kind == TypeKind.Null ? b : a;
        if (a.Kind == TypeKind.Decimal && b.Kind == TypeKind.Decimal)
            return PulseType.Decimal(Math.Max(a.Precision, b.Precision), Math.Max(a.Scale, b.Scale));
        return (Rank(a) >= Rank(b) ? a : b).AsNonNullable();
    }

    public static BinaryExpr Bin(BinaryOp op, Expr left, Expr right)
    {
        var nullable = AnyNullable(left, right);
        var type = op switch
        {
            BinaryOp.Equal or BinaryOp.NotEqual or BinaryOp.Less or BinaryOp.LessOrEqual or BinaryOp.Greater or BinaryOp.GreaterOrEqual
                or BinaryOp.And or BinaryOp.Or => Bool.WithNullability(nullable),
            BinaryOp.Coalesce => Wider(left.Type, right.Type).WithNullability(right.Type.Nullable),
            _ => Wider(left.Type, right.Type).WithNullability(nullable),
        };
        return new BinaryExpr(type, op, left, right);
    }

    public static BinaryExpr Eq(Expr l, Expr r) => Bin(BinaryOp.Equal, l, r);
    public static BinaryExpr Ne(Expr l, Expr r) => Bin(BinaryOp.NotEqual, l, r);
    public static BinaryExpr Lt(Expr l, Expr r) => Bin(BinaryOp.Less, l, r);
    public static BinaryExpr Le(Expr l, Expr r) => Bin(BinaryOp.LessOrEqual, l, r);
    public static BinaryExpr Gt(Expr l, Expr r) => Bin(BinaryOp.Greater, l, r);
    public static BinaryExpr Ge(Expr l, Expr r) => Bin(BinaryOp.GreaterOrEqual, l, r);
    public static BinaryExpr And(Expr l, Expr r) => Bin(BinaryOp.And, l, r);
    public static BinaryExpr Or(Expr l, Expr r) => Bin(BinaryOp.Or, l, r);
    public static BinaryExpr Add(Expr l, Expr r) => Bin(BinaryOp.Add, l, r);
    public static BinaryExpr Sub(Expr l, Expr r) => Bin(BinaryOp.Subtract, l, r);
    public static BinaryExpr Mul(Expr l, Expr r) => Bin(BinaryOp.Multiply, l, r);
    public static BinaryExpr Mod(Expr l, Expr r) => Bin(BinaryOp.Modulo, l, r);
    public static BinaryExpr Coalesce(Expr l, Expr r) => Bin(BinaryOp.Coalesce, l, r);
    /// <summary>Division typed explicitly (the IR type decides integer or exact division).</summary>
    public static BinaryExpr Div(Expr l, Expr r, PulseType type) => new(type.WithNullability(AnyNullable(l, r)), BinaryOp.Divide, l, r);

    public static UnaryExpr Not(Expr e) => new(Bool.WithNullability(e.Type.Nullable), UnaryOp.Not, e);
    public static UnaryExpr Neg(Expr e) => new(e.Type, UnaryOp.Negate, e);
    public static IsNullExpr IsNull(Expr e) => new(Bool, e, false);
    public static IsNullExpr IsNotNull(Expr e) => new(Bool, e, true);
    public static BetweenExpr Between(Expr e, Expr low, Expr high) => new(Bool.WithNullability(AnyNullable(e, low, high)), e, low, high, false);
    public static InExpr In(Expr e, params Expr[] values) => new(Bool.WithNullability(AnyNullable([e, .. values])), e, [.. values], false);
    public static CallExpr Call(string function, PulseType type, params Expr[] args) => new(type, function, [.. args]);
    public static CastExpr Cast(Expr e, PulseType type, string? format = null) => new(type.WithNullability(true), e, format);
    public static CaseExpr Case(Expr? otherwise, params (Expr When, Expr Then)[] whens) =>
        new(whens[0].Then.Type.WithNullability(otherwise is null || whens.Any(w => w.Then.Type.Nullable) || otherwise.Type.Nullable),
            whens.Select(w => new WhenClause(w.When, w.Then)).ToImmutableArray(), otherwise);
}
