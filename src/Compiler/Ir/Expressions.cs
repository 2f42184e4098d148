using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Pulse.Compiler.Types;

namespace Pulse.Compiler.Ir;

/// <summary>
/// A fully resolved, typed expression. Columns are referred to by their unique name in the input
/// relation (<see cref="ColumnRef.Input"/> selects the join side), functions by canonical name.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "expr")]
[JsonDerivedType(typeof(LiteralExpr), "literal")]
[JsonDerivedType(typeof(ColumnRef), "column")]
[JsonDerivedType(typeof(UnaryExpr), "unary")]
[JsonDerivedType(typeof(BinaryExpr), "binary")]
[JsonDerivedType(typeof(IsNullExpr), "isNull")]
[JsonDerivedType(typeof(InExpr), "in")]
[JsonDerivedType(typeof(BetweenExpr), "between")]
[JsonDerivedType(typeof(CallExpr), "call")]
[JsonDerivedType(typeof(CaseExpr), "case")]
[JsonDerivedType(typeof(CastExpr), "cast")]
public abstract record Expr(PulseType Type);

/// <summary>
/// A constant. <see cref="Value"/> is the invariant-culture text of the value (null for SQL null):
/// integers and decimals as digits, bool as true/false, date as yyyy-MM-dd, timestamp as ISO-8601
/// UTC with Z, duration as whole milliseconds, lists as <see cref="Items"/>.
/// </summary>
public sealed record LiteralExpr(PulseType Type, string? Value, ImmutableArray<Expr> Items = default) : Expr(Type);

/// <param name="Input">0 for the only (or left) input, 1 for the right input of a join.</param>
public sealed record ColumnRef(PulseType Type, string Name, int Input = 0) : Expr(Type);

public enum UnaryOp { Negate, Not }

public sealed record UnaryExpr(PulseType Type, UnaryOp Op, Expr Operand) : Expr(Type);

public enum BinaryOp { Add, Subtract, Multiply, Divide, Modulo, Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual, And, Or, Coalesce }

public sealed record BinaryExpr(PulseType Type, BinaryOp Op, Expr Left, Expr Right) : Expr(Type);

public sealed record IsNullExpr(PulseType Type, Expr Operand, bool Negated) : Expr(Type);

public sealed record InExpr(PulseType Type, Expr Operand, ImmutableArray<Expr> Values, bool Negated) : Expr(Type);

public sealed record BetweenExpr(PulseType Type, Expr Operand, Expr Low, Expr High, bool Negated) : Expr(Type);

/// <summary>A scalar function call; <see cref="Function"/> is the canonical lower-case name from docs/language.md.</summary>
public sealed record CallExpr(PulseType Type, string Function, ImmutableArray<Expr> Arguments) : Expr(Type);

public sealed record WhenClause(Expr Condition, Expr Result);

public sealed record CaseExpr(PulseType Type, ImmutableArray<WhenClause> Whens, Expr? Else) : Expr(Type);

/// <param name="Format">A date/time pattern (e.g. yyyy-MM-dd) for casts from string.</param>
public sealed record CastExpr(PulseType Type, Expr Operand, string? Format) : Expr(Type);

/// <summary>An expression with the output column name it defines.</summary>
public sealed record NamedExpr(string Name, Expr Expr);
