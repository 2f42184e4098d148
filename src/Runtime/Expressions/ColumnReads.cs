using Pulse.Compiler.Ir;

namespace Pulse.Runtime.Expressions;

/// <summary>
/// The columns an expression reads. Used to leave unread event fields unmaterialized; so it must never miss a
/// read: an expression kind it does not know makes it answer "unknown" (false), and callers then assume
/// every column is read.
/// </summary>
public static class ColumnReads
{
    /// <summary>Adds the names of the columns <paramref name="expr"/> reads to <paramref name="into"/>; false when it cannot tell.</summary>
    public static bool TryCollect(Expr? expr, ISet<string> into)
    {
        switch (expr)
        {
            case null:
                return true;
            case ColumnRef column:
                into.Add(column.Name);
                return column.Input == 0;
            case LiteralExpr literal:
                return literal.Items.IsDefault || literal.Items.All(item => TryCollect(item, into));
            case UnaryExpr unary:
                return TryCollect(unary.Operand, into);
            case BinaryExpr binary:
                return TryCollect(binary.Left, into) & TryCollect(binary.Right, into);
            case IsNullExpr isNull:
                return TryCollect(isNull.Operand, into);
            case InExpr inExpr:
                return TryCollect(inExpr.Operand, into) & inExpr.Values.All(v => TryCollect(v, into));
            case BetweenExpr between:
                return TryCollect(between.Operand, into) & TryCollect(between.Low, into) & TryCollect(between.High, into);
            case CallExpr call:
                return call.Arguments.All(a => TryCollect(a, into));
            case CaseExpr caseExpr:
                return caseExpr.Whens.All(w => TryCollect(w.Condition, into) & TryCollect(w.Result, into)) & TryCollect(caseExpr.Else, into);
            case CastExpr cast:
                return TryCollect(cast.Operand, into);
            default:
                return false;
        }
    }
}
