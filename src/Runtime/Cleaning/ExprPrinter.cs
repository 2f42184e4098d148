using System.Globalization;
using System.Text;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;

namespace Pulse.Runtime.Cleaning;

/// <summary>Writes an IR expression back in Pulse syntax, for messages such as quarantine reasons.</summary>
public static class ExprPrinter
{
    public static string Print(Expr expr) => expr switch
    {
        LiteralExpr literal => Literal(literal),
        ColumnRef column => Name(column.Name),
        UnaryExpr { Op: UnaryOp.Negate } unary => "-" + Operand(unary.Operand),
        UnaryExpr unary => "not " + Operand(unary.Operand),
        BinaryExpr binary => $"{Operand(binary.Left)} {Symbol(binary.Op)} {Operand(binary.Right)}",
        IsNullExpr isNull => $"{Operand(isNull.Operand)} is {(isNull.Negated ? "not " : "")}null",
        InExpr inExpr => $"{Operand(inExpr.Operand)} {(inExpr.Negated ? "not " : "")}in ({string.Join(", ", inExpr.Values.Select(Print))})",
        BetweenExpr between => $"{Operand(between.Operand)} {(between.Negated ? "not " : "")}between {Operand(between.Low)} and {Operand(between.High)}",
        CallExpr call => $"{call.Function}({string.Join(", ", call.Arguments.Select(Print))})",
        CaseExpr caseExpr => "case " + string.Join(" ", caseExpr.Whens.Select(w => $"when {Print(w.Condition)} then {Print(w.Result)}"))
                             + (caseExpr.Else is null ? "" : $" else {Print(caseExpr.Else)}") + " end",
        CastExpr cast => $"cast({Print(cast.Operand)} as {cast.Type.AsNonNullable()}" + (cast.Format is null ? ")" : $" format {Quote(cast.Format)})"),
        _ => expr.GetType().Name,
    };

    /// <summary>Every column the expression reads, once each, in first-use order.</summary>
    public static IReadOnlyList<ColumnRef> Columns(Expr expr)
    {
        var found = new List<ColumnRef>();
        void Visit(Expr? e)
        {
            switch (e)
            {
                case ColumnRef c when found.All(f => f.Name != c.Name || f.Input != c.Input): found.Add(c); break;
                case UnaryExpr u: Visit(u.Operand); break;
                case BinaryExpr b: Visit(b.Left); Visit(b.Right); break;
                case IsNullExpr n: Visit(n.Operand); break;
                case InExpr i: Visit(i.Operand); foreach (var v in i.Values) Visit(v); break;
                case BetweenExpr b: Visit(b.Operand); Visit(b.Low); Visit(b.High); break;
                case CallExpr c: foreach (var a in c.Arguments) Visit(a); break;
                case CaseExpr c: foreach (var w in c.Whens) { Visit(w.Condition); Visit(w.Result); } Visit(c.Else); break;
                case CastExpr c: Visit(c.Operand); break;
            }
        }
        Visit(expr);
        return found;
    }

    public static string Name(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => char.IsLetterOrDigit(c) || c == '_') && !Reserved.Contains(name)
            ? name
            : "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";

    private static readonly HashSet<string> Reserved =
        ["and", "or", "not", "is", "null", "in", "between", "case", "when", "then", "else", "end", "true", "false"];

    private static string Operand(Expr expr) =>
        expr is BinaryExpr or BetweenExpr or InExpr or IsNullExpr ? "(" + Print(expr) + ")" : Print(expr);

    private static string Symbol(BinaryOp op) => op switch
    {
        BinaryOp.Add => "+", BinaryOp.Subtract => "-", BinaryOp.Multiply => "*", BinaryOp.Divide => "/", BinaryOp.Modulo => "%",
        BinaryOp.Equal => "==", BinaryOp.NotEqual => "!=", BinaryOp.Less => "<", BinaryOp.LessOrEqual => "<=",
        BinaryOp.Greater => ">", BinaryOp.GreaterOrEqual => ">=", BinaryOp.And => "and", BinaryOp.Or => "or", BinaryOp.Coalesce => "??",
        _ => op.ToString(),
    };

    private static string Literal(LiteralExpr literal)
    {
        if (literal.Type.Kind == TypeKind.List) return "[" + string.Join(", ", (literal.Items.IsDefault ? [] : literal.Items).Select(Print)) + "]";
        if (literal.Value is null) return "null";
        return literal.Type.Kind switch
        {
            TypeKind.String or TypeKind.Json => Quote(literal.Value),
            TypeKind.Date => $"date({Quote(literal.Value)})",
            TypeKind.Timestamp => $"timestamp({Quote(literal.Value)})",
            TypeKind.Duration => Duration(long.Parse(literal.Value, CultureInfo.InvariantCulture)),
            _ => literal.Value,
        };
    }

    private static string Duration(long milliseconds)
    {
        foreach (var (unit, size) in new[] { ("w", 604_800_000L), ("d", 86_400_000L), ("h", 3_600_000L), ("m", 60_000L), ("s", 1_000L) })
            if (milliseconds != 0 && milliseconds % size == 0) return (milliseconds / size).ToString(CultureInfo.InvariantCulture) + unit;
        return milliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
    }

    public static string Quote(string text)
    {
        var result = new StringBuilder("\"");
        foreach (var ch in text)
        {
            result.Append(ch switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ => ch.ToString(),
            });
        }
        return result.Append('"').ToString();
    }
}
