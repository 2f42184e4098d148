using Pulse.Compiler.Functions;
using Pulse.Compiler.Ir;

namespace Pulse.Compiler.Binding;

/// <summary>
/// Flow typing for filters: which columns a predicate proves non-null in the rows it keeps. A row
/// passes a <c>where</c> (and a <c>drop</c>/<c>quarantine</c> expectation) only when the predicate is
/// true, so any column whose null would make the predicate null or false is non-null afterwards
/// (<c>cluster in (0, 1)</c> keeps no null cluster; <c>x is null or x > 0</c> proves nothing).
/// </summary>
internal static class NullRejection
{
    /// <summary>The names of the input-0 columns the predicate rejects nulls of.</summary>
    public static HashSet<string> Columns(Expr predicate)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        Collect(predicate, result);
        return result;
    }

    /// <summary>Columns whose null makes the predicate not true.</summary>
    private static void Collect(Expr predicate, HashSet<string> result)
    {
        switch (predicate)
        {
            case BinaryExpr { Op: BinaryOp.And } and:
                Collect(and.Left, result);
                Collect(and.Right, result);
                break;
            case BinaryExpr { Op: BinaryOp.Or } or:
                var left = new HashSet<string>(StringComparer.Ordinal);
                var right = new HashSet<string>(StringComparer.Ordinal);
                Collect(or.Left, left);
                Collect(or.Right, right);
                left.IntersectWith(right);
                result.UnionWith(left);
                break;
            case UnaryExpr { Op: UnaryOp.Not, Operand: IsNullExpr { Negated: false } isNull }:
                Strict(isNull.Operand, result);
                break;
            case IsNullExpr { Negated: true } isNotNull:
                Strict(isNotNull.Operand, result);
                break;
            case UnaryExpr { Op: UnaryOp.Not } not:
                // not p is null when p is null; it is true only when p is false, which a null column can still cause.
                Strict(not.Operand, result);
                break;
            default:
                Strict(predicate, result);
                break;
        }
    }

    /// <summary>Columns whose null makes the expression null (null propagates through it).</summary>
    private static void Strict(Expr expr, HashSet<string> result)
    {
        switch (expr)
        {
            case ColumnRef { Input: 0 } column:
                result.Add(column.Name);
                break;
            case BinaryExpr { Op: not (BinaryOp.Coalesce or BinaryOp.And or BinaryOp.Or) } binary:
                Strict(binary.Left, result);
                Strict(binary.Right, result);
                break;
            case UnaryExpr { Op: UnaryOp.Negate } negate:
                Strict(negate.Operand, result);
                break;
            case InExpr @in:
                Strict(@in.Operand, result);
                break;
            case BetweenExpr between:
                Strict(between.Operand, result);
                Strict(between.Low, result);
                Strict(between.High, result);
                break;
            case CastExpr cast:
                Strict(cast.Operand, result);
                break;
            case CallExpr call when FunctionCatalog.Find(call.Function) is { Nullability: NullRule.Propagate }:
                foreach (var argument in call.Arguments) Strict(argument, result);
                break;
        }
    }
}
