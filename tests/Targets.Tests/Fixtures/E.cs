using System.Collections.Immutable;
using System.Globalization;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;

namespace Pulse.Targets.Tests.Fixtures;

/// <summary>Typed IR expressions, built the way the binder would type them.</summary>
public static class E
{
    public static ColumnRef Col(string name, PulseType type, int input = 0) => new(type, name, input);
    public static LiteralExpr Str(string value) => new(T.String, value);
    public static LiteralExpr Int(long value) => new(T.Int, value.ToString(CultureInfo.InvariantCulture));
    public static LiteralExpr Dec(string value) => new(T.Decimal(18, 2), value);
    public static LiteralExpr Bool(bool value) => new(T.Bool, value ? "true" : "false");
    public static LiteralExpr Null() => new(PulseType.Null, null);

    private static PulseType Boolish(Expr a, Expr b) => T.Bool.WithNullability(a.Type.Nullable || b.Type.Nullable);

    public static BinaryExpr Bin(BinaryOp op, Expr a, Expr b)
    {
        var type = op switch
        {
            BinaryOp.Equal or BinaryOp.NotEqual or BinaryOp.Less or BinaryOp.LessOrEqual or BinaryOp.Greater
                or BinaryOp.GreaterOrEqual or BinaryOp.And or BinaryOp.Or => Boolish(a, b),
            BinaryOp.Coalesce => b.Type,
            _ => a.Type.WithNullability(a.Type.Nullable || b.Type.Nullable),
        };
        return new BinaryExpr(type, op, a, b);
    }

    public static BinaryExpr Eq(Expr a, Expr b) => Bin(BinaryOp.Equal, a, b);
    public static BinaryExpr Ne(Expr a, Expr b) => Bin(BinaryOp.NotEqual, a, b);
    public static BinaryExpr Gt(Expr a, Expr b) => Bin(BinaryOp.Greater, a, b);
    public static BinaryExpr Ge(Expr a, Expr b) => Bin(BinaryOp.GreaterOrEqual, a, b);
    public static BinaryExpr And(Expr a, Expr b) => Bin(BinaryOp.And, a, b);
    public static BinaryExpr Or(Expr a, Expr b) => Bin(BinaryOp.Or, a, b);
    public static BinaryExpr Sub(Expr a, Expr b) => Bin(BinaryOp.Subtract, a, b);
    public static BinaryExpr Mod(Expr a, Expr b) => Bin(BinaryOp.Modulo, a, b);
    public static BinaryExpr Coalesce(Expr a, Expr b) => Bin(BinaryOp.Coalesce, a, b);
    public static UnaryExpr Neg(Expr a) => new(a.Type, UnaryOp.Negate, a);
    public static IsNullExpr IsNull(Expr a, bool negated = false) => new(T.Bool, a, negated);
    public static BetweenExpr Between(Expr a, Expr lo, Expr hi) => new(T.Bool.WithNullability(a.Type.Nullable), a, lo, hi, false);
    public static InExpr In(Expr a, params Expr[] values) => new(T.Bool.WithNullability(a.Type.Nullable), a, values.ToImmutableArray(), false);
    public static CallExpr Call(string function, PulseType type, params Expr[] args) => new(type, function, args.ToImmutableArray());
    public static CallExpr Regex(Expr a, string pattern) => Call("regex_match", T.Bool.WithNullability(a.Type.Nullable), a, Str(pattern));
    public static CastExpr Cast(Expr a, PulseType type) => new(type, a, null);
    public static CaseExpr Case(PulseType type, Expr? @else, params (Expr When, Expr Then)[] whens) =>
        new(type, whens.Select(w => new WhenClause(w.When, w.Then)).ToImmutableArray(), @else);
}
