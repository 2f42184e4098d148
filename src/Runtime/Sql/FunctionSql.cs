using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;

namespace Pulse.Runtime.Sql;

/// <summary>
/// The scalar functions of docs/language.md in DuckDB. Semantics chosen to match the C# speed layer:
/// <list type="bullet">
/// <item><c>trim</c> strips what .NET's <c>string.Trim()</c> strips (Unicode white space), not only spaces.</item>
/// <item><c>substring(s, start[, length])</c> is 1-based over characters (code points); a start before 1
/// counts the positions before the string (SQL-standard), a negative length gives "".</item>
/// <item><c>length</c> counts characters (code points).</item>
/// <item><c>replace</c> with an empty search text returns the input unchanged.</item>
/// <item><c>regex_match</c> is true when the pattern matches anywhere in the text (RE2 syntax).</item>
/// <item><c>concat</c> treats null parts as empty; the result is never null.</item>
/// <item><c>round</c> rounds half away from zero (decimals exactly; doubles after scaling by 10^digits).</item>
/// <item><c>date_trunc("week", t)</c> truncates to Monday 00:00 UTC.</item>
/// <item><c>now()</c> is the run's start time, one value for the whole run.</item>
/// </list>
/// </summary>
public static class FunctionSql
{
    /// <summary>The characters .NET's <c>char.IsWhiteSpace</c> accepts, as an RE2 class.</summary>
    private const string WhiteSpaceClass = @"[\t\n\x0B\f\r\x{85}\p{Z}]";

    public static string Write(DuckDbExpressionWriter writer, CallExpr call)
    {
        var args = call.Arguments.Select(writer.Write).ToArray();
        var type = call.Type;
        return call.Function switch
        {
            "trim" => Trim(args[0]),
            "lower" => $"lower({args[0]})",
            "upper" => $"upper({args[0]})",
            "substring" => Substring(args),
            "replace" => $"replace({args[0]}, {args[1]}, {args[2]})",
            "regex_match" => $"regexp_matches({args[0]}, {args[1]})",
            "concat" => $"concat({SqlText.Join(args)})",
            "length" => $"CAST(length({args[0]}) AS INTEGER)",
            "round" => DuckDbExpressionWriter.CastTo(type, args.Length > 1 ? $"round({args[0]}, {args[1]})" : $"round({args[0]})"),
            "abs" => DuckDbExpressionWriter.CastTo(type, $"abs({args[0]})"),
            "floor" => DuckDbExpressionWriter.CastTo(type, $"floor({args[0]})"),
            "ceil" => DuckDbExpressionWriter.CastTo(type, $"ceil({args[0]})"),
            "year" => $"CAST(year({args[0]}) AS INTEGER)",
            "month" => $"CAST(month({args[0]}) AS INTEGER)",
            "day" => $"CAST(day({args[0]}) AS INTEGER)",
            "date_trunc" => DateTrunc(call, args),
            "now" => writer.Now,
            "date" => ConstantOrCast(call.Arguments[0], args[0], PulseType.Date),
            "timestamp" => ConstantOrCast(call.Arguments[0], args[0], PulseType.Timestamp),
            "parse_date" => Parse(call, args, PulseType.Date),
            "parse_timestamp" => Parse(call, args, PulseType.Timestamp),
            _ => throw new NotSupportedException($"function '{call.Function}' is not supported by the batch runtime"),
        };
    }

    public static string Trim(string value) =>
        $"regexp_replace({value}, {SqlText.String("^" + WhiteSpaceClass + "+|" + WhiteSpaceClass + "+$")}, '', 'g')";

    private static string Substring(string[] args)
    {
        var start = $"greatest({args[1]}, 1)";
        if (args.Length < 3) return $"substring({args[0]}, {start})";
        // Characters at positions [start, start + length) that exist: SQL-standard, never DuckDB's "from the end".
        return $"(CASE WHEN {args[2]} < 0 THEN '' ELSE substring({args[0]}, {start}, greatest({args[1]} + {args[2]} - {start}, 0)) END)";
    }

    private static readonly string[] TruncUnits = ["hour", "day", "week", "month", "year"];

    private static string DateTrunc(CallExpr call, string[] args)
    {
        if (call.Arguments[0] is LiteralExpr { Value: { } unit } && !TruncUnits.Contains(unit))
            throw new NotSupportedException($"date_trunc unit \"{unit}\" is not one of {string.Join(", ", TruncUnits)}");
        return $"CAST(date_trunc({args[0]}, CAST({args[1]} AS TIMESTAMP)) AS TIMESTAMP)";
    }

    private static string ConstantOrCast(Expr argument, string sql, PulseType target)
    {
        if (argument is LiteralExpr { Value: { } text })
            return target.Kind == TypeKind.Date
                ? SqlLiterals.Date(DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture))
                : SqlLiterals.Timestamp(SqlLiterals.ParseTimestamp(text));
        return DuckDbExpressionWriter.TryCast(sql, PulseType.String, target);
    }

    private static string Parse(CallExpr call, string[] args, PulseType target)
    {
        if (call.Arguments[1] is LiteralExpr { Value: { } format })
            return DuckDbExpressionWriter.ParseWithFormat(args[0], format, target);
        throw new NotSupportedException($"{call.Function} needs a constant format");
    }
}
