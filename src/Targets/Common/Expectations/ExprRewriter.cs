using System.Collections.Immutable;
using Pulse.Compiler.Ir;

namespace Pulse.Targets.Common.Expectations;

/// <summary>Structural walks over IR expressions.</summary>
public static class ExprRewriter
{
    /// <summary>Calls <paramref name="visit"/> on every node, parents first.</summary>
    public static void Visit(Expr expr, Action<Expr> visit)
    {
        visit(expr);
        foreach (var child in Children(expr)) Visit(child, visit);
    }

    public static IEnumerable<Expr> Children(Expr expr) => expr switch
    {
        LiteralExpr literal => literal.Items.IsDefault ? [] : literal.Items,
        UnaryExpr unary => [unary.Operand],
        BinaryExpr binary => [binary.Left, binary.Right],
        IsNullExpr isNull => [isNull.Operand],
        InExpr @in => [@in.Operand, .. @in.Values],
        BetweenExpr between => [between.Operand, between.Low, between.High],
        CallExpr call => call.Arguments,
        CaseExpr @case => [.. @case.Whens.SelectMany(w => new[] { w.Condition, w.Result }), .. @case.Else is null ? [] : new[] { @case.Else }],
        CastExpr cast => [cast.Operand],
        _ => [],
    };

    /// <summary>The same expression with column references renamed (names not in the map stay).</summary>
    public static Expr RenameColumns(Expr expr, IReadOnlyDictionary<string, string> names) => expr switch
    {
        ColumnRef c => names.TryGetValue(c.Name, out var to) ? c with { Name = to, Input = 0 } : c,
        LiteralExpr l => l.Items.IsDefault ? l : l with { Items = l.Items.Select(i => RenameColumns(i, names)).ToImmutableArray() },
        UnaryExpr u => u with { Operand = RenameColumns(u.Operand, names) },
        BinaryExpr b => b with { Left = RenameColumns(b.Left, names), Right = RenameColumns(b.Right, names) },
        IsNullExpr n => n with { Operand = RenameColumns(n.Operand, names) },
        InExpr i => i with { Operand = RenameColumns(i.Operand, names), Values = i.Values.Select(v => RenameColumns(v, names)).ToImmutableArray() },
        BetweenExpr b => b with { Operand = RenameColumns(b.Operand, names), Low = RenameColumns(b.Low, names), High = RenameColumns(b.High, names) },
        CallExpr c => c with { Arguments = c.Arguments.Select(a => RenameColumns(a, names)).ToImmutableArray() },
        CaseExpr c => c with
        {
            Whens = c.Whens.Select(w => new WhenClause(RenameColumns(w.Condition, names), RenameColumns(w.Result, names))).ToImmutableArray(),
            Else = c.Else is null ? null : RenameColumns(c.Else, names),
        },
        CastExpr c => c with { Operand = RenameColumns(c.Operand, names) },
        _ => expr,
    };
}
