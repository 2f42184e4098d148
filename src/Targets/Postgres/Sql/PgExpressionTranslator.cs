using System.Globalization;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Targets.Common.Expectations;

namespace Pulse.Targets.Postgres.Sql;

/// <summary>
/// Translates an IR expression to a PostgreSQL boolean/scalar expression, or says why it cannot.
/// Only constructs whose PostgreSQL meaning equals the runtime's are translated: a CHECK that is
/// stricter than the spec would reject rows the pipeline accepted.
/// </summary>
public static class PgExpressionTranslator
{
    public static bool TryTranslate(Expr expr, out string sql, out string reason)
    {
        try
        {
            sql = Translate(expr);
            reason = "";
            return true;
        }
        catch (UntranslatableException e)
        {
            sql = "";
            reason = e.Message;
            return false;
        }
    }

    private sealed class UntranslatableException(string message) : Exception(message);

    private static string Translate(Expr expr) => expr switch
    {
        LiteralExpr literal => Literal(literal),
        ColumnRef column => PgQuote.Ident(column.Name),
        UnaryExpr { Op: UnaryOp.Not } u => $"(NOT {Translate(u.Operand)})",
        UnaryExpr { Op: UnaryOp.Negate } u => $"(-{Translate(u.Operand)})",
        BinaryExpr b => Binary(b),
        IsNullExpr n => $"({Translate(n.Operand)} IS {(n.Negated ? "NOT " : "")}NULL)",
        InExpr i => $"({Translate(i.Operand)} {(i.Negated ? "NOT " : "")}IN ({string.Join(", ", i.Values.Select(Translate))}))",
        BetweenExpr b => $"({Translate(b.Operand)} {(b.Negated ? "NOT " : "")}BETWEEN {Translate(b.Low)} AND {Translate(b.High)})",
        CallExpr call => Call(call),
        CaseExpr c => Case(c),
        CastExpr => throw new UntranslatableException("casts with formats are parsed by the runtime, not by PostgreSQL"),
        _ => throw new UntranslatableException($"no PostgreSQL form for {expr.GetType().Name}"),
    };

    private static string Literal(LiteralExpr literal)
    {
        if (literal.Value is null && literal.Items.IsDefault) return "NULL";
        return literal.Type.Kind switch
        {
            TypeKind.String => PgQuote.Literal(literal.Value!),
            TypeKind.Int or TypeKind.Long => Number(literal.Value!),
            TypeKind.Decimal => Number(literal.Value!) is var d && d.Contains('.') ? d : d + "::numeric",
            TypeKind.Double => $"{Number(literal.Value!)}::double precision",
            TypeKind.Bool => literal.Value == "true" ? "TRUE" : "FALSE",
            TypeKind.Date => $"DATE {PgQuote.Literal(literal.Value!)}",
            TypeKind.Timestamp => $"TIMESTAMPTZ {PgQuote.Literal(literal.Value!)}",
            TypeKind.Duration => $"INTERVAL {PgQuote.Literal(Number(literal.Value!) + " milliseconds")}",
            TypeKind.Null => "NULL",
            _ => throw new UntranslatableException($"no PostgreSQL literal for type {literal.Type}"),
        };
    }

    /// <summary>Numbers arrive as invariant text; re-check them so nothing but a number reaches the SQL.</summary>
    private static string Number(string text)
    {
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            throw new UntranslatableException($"'{text}' is not a number");
        return text;
    }

    private static string Binary(BinaryExpr b)
    {
        if (b.Op == BinaryOp.Coalesce) return $"COALESCE({Translate(b.Left)}, {Translate(b.Right)})";
        if (b.Op == BinaryOp.Divide && IsInteger(b.Left.Type) && IsInteger(b.Right.Type))
            throw new UntranslatableException("integer division may round differently in PostgreSQL");
        var op = b.Op switch
        {
            BinaryOp.Add => "+",
            BinaryOp.Subtract => "-",
            BinaryOp.Multiply => "*",
            BinaryOp.Divide => "/",
            BinaryOp.Modulo => "%",
            BinaryOp.Equal => "=",
            BinaryOp.NotEqual => "<>",
            BinaryOp.Less => "<",
            BinaryOp.LessOrEqual => "<=",
            BinaryOp.Greater => ">",
            BinaryOp.GreaterOrEqual => ">=",
            BinaryOp.And => "AND",
            BinaryOp.Or => "OR",
            _ => throw new UntranslatableException($"no PostgreSQL operator for {b.Op}"),
        };
        return $"({Translate(b.Left)} {op} {Translate(b.Right)})";
    }

    private static bool IsInteger(PulseType type) => type.Kind is TypeKind.Int or TypeKind.Long;

    private static string Call(CallExpr call)
    {
        var args = call.Arguments;
        return call.Function switch
        {
            "length" => $"char_length({Translate(args[0])})",
            "concat" => $"concat({string.Join(", ", args.Select(Translate))})",
            "substring" => $"substr({string.Join(", ", args.Select(Translate))})",
            "replace" => $"replace({Translate(args[0])}, {Translate(args[1])}, {Translate(args[2])})",
            "abs" or "floor" or "ceil" when call.Type.Kind != TypeKind.Double => $"{call.Function}({Translate(args[0])})",
            // numeric round() is half away from zero like the runtime; double round() is half-even.
            "round" when args[0].Type.Kind is TypeKind.Decimal or TypeKind.Int or TypeKind.Long =>
                $"round({Translate(args[0])}::numeric{(args.Length > 1 ? ", " + Translate(args[1]) : "")})",
            "year" => Extract("YEAR", args[0]),
            "month" => Extract("MONTH", args[0]),
            "day" => Extract("DAY", args[0]),
            "regex_match" when args[1] is LiteralExpr { Value: { } pattern } && PortableRegex.IsPortable(pattern, out _) =>
                $"({Translate(args[0])} ~ {PgQuote.Literal(pattern)})",
            "regex_match" => throw new UntranslatableException(
                args[1] is LiteralExpr { Value: { } p } && !PortableRegex.IsPortable(p, out var why) ? why : "the pattern is not a constant"),
            "date" when args[0] is LiteralExpr { Value: { } d } => $"DATE {PgQuote.Literal(d)}",
            "timestamp" when args[0] is LiteralExpr { Value: { } t } => $"TIMESTAMPTZ {PgQuote.Literal(t)}",
            "now" => throw new UntranslatableException("now() is the run's start time, unknown to the database"),
            "trim" or "lower" or "upper" => throw new UntranslatableException(
                $"{call.Function}() depends on the database collation and differs from the runtime for some characters"),
            _ => throw new UntranslatableException($"no PostgreSQL equivalent of {call.Function}() with these arguments"),
        };
    }

    /// <summary>Timestamps are UTC in Pulse; EXTRACT on timestamptz would use the session time zone.</summary>
    private static string Extract(string field, Expr argument) => argument.Type.Kind == TypeKind.Timestamp
        ? $"EXTRACT({field} FROM ({Translate(argument)} AT TIME ZONE 'UTC'))::integer"
        : $"EXTRACT({field} FROM {Translate(argument)})::integer";

    private static string Case(CaseExpr c)
    {
        var whens = string.Join(" ", c.Whens.Select(w => $"WHEN {Translate(w.Condition)} THEN {Translate(w.Result)}"));
        var @else = c.Else is null ? "" : $" ELSE {Translate(c.Else)}";
        return $"(CASE {whens}{@else} END)";
    }

    /// <summary>Kept for callers that need the columns a translated predicate reads.</summary>
    public static IReadOnlyList<string> Columns(Expr expr) => ExpectationTracer.ColumnsOf(expr);
}
