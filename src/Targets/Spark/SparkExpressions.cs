using System.Globalization;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using static Pulse.Targets.CSharp.CSharpSyntax;

namespace Pulse.Targets.Spark;

/// <summary>
/// Translates an IR expression into a Microsoft.Spark <c>Column</c> expression. Columns are looked
/// up through a resolver (a join renames its inputs), always backtick-quoted. Comparison and
/// arithmetic use the named <c>Column</c> methods (<c>EqualTo</c>, <c>Plus</c>, ...) rather than the
/// overloaded operators, so the generated code reads the same as the Spark API it calls.
/// </summary>
public sealed class SparkExpressions(Func<ColumnRef, string> resolve)
{
    public static SparkExpressions ForSingleInput() => new(c => c.Name);

    public static ExpressionSyntax Col(string columnName) => Call("Functions", "Col", String(SparkNames.Column(columnName)));

    public static ExpressionSyntax Lit(ExpressionSyntax value) => Call("Functions", "Lit", value);

    /// <summary>A violation column for a row rule: true when the predicate is false or null.</summary>
    public ExpressionSyntax Violation(Expr predicate) =>
        Call("Functions", "Not", Call("Functions", "Coalesce", Translate(predicate), Lit(Bool(false))));

    public ExpressionSyntax Translate(Expr expr) => expr switch
    {
        LiteralExpr literal => Literal(literal),
        ColumnRef column => Col(resolve(column)),
        UnaryExpr { Op: UnaryOp.Negate } unary => Call("Functions", "Negate", Translate(unary.Operand)),
        UnaryExpr unary => Call("Functions", "Not", Translate(unary.Operand)),
        BinaryExpr binary => Binary(binary),
        IsNullExpr isNull => Call(Translate(isNull.Operand), isNull.Negated ? "IsNotNull" : "IsNull"),
        InExpr inExpr => In(inExpr),
        BetweenExpr between => Negate(Call(Translate(between.Operand), "Between", Translate(between.Low), Translate(between.High)), between.Negated),
        CallExpr call => Function(call),
        CaseExpr caseExpr => Case(caseExpr),
        CastExpr cast => Cast(Translate(cast.Operand), cast.Operand.Type, cast.Type, cast.Format),
        _ => throw new NotSupportedException($"expression {expr.GetType().Name} has no Spark translation"),
    };

    private static ExpressionSyntax Negate(ExpressionSyntax column, bool negated) => negated ? Call("Functions", "Not", column) : column;

    private ExpressionSyntax Binary(BinaryExpr binary)
    {
        var left = Translate(binary.Left);
        var right = Translate(binary.Right);
        ExpressionSyntax result = binary.Op switch
        {
            BinaryOp.Add => Call(left, "Plus", right),
            BinaryOp.Subtract => Call(left, "Minus", right),
            BinaryOp.Multiply => Call(left, "Multiply", right),
            BinaryOp.Divide => Call(left, "Divide", right),
            BinaryOp.Modulo => Call(left, "Mod", right),
            BinaryOp.Equal => Call(left, "EqualTo", right),
            BinaryOp.NotEqual => Call(left, "NotEqual", right),
            BinaryOp.Less => Call(left, "Lt", right),
            BinaryOp.LessOrEqual => Call(left, "Leq", right),
            BinaryOp.Greater => Call(left, "Gt", right),
            BinaryOp.GreaterOrEqual => Call(left, "Geq", right),
            BinaryOp.And => Call(left, "And", right),
            BinaryOp.Or => Call(left, "Or", right),
            BinaryOp.Coalesce => Call("Functions", "Coalesce", left, right),
            _ => throw new NotSupportedException($"operator {binary.Op}"),
        };
        // Spark divides integers into a double; Pulse keeps the integral type the checker gave.
        if (binary.Op == BinaryOp.Divide && binary.Type.Kind is TypeKind.Int or TypeKind.Long)
            result = Call(result, "Cast", String(SparkTypes.Ddl(binary.Type)));
        return result;
    }

    /// <summary><c>x in (a, b)</c> as <c>x == a or x == b</c>: the same null semantics as SQL IN.</summary>
    private ExpressionSyntax In(InExpr inExpr)
    {
        var operand = Translate(inExpr.Operand);
        var values = inExpr.Values.SelectMany(v => v is LiteralExpr { Items.IsDefaultOrEmpty: false } list ? list.Items : [v]).ToList();
        if (values.Count == 0) return Lit(Bool(inExpr.Negated));
        var result = values.Select(v => (ExpressionSyntax)Call(operand, "EqualTo", Translate(v)))
            .Aggregate((a, b) => Call(a, "Or", b));
        return Negate(result, inExpr.Negated);
    }

    private ExpressionSyntax Case(CaseExpr caseExpr)
    {
        ExpressionSyntax? result = null;
        foreach (var when in caseExpr.Whens)
            result = result is null
                ? Call("Functions", "When", Translate(when.Condition), Translate(when.Result))
                : Call(result, "When", Translate(when.Condition), Translate(when.Result));
        if (result is null) return caseExpr.Else is null ? NullOf(caseExpr.Type) : Translate(caseExpr.Else);
        return caseExpr.Else is null ? result : Call(result, "Otherwise", Translate(caseExpr.Else));
    }

    /// <summary>A cast; from a string with a format it parses (null when it does not parse).</summary>
    public static ExpressionSyntax Cast(ExpressionSyntax operand, PulseType from, PulseType to, string? format)
    {
        if (format is not null && from.Kind == TypeKind.String && to.Kind == TypeKind.Date)
            return Call("Functions", "ToDate", operand, String(format));
        if (format is not null && from.Kind == TypeKind.String && to.Kind == TypeKind.Timestamp)
            return Call("Functions", "ToTimestamp", operand, String(format));
        return Call(operand, "Cast", String(SparkTypes.Ddl(to)));
    }

    private ExpressionSyntax Literal(LiteralExpr literal)
    {
        var type = literal.Type;
        if (literal.Value is null) return NullOf(type);
        var value = literal.Value;
        return type.Kind switch
        {
            TypeKind.String or TypeKind.Json => Lit(String(value)),
            TypeKind.Int => Lit(Int(int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture))),
            TypeKind.Long => Lit(Long(long.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture))),
            TypeKind.Double => Lit(Double(double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture))),
            // Decimals travel as text and are cast in Spark, so no digit is lost on the way.
            TypeKind.Decimal => Call(Lit(String(value)), "Cast", String(DecimalDdl(type, value))),
            TypeKind.Bool => Lit(Bool(value == "true")),
            TypeKind.Date => Call(Lit(String(value)), "Cast", String("date")),
            TypeKind.Timestamp => Call(Lit(String(value)), "Cast", String("timestamp")),
            // A duration is whole milliseconds (an integer the IR checked), so the SQL text is only digits.
            TypeKind.Duration => Call("Functions", "Expr", String("INTERVAL " + long.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + " MILLISECONDS")),
            _ => throw new NotSupportedException($"literal of type {type}"),
        };
    }

    private static string DecimalDdl(PulseType type, string value)
    {
        if (type.Precision > 0) return SparkTypes.Ddl(type);
        var digits = value.TrimStart('-');
        var point = digits.IndexOf('.');
        var scale = point < 0 ? 0 : digits.Length - point - 1;
        var precision = Math.Clamp(digits.Replace(".", "").Length, Math.Max(scale, 1), 38);
        return $"decimal({precision},{scale})";
    }

    private static ExpressionSyntax NullOf(PulseType type) =>
        SparkTypes.IsColumnType(type) ? Call(Lit(Null()), "Cast", String(SparkTypes.Ddl(type))) : Lit(Null());

    private ExpressionSyntax Function(CallExpr call)
    {
        var args = call.Arguments;
        ExpressionSyntax Arg(int i) => Translate(args[i]);
        string ConstantString(int i) => args[i] is LiteralExpr { Value: { } text } ? text
            : throw new SparkConstantRequiredException($"argument {i + 1} of {call.Function}()");
        int ConstantInt(int i) => args[i] is LiteralExpr { Value: { } text } ? int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : throw new SparkConstantRequiredException($"argument {i + 1} of {call.Function}()");

        return call.Function switch
        {
            "trim" => Call("Functions", "Trim", Arg(0)),
            "lower" => Call("Functions", "Lower", Arg(0)),
            "upper" => Call("Functions", "Upper", Arg(0)),
            "substring" => Call(Arg(0), "SubStr", Arg(1), args.Length > 2 ? Arg(2) : Call("Functions", "Length", Arg(0))),
            "replace" => Replace(call),
            "regex_match" => Call(Arg(0), "RLike", String(ConstantString(1))),
            "concat" => Call("Functions", "ConcatWs", [String(""), .. args.Select(Translate)]),
            "length" => Call("Functions", "Length", Arg(0)),
            "round" => Call("Functions", "Round", Arg(0), Int(args.Length > 1 ? ConstantInt(1) : 0)),
            "abs" => Call("Functions", "Abs", Arg(0)),
            "floor" => CastTo(Call("Functions", "Floor", Arg(0)), call.Type),
            "ceil" => CastTo(Call("Functions", "Ceil", Arg(0)), call.Type),
            "year" => Call("Functions", "Year", Arg(0)),
            "month" => Call("Functions", "Month", Arg(0)),
            "day" => Call("Functions", "DayOfMonth", Arg(0)),
            "date_trunc" => Call("Functions", "DateTrunc", String(ConstantString(0)), Arg(1)),
            "now" => Call("Functions", "CurrentTimestamp"),
            "date" => Call(Lit(String(ConstantString(0))), "Cast", String("date")),
            "timestamp" => Call(Lit(String(ConstantString(0))), "Cast", String("timestamp")),
            "parse_date" => Call("Functions", "ToDate", Arg(0), String(ConstantString(1))),
            "parse_timestamp" => Call("Functions", "ToTimestamp", Arg(0), String(ConstantString(1))),
            _ => throw new NotSupportedException($"the function {call.Function}()"),
        };
    }

    private static ExpressionSyntax CastTo(ExpressionSyntax column, PulseType type) =>
        type.Kind == TypeKind.Long || !SparkTypes.IsColumnType(type) ? column : Call(column, "Cast", String(SparkTypes.Ddl(type)));

    /// <summary>
    /// Literal replace through <c>RegexpReplace</c>: the search text is quoted as a Java regex
    /// (<c>\Q...\E</c>) and the replacement's <c>\</c> and <c>$</c> are escaped, so both are taken literally.
    /// </summary>
    private ExpressionSyntax Replace(CallExpr call)
    {
        if (call.Arguments[1] is LiteralExpr { Value: { } search } && call.Arguments[2] is LiteralExpr { Value: { } replacement })
            return Call("Functions", "RegexpReplace", Translate(call.Arguments[0]), String(JavaRegexQuote(search)), String(JavaReplacementQuote(replacement)));
        throw new SparkConstantRequiredException("the search and replacement text of replace()");
    }

    public static string JavaRegexQuote(string text) => "\\Q" + text.Replace("\\E", "\\E\\\\E\\Q") + "\\E";

    public static string JavaReplacementQuote(string text) => text.Replace("\\", "\\\\").Replace("$", "\\$");

    /// <summary>A Spark interval string for a duration, in whole seconds (or milliseconds when not whole).</summary>
    public static string Interval(TimeSpan span)
    {
        var ms = (long)span.TotalMilliseconds;
        return ms % 1000 == 0
            ? (ms / 1000).ToString(CultureInfo.InvariantCulture) + " seconds"
            : ms.ToString(CultureInfo.InvariantCulture) + " milliseconds";
    }
}
