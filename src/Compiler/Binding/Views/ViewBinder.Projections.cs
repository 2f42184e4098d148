using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Language.Syntax;

namespace Pulse.Compiler.Binding;

internal sealed partial class ViewBinder
{
    /// <summary>
    /// <c>derive a = …, b = …</c>: the input columns pass through first, then the new ones (a name that
    /// exists is replaced in place). Each assignment sees the ones before it; when it reads one, the
    /// projection is split so that every IR projection reads only its input.
    /// </summary>
    private void BindDerive(DeriveStepSyntax step)
    {
        var columns = scope.Columns.ToList();
        var pending = new Dictionary<string, Expr>(StringComparer.Ordinal);
        var failed = false;
        foreach (var assignment in step.Assignments)
        {
            var expressions = new ExpressionBinder(context, tree, scope.With([.. columns]));
            var value = expressions.Bind(assignment.Expression);
            if (assignment.Name.IsMissing) { failed = true; continue; }
            if (!CheckStorable(assignment.Name, assignment.Expression, value)) { failed = true; continue; }
            if (value.Type.Kind == TypeKind.Error) failed = true;
            if (expressions.UsedColumns.Any(c => pending.ContainsKey(c.Name)))
            {
                Project(step, columns, pending, failed);
                pending.Clear();
            }
            var name = assignment.Name.Text;
            var symbol = new ColumnSymbol(name, value.Type, view, ColumnRole.Column, assignment.Name, tree, null, null);
            context.Info.RecordDeclaration(assignment, symbol);
            var column = new ScopeColumn(name, name, null, value.Type, 0, symbol, expressions.UsedLineage());
            var index = columns.FindIndex(c => c.Name == name);
            if (index >= 0) columns[index] = column;
            else columns.Add(column);
            pending[name] = value;
        }
        Project(step, columns, pending, failed);
        scope = scope.With([.. columns]);
    }

    private void Project(SyntaxNode step, List<ScopeColumn> columns, Dictionary<string, Expr> computed, bool failed)
    {
        if (failed) current = null; // the tree is only lowered when there are no errors; a partial one would not match the scope
        if (current is null || computed.Count == 0) return;
        var named = columns.Select(c => new NamedExpr(c.Name, computed.TryGetValue(c.Name, out var value) ? value : new ColumnRef(c.Type, c.Name))).ToImmutableArray();
        current = new ProjectNode(new RelSchema(columns.Select(c => c.ToColumn()).ToImmutableArray()), OriginOf(step), current, named);
    }

    private bool CheckStorable(NameSyntax name, ExpressionSyntax expression, Expr value)
    {
        if (value.Type.Kind == TypeKind.Null)
        {
            context.Add(BindingContext.At(tree, expression).NullNeedsType());
            return false;
        }
        if (value.Type.Kind == TypeKind.Duration)
        {
            context.Add(BindingContext.At(tree, expression).NotAssignable("store", name.Text, "a column", "duration"));
            return false;
        }
        return true;
    }

    /// <summary>The name an unnamed select item or group key takes: a column's own name, or null when it has none.</summary>
    private static NameSyntax? ImpliedName(ExpressionSyntax expression) => expression switch
    {
        NameExpressionSyntax name => name.Name,
        MemberAccessExpressionSyntax member => member.Member,
        ParenthesizedExpressionSyntax parenthesized => ImpliedName(parenthesized.Expression),
        _ => null,
    };

    /// <summary>
    /// A named output column. An unnamed item that reads a column keeps that column's identity (its
    /// symbol carries the input's over, so renaming the field renames this too); a named one is new.
    /// </summary>
    private ScopeColumn? OutputColumn(NameSyntax? alias, ExpressionSyntax expression, Expr value, ImmutableArray<ColumnKey> lineage, RelationScope input, string what, HashSet<string> taken, SyntaxNode declaration)
    {
        var nameSyntax = alias ?? ImpliedName(expression);
        if (nameSyntax is null)
        {
            context.Add(BindingContext.At(tree, expression).NameRequired(what));
            return null;
        }
        if (nameSyntax.IsMissing) return null;
        var name = nameSyntax.Text;
        if (!taken.Add(name))
        {
            context.Add(BindingContext.At(tree, nameSyntax).DuplicateColumn(name, $"view `{view.Name}`"));
            return null;
        }
        var carried = alias is null && value is ColumnRef reference ? input.FindByName(reference.Name) : null;
        var origin = carried?.Symbol;
        var symbol = new ColumnSymbol(name, value.Type, view, ColumnRole.Column, nameSyntax, tree, origin?.Doc, origin);
        context.Info.RecordDeclaration(declaration, symbol);
        if (alias is not null) context.Info.RecordSymbol(alias, symbol);
        // A column passed on under its own name keeps its qualifier: `select page … where c.page != ""` still reads it.
        return new ScopeColumn(name, name, carried?.Qualifier, value.Type, 0, symbol, lineage);
    }

    private void BindSelect(SelectStepSyntax step)
    {
        var columns = ImmutableArray.CreateBuilder<ScopeColumn>();
        var named = ImmutableArray.CreateBuilder<NamedExpr>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var failed = false;
        foreach (var item in step.Items)
        {
            var expressions = new ExpressionBinder(context, tree, scope);
            var value = expressions.Bind(item.Expression);
            if (value.Type.Kind == TypeKind.Error) failed = true;
            else if (item.Alias is { } alias && !CheckStorable(alias, item.Expression, value)) { failed = true; continue; }
            var column = OutputColumn(item.Alias, item.Expression, value, expressions.UsedLineage(), scope, "select item", taken, item);
            if (column is null) { failed = true; continue; }
            columns.Add(column);
            named.Add(new NamedExpr(column.Name, value));
        }
        var output = columns.ToImmutable();
        if (failed) current = null;
        if (current is not null)
            current = new ProjectNode(new RelSchema(output.Select(c => c.ToColumn()).ToImmutableArray()), OriginOf(step), current, named.ToImmutable());
        description = "the selected columns";
        scope = new RelationScope(output, scope.Aliases, description, scope.IsBroken || failed);
    }
}
