using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;

namespace Pulse.Runtime.Sql;

/// <summary>
/// Lowers IR expressions to DuckDB SQL with the semantics the C# speed layer implements
/// (see <see cref="FunctionSql"/> for the function table). Decisions that are not plain SQL:
/// <list type="bullet">
/// <item>Arithmetic results are cast to the IR type, so a column always has the type the checker gave it
/// (<c>int + int</c> stays int; <c>sum</c> of int is long, not DuckDB's HUGEINT).</item>
/// <item><c>/</c> follows the IR result type: int/long operands with an int/long result divide as integers,
/// truncating toward zero (C#'s <c>/</c>); a decimal or double result divides exactly in that type.
/// Division or modulo by zero gives null instead of an error or infinity.</item>
/// <item>Boolean logic, comparisons, <c>in</c> and <c>between</c> use SQL three-valued logic: a
/// comparison with null is null, which a filter or expectation treats as not true.</item>
/// <item>A <c>cast</c> that does not convert gives null (cleaning's <c>cast</c> step quarantines instead).</item>
/// </list>
/// </summary>
public sealed class DuckDbExpressionWriter
{
    private readonly Func<ColumnRef, string> column;
    private readonly string now;

    /// <param name="column">Writes a column reference (the caller knows the input aliases).</param>
    /// <param name="now">The SQL literal of the run's start time, the value of <c>now()</c>.</param>
    public DuckDbExpressionWriter(Func<ColumnRef, string> column, string now)
    {
        this.column = column;
        this.now = now;
    }

    /// <summary>Columns of input 0 as <c>"alias"."name"</c>, or bare when the alias is null.</summary>
    public static DuckDbExpressionWriter ForAlias(string? alias, string now) =>
        new(c => alias is null ? SqlText.Identifier(c.Name) : SqlText.Identifier(alias) + "." + SqlText.Identifier(c.Name), now);

    public string Now => now;

    public string Write(Expr expr) => expr switch
    {
        LiteralExpr literal => SqlLiterals.Write(literal),
        ColumnRef reference => column(reference),
        UnaryExpr unary => unary.Op switch
        {
            UnaryOp.Negate => CastTo(unary.Type, $"(-{Write(unary.Operand)})"),
            UnaryOp.Not => $"(NOT {Write(unary.Operand)})",
            _ => throw Unsupported(expr),
        },
        BinaryExpr binary => WriteBinary(binary),
        IsNullExpr isNull => $"({Write(isNull.Operand)} IS {(isNull.Negated ? "NOT " : "")}NULL)",
        InExpr inExpr => $"({Write(inExpr.Operand)} {(inExpr.Negated ? "NOT " : "")}IN ({SqlText.Join(inExpr.Values.Select(Write))}))",
        BetweenExpr between => $"({Write(between.Operand)} {(between.Negated ? "NOT " : "")}BETWEEN {Write(between.Low)} AND {Write(between.High)})",
        CallExpr call => FunctionSql.Write(this, call),
        CaseExpr caseExpr => WriteCase(caseExpr),
        CastExpr cast => WriteCast(cast),
        _ => throw Unsupported(expr),
    };

    private string WriteBinary(BinaryExpr binary)
    {
        var left = Write(binary.Left);
        var right = Write(binary.Right);
        return binary.Op switch
        {
            BinaryOp.Add when binary.Type.Kind == TypeKind.String => $"({left} || {right})",
            BinaryOp.Add => Arithmetic(binary, $"({left} + {right})"),
            BinaryOp.Subtract => Arithmetic(binary, $"({left} - {right})"),
            BinaryOp.Multiply => Arithmetic(binary, $"({left} * {right})"),
            BinaryOp.Divide => Divide(binary, left, right),
            BinaryOp.Modulo => CastTo(binary.Type, $"({left} % NULLIF({right}, 0))"),
            BinaryOp.Equal => $"({left} = {right})",
            BinaryOp.NotEqual => $"({left} <> {right})",
            BinaryOp.Less => $"({left} < {right})",
            BinaryOp.LessOrEqual => $"({left} <= {right})",
            BinaryOp.Greater => $"({left} > {right})",
            BinaryOp.GreaterOrEqual => $"({left} >= {right})",
            BinaryOp.And => $"({left} AND {right})",
            BinaryOp.Or => $"({left} OR {right})",
            BinaryOp.Coalesce => CastTo(binary.Type, $"COALESCE({left}, {right})"),
            _ => throw Unsupported(binary),
        };
    }

    /// <summary>Temporal arithmetic keeps DuckDB's result (timestamp ± interval, timestamp - timestamp); numbers are cast to the IR type.</summary>
    private static string Arithmetic(BinaryExpr binary, string sql) =>
        binary.Type.IsNumeric ? CastTo(binary.Type, sql) : binary.Type.Kind == TypeKind.Timestamp ? $"CAST({sql} AS TIMESTAMP)" : sql;

    private static string Divide(BinaryExpr binary, string left, string right)
    {
        var type = binary.Type;
        if (type.Kind is TypeKind.Int or TypeKind.Long && IsInteger(binary.Left.Type) && IsInteger(binary.Right.Type))
            return CastTo(type, $"({left} // NULLIF({right}, 0))");
        if (type.Kind == TypeKind.Decimal)
            return CastTo(type, $"(CAST({left} AS DECIMAL(38, {Math.Max(type.Scale, 10)})) / NULLIF(CAST({right} AS DECIMAL(38, {Math.Max(type.Scale, 10)})), 0))");
        return CastTo(type, $"(CAST({left} AS DOUBLE) / NULLIF(CAST({right} AS DOUBLE), 0))");
    }

    private static bool IsInteger(PulseType type) => type.Kind is TypeKind.Int or TypeKind.Long;

    private string WriteCase(CaseExpr caseExpr)
    {
        var parts = caseExpr.Whens.Select(w => $"WHEN {Write(w.Condition)} THEN {Write(w.Result)}");
        var elseSql = caseExpr.Else is null ? "" : $" ELSE {Write(caseExpr.Else)}";
        return CastTo(caseExpr.Type, $"(CASE {string.Join(" ", parts)}{elseSql} END)");
    }

    private string WriteCast(CastExpr cast)
    {
        var operand = Write(cast.Operand);
        if (cast.Format is not null && cast.Operand.Type.Kind == TypeKind.String && cast.Type.IsTemporal)
            return ParseWithFormat(operand, cast.Format, cast.Type);
        return TryCast(operand, cast.Operand.Type, cast.Type);
    }

    /// <summary><c>strptime</c> with the translated pattern; an offset in the pattern is honoured and the result converted to UTC.</summary>
    public static string ParseWithFormat(string operand, string format, PulseType target)
    {
        var parsed = $"try_strptime({operand}, {SqlText.String(DateFormat.ToStrptime(format))})";
        if (DateFormat.HasOffset(format)) parsed = $"CAST({parsed} AS TIMESTAMPTZ)";
        return target.Kind == TypeKind.Date ? $"CAST({parsed} AS DATE)" : $"CAST({parsed} AS TIMESTAMP)";
    }

    /// <summary>
    /// A conversion that yields null instead of failing. Text to timestamp goes through TIMESTAMPTZ so
    /// that an offset in the text is honoured (a bare TIMESTAMP cast would silently drop it).
    /// </summary>
    public static string TryCast(string operand, PulseType from, PulseType to)
    {
        if (to.Kind == TypeKind.Timestamp && from.Kind is TypeKind.String or TypeKind.Json)
            return $"CAST(TRY_CAST({operand} AS TIMESTAMPTZ) AS TIMESTAMP)";
        if (to.Kind == TypeKind.String && from.Kind == TypeKind.Timestamp)
            return $"strftime({operand}, '%Y-%m-%dT%H:%M:%S.%fZ')";
        return $"TRY_CAST({operand} AS {DuckDbTypes.Name(to)})";
    }

    public static string CastTo(PulseType type, string sql) =>
        type.Kind is TypeKind.Null or TypeKind.Error ? sql : $"CAST({sql} AS {DuckDbTypes.Name(type)})";

    private static NotSupportedException Unsupported(object node) => new($"the batch runtime cannot lower {node.GetType().Name}");
}
