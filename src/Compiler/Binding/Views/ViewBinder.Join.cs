using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Language.Syntax;
using IrJoinKind = Pulse.Compiler.Ir.JoinKind;
using SyntaxJoinKind = Pulse.Language.Syntax.JoinKind;

namespace Pulse.Compiler.Binding;

internal sealed partial class ViewBinder
{
    /// <summary>
    /// A join: the condition sees the left columns (input 0) and the right ones (input 1). The output
    /// keeps the left columns then the right ones; <c>using</c> columns appear once, from the left; a
    /// name both sides have becomes <c>alias.column</c> on each side (a later select renames it).
    /// A left join makes the right side's columns nullable.
    /// </summary>
    private void BindJoin(JoinStepSyntax step)
    {
        if (IsSpeed) NotInSpeedView(step, "enrich a stream in the batch layer, or in the source's clean block");
        var relation = binder.ResolveRelation(tree, step.Relation);
        if (relation is null)
        {
            current = null;
            scope = scope.With(scope.Columns, isBroken: true);
            return;
        }
        var alias = DeclareAlias(step.Alias, step.Relation, relation);
        if (scope.Aliases.ContainsKey(alias.Name))
        {
            context.Add(BindingContext.At(tree, (SyntaxNode?)step.Alias?.Name ?? step.Relation).DuplicateAlias(alias.Name));
            reads.Add(relation);
            current = null;
            scope = scope.With(scope.Columns, isBroken: true);
            return;
        }
        var read = ReadRelation(relation, step.Relation, alias.Name, 1);
        var aliases = scope.Aliases.Add(alias.Name, alias);
        if (read is null || current is null)
        {
            current = null;
            scope = scope.With(scope.Columns, aliases, isBroken: true);
            return;
        }
        var left = scope.Columns;
        var right = read.Value.Columns;
        var joinScope = new RelationScope(left.AddRange(right), aliases, $"{description} or `{relation.Name}`", scope.IsBroken);
        RecordJoinScope(step, joinScope);

        var usingLeft = new List<ScopeColumn>();
        var usingRight = new List<ScopeColumn>();
        Expr condition;
        if (step.Condition is JoinUsingSyntax usingSyntax)
        {
            condition = BindUsing(usingSyntax, relation, right, usingLeft, usingRight);
        }
        else
        {
            var on = (JoinOnSyntax)step.Condition;
            condition = new ExpressionBinder(context, tree, joinScope).BindCondition(on.Condition, "the join condition");
        }

        var kind = step.Kind == SyntaxJoinKind.Left ? IrJoinKind.Left : IrJoinKind.Inner;
        var leftNames = left.Where(c => !usingLeft.Contains(c)).Select(c => c.BareName).ToHashSet(StringComparer.Ordinal);
        var rightNames = right.Where(c => !usingRight.Contains(c)).Select(c => c.BareName).ToHashSet(StringComparer.Ordinal);
        var outputs = ImmutableArray.CreateBuilder<JoinOutput>();
        var columns = ImmutableArray.CreateBuilder<ScopeColumn>();
        foreach (var column in left)
        {
            var name = !usingLeft.Contains(column) && rightNames.Contains(column.BareName) && column.Qualifier is not null
                ? $"{column.Qualifier}.{column.BareName}"
                : column.Name;
            outputs.Add(new JoinOutput(name, JoinSide.Left, column.Name));
            columns.Add(column with { Name = name, Input = 0 });
        }
        foreach (var column in right)
        {
            if (usingRight.Contains(column)) continue;
            var name = leftNames.Contains(column.BareName) ? $"{alias.Name}.{column.BareName}" : column.BareName;
            var type = kind == IrJoinKind.Left ? column.Type.AsNullable() : column.Type;
            outputs.Add(new JoinOutput(name, JoinSide.Right, column.Name));
            columns.Add(column with { Name = name, Type = type, Input = 0 });
        }
        var schema = new RelSchema(columns.Select(c => c.ToColumn()).ToImmutableArray());
        var leftAlias = current is ScanNode or ViewScanNode ? fromAlias : null;
        if (condition.Type.Kind == TypeKind.Error) current = null;
        else
        {
            current = new JoinNode(schema, OriginOf(step), current, read.Value.Node, kind, condition,
                usingLeft.Select(c => c.Name).ToImmutableArray(), outputs.ToImmutable(), leftAlias, alias.Name);
        }
        description = $"{description} joined with `{relation.Name}`";
        scope = new RelationScope(columns.ToImmutable(), aliases, description, scope.IsBroken);
    }

    private void RecordJoinScope(JoinStepSyntax step, RelationScope joinScope) => context.Info.RecordScope(new ScopeRecord(tree, step.Condition.Span, joinScope));

    /// <summary><c>using (a, b)</c>: each column on both sides, compared for equality; the condition is their conjunction.</summary>
    private Expr BindUsing(JoinUsingSyntax syntax, RelationSymbol relation, ImmutableArray<ScopeColumn> right, List<ScopeColumn> usingLeft, List<ScopeColumn> usingRight)
    {
        Expr? condition = null;
        var failed = false;
        foreach (var name in syntax.Columns)
        {
            if (name.IsMissing) { failed = true; continue; }
            var lookup = scope.Resolve(name.Text);
            var rightColumn = right.FirstOrDefault(c => c.BareName == name.Text);
            if (lookup.Outcome != LookupOutcome.Found)
            {
                failed = true;
                if (lookup.Outcome == LookupOutcome.Ambiguous)
                    context.Add(BindingContext.At(tree, name).AmbiguousColumn(name.Text, string.Join(" or ", lookup.Candidates.Select(c => $"`{c.Qualifier}.{c.BareName}`"))));
                else if (!scope.IsBroken)
                    context.Add(BindingContext.At(tree, name).UnknownColumn(name.Text, description, Common.DidYouMean.Suggest(name.Text, scope.BareNames)));
                continue;
            }
            if (rightColumn is null)
            {
                failed = true;
                context.Add(BindingContext.At(tree, name).UnknownColumn(name.Text, $"`{relation.Name}`", Common.DidYouMean.Suggest(name.Text, right.Select(c => c.BareName))));
                continue;
            }
            var leftColumn = lookup.Column!;
            context.Info.RecordSymbol(name, leftColumn.Symbol);
            if (!TypeRules.AreComparable(leftColumn.Type, rightColumn.Type))
            {
                failed = true;
                context.Add(BindingContext.At(tree, name).TypeMismatch("==", leftColumn.Type.ToString(), rightColumn.Type.ToString()));
                continue;
            }
            usingLeft.Add(leftColumn);
            usingRight.Add(rightColumn);
            Expr l = new ColumnRef(leftColumn.Type, leftColumn.Name, 0);
            Expr r = new ColumnRef(rightColumn.Type, rightColumn.Name, 1);
            if (l.Type.Kind != r.Type.Kind && l.Type.IsNumeric && r.Type.IsNumeric)
            {
                var common = TypeRules.WidenNumeric(l.Type, r.Type);
                l = Coercion.ToKind(l, common);
                r = Coercion.ToKind(r, common);
            }
            Expr equal = new BinaryExpr(PulseType.Bool.WithNullability(l.Type.Nullable || r.Type.Nullable), BinaryOp.Equal, l, r);
            condition = condition is null ? equal : new BinaryExpr(PulseType.Bool.WithNullability(condition.Type.Nullable || equal.Type.Nullable), BinaryOp.And, condition, equal);
        }
        return failed || condition is null ? Coercion.ErrorExpr : condition;
    }
}
