using System.Globalization;
using System.Text;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Targets.Common.Expectations;

namespace Pulse.Targets.Elasticsearch;

/// <summary>
/// Turns an expectation predicate into a painless condition that is true when an incoming document
/// *violates* it. Like a SQL CHECK, a document whose referenced fields are missing or null passes:
/// the guard may be weaker than the spec, never stronger. Numbers are compared as doubles (JSON
/// gives Integer, Long or Double), strings with ordinal comparisons, fields are read as
/// <c>ctx['name']</c> with the name escaped, and regexes only when their meaning is the same in Java.
/// </summary>
public static class PainlessTranslator
{
    private enum Kind { Number, Text, Boolean }

    private sealed class UntranslatableException(string message) : Exception(message);

    public static bool TryViolation(Expr predicate, out string condition, out string reason)
    {
        try
        {
            var (code, kind) = Translate(predicate);
            if (kind != Kind.Boolean) throw new UntranslatableException("the rule is not a boolean expression");
            var fields = ExpectationTracer.ColumnsOf(predicate);
            var present = string.Join(" && ", fields.Select(f => $"{Field(f)} != null"));
            condition = fields.Length == 0 ? $"!({code})" : $"{present} && !({code})";
            reason = "";
            return true;
        }
        catch (UntranslatableException e)
        {
            condition = "";
            reason = e.Message;
            return false;
        }
    }

    /// <summary>A painless string literal: single quotes, with backslash and quote escaped.</summary>
    public static string String(string value)
    {
        var text = new StringBuilder("'");
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '\\' => "\\\\",
                '\'' => "\\'",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }
        return text.Append('\'').ToString();
    }

    public static string Field(string name) => $"ctx[{String(name)}]";

    private static (string Code, Kind Kind) Translate(Expr expr) => expr switch
    {
        LiteralExpr literal => Literal(literal),
        ColumnRef column => Column(column),
        UnaryExpr { Op: UnaryOp.Not } u => ($"!({Bool(u.Operand)})", Kind.Boolean),
        UnaryExpr { Op: UnaryOp.Negate } u => ($"(-{Number(u.Operand)})", Kind.Number),
        BinaryExpr b => Binary(b),
        IsNullExpr n => ($"({Raw(n.Operand)} {(n.Negated ? "!=" : "==")} null)", Kind.Boolean),
        InExpr i => In(i),
        BetweenExpr b => Between(b),
        CallExpr c => Call(c),
        CaseExpr c => Case(c),
        _ => throw new UntranslatableException($"no painless form for {expr.GetType().Name}"),
    };

    private static (string, Kind) Literal(LiteralExpr literal)
    {
        if (literal.Value is null) throw new UntranslatableException("null literals are handled by the presence check");
        return literal.Type.Kind switch
        {
            TypeKind.String => (String(literal.Value), Kind.Text),
            TypeKind.Int or TypeKind.Long or TypeKind.Decimal or TypeKind.Double => (Double(literal.Value), Kind.Number),
            TypeKind.Bool => (literal.Value == "true" ? "true" : "false", Kind.Boolean),
            _ => throw new UntranslatableException($"{literal.Type} values arrive as text whose format may vary"),
        };
    }

    /// <summary>A number re-printed by us, so only digits, '.', 'E' and '-' can reach the script.</summary>
    private static string Double(string text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw new UntranslatableException($"'{text}' is not a finite number");
        var printed = value.ToString("R", CultureInfo.InvariantCulture);
        return printed.Contains('.') || printed.Contains('E') ? printed : printed + ".0";
    }

    private static (string, Kind) Column(ColumnRef column) => column.Type.Kind switch
    {
        TypeKind.Int or TypeKind.Long or TypeKind.Decimal or TypeKind.Double => ($"((Number) {Field(column.Name)}).doubleValue()", Kind.Number),
        TypeKind.String => ($"((String) {Field(column.Name)})", Kind.Text),
        TypeKind.Bool => ($"((Boolean) {Field(column.Name)})", Kind.Boolean),
        _ => throw new UntranslatableException($"{column.Type} fields arrive as text whose format may vary"),
    };

    /// <summary>The untyped value, for null tests.</summary>
    private static string Raw(Expr expr) => expr is ColumnRef c ? Field(c.Name) : throw new UntranslatableException("null tests are only translated on fields");

    private static string Bool(Expr expr) => Expect(expr, Kind.Boolean);
    private static string Number(Expr expr) => Expect(expr, Kind.Number);

    private static string Expect(Expr expr, Kind kind)
    {
        var (code, actual) = Translate(expr);
        if (actual != kind) throw new UntranslatableException($"expected a {kind.ToString().ToLowerInvariant()} operand");
        return code;
    }

    private static (string, Kind) Binary(BinaryExpr b)
    {
        switch (b.Op)
        {
            case BinaryOp.And: return ($"({Bool(b.Left)} && {Bool(b.Right)})", Kind.Boolean);
            case BinaryOp.Or: return ($"({Bool(b.Left)} || {Bool(b.Right)})", Kind.Boolean);
            case BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply:
                var op = b.Op switch { BinaryOp.Add => "+", BinaryOp.Subtract => "-", _ => "*" };
                if (b.Type.Kind == TypeKind.String) throw new UntranslatableException("string arithmetic");
                return ($"({Number(b.Left)} {op} {Number(b.Right)})", Kind.Number);
            case BinaryOp.Equal or BinaryOp.NotEqual or BinaryOp.Less or BinaryOp.LessOrEqual or BinaryOp.Greater or BinaryOp.GreaterOrEqual:
                return Compare(b.Op, b.Left, b.Right);
            default:
                throw new UntranslatableException($"the operator {b.Op} is not translated (division, modulo and ?? differ by type)");
        }
    }

    private static string Symbol(BinaryOp op) => op switch
    {
        BinaryOp.Equal => "==", BinaryOp.NotEqual => "!=", BinaryOp.Less => "<", BinaryOp.LessOrEqual => "<=",
        BinaryOp.Greater => ">", _ => ">=",
    };

    private static (string, Kind) Compare(BinaryOp op, Expr left, Expr right)
    {
        var (l, lk) = Translate(left);
        var (r, rk) = Translate(right);
        if (lk != rk) throw new UntranslatableException("comparison of different kinds");
        return lk switch
        {
            Kind.Text when op is BinaryOp.Equal => ($"{l}.equals({r})", Kind.Boolean),
            Kind.Text when op is BinaryOp.NotEqual => ($"!{l}.equals({r})", Kind.Boolean),
            Kind.Text => ($"({l}.compareTo({r}) {Symbol(op)} 0)", Kind.Boolean),
            _ => ($"({l} {Symbol(op)} {r})", Kind.Boolean),
        };
    }

    private static (string, Kind) In(InExpr i)
    {
        var (operand, kind) = Translate(i.Operand);
        var tests = i.Values.Select(v =>
        {
            var (value, vk) = Translate(v);
            if (vk != kind) throw new UntranslatableException("an 'in' list of a different kind");
            return kind == Kind.Text ? $"{operand}.equals({value})" : $"{operand} == {value}";
        });
        var any = "(" + string.Join(" || ", tests) + ")";
        return (i.Negated ? "!" + any : any, Kind.Boolean);
    }

    private static (string, Kind) Between(BetweenExpr b)
    {
        var (operand, kind) = Translate(b.Operand);
        if (kind != Kind.Number) throw new UntranslatableException("between is translated for numbers only");
        var test = $"({operand} >= {Number(b.Low)} && {operand} <= {Number(b.High)})";
        return (b.Negated ? "!" + test : test, Kind.Boolean);
    }

    private static (string, Kind) Call(CallExpr call)
    {
        var args = call.Arguments;
        switch (call.Function)
        {
            case "length":
                // Java and .NET both count UTF-16 code units.
                return ($"{Expect(args[0], Kind.Text)}.length()", Kind.Number);
            case "regex_match" when args[1] is LiteralExpr { Value: { } pattern }:
                if (!PortableRegex.IsPortable(pattern, out var why)) throw new UntranslatableException(why);
                if (pattern.IndexOfAny(['\n', '\r']) >= 0) throw new UntranslatableException("a regex with a line break");
                return ($"/{EscapeSlashes(pattern)}/.matcher({Expect(args[0], Kind.Text)}).find()", Kind.Boolean);
            case "abs":
                return ($"Math.abs({Number(args[0])})", Kind.Number);
            default:
                throw new UntranslatableException($"{call.Function}() is not translated to painless");
        }
    }

    /// <summary>Escapes the '/' that would end a painless regex literal; already escaped characters stay as they are.</summary>
    private static string EscapeSlashes(string pattern)
    {
        var text = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\' && i + 1 < pattern.Length) { text.Append(pattern, i, 2); i++; }
            else if (pattern[i] == '/') text.Append("\\/");
            else text.Append(pattern[i]);
        }
        return text.ToString();
    }

    private static (string, Kind) Case(CaseExpr c)
    {
        if (c.Else is null) throw new UntranslatableException("a case without else yields null");
        var (fallback, kind) = Translate(c.Else);
        var code = fallback;
        foreach (var when in c.Whens.Reverse())
        {
            var (result, rk) = Translate(when.Result);
            if (rk != kind) throw new UntranslatableException("case branches of different kinds");
            code = $"({Bool(when.Condition)} ? {result} : {code})";
        }
        return (code, kind);
    }
}
