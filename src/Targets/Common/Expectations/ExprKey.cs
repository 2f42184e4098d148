using System.Text;
using Pulse.Compiler.Ir;

namespace Pulse.Targets.Common.Expectations;

/// <summary>A canonical text of an expression, for structural equality (records compare arrays by reference).</summary>
public static class ExprKey
{
    public static string Of(Expr expr)
    {
        var text = new StringBuilder();
        Write(expr, text);
        return text.ToString();
    }

    private static void Write(Expr expr, StringBuilder text)
    {
        text.Append('(').Append(expr.GetType().Name).Append(' ').Append(expr.Type);
        switch (expr)
        {
            case LiteralExpr l: text.Append(" v=").Append(l.Value is null ? "null" : Quote(l.Value)); break;
            case ColumnRef c: text.Append(" c=").Append(Quote(c.Name)).Append(" i=").Append(c.Input); break;
            case UnaryExpr u: text.Append(' ').Append(u.Op); break;
            case BinaryExpr b: text.Append(' ').Append(b.Op); break;
            case IsNullExpr n: text.Append(" not=").Append(n.Negated); break;
            case InExpr i: text.Append(" not=").Append(i.Negated); break;
            case BetweenExpr b: text.Append(" not=").Append(b.Negated); break;
            case CallExpr c: text.Append(" f=").Append(c.Function); break;
            case CastExpr c: text.Append(" fmt=").Append(c.Format is null ? "null" : Quote(c.Format)); break;
            case CaseExpr c: text.Append(" else=").Append(c.Else is not null); break;
        }
        foreach (var child in ExprRewriter.Children(expr)) Write(child, text.Append(' '));
        text.Append(')');
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
