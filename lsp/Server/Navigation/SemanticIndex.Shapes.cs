using System.Collections.Immutable;
using Pulse.Language.Syntax;
using Pulse.Lsp.Analysis;

namespace Pulse.Lsp.Navigation;

public sealed partial class SemanticIndex
{
    /// <summary>A source's schema fields as read, before its clean steps.</summary>
    private ImmutableArray<ScopeColumn> RawShapeOf(PulseSymbol source)
    {
        ShapeOf(source);
        return rawShapes.GetValueOrDefault(source, []);
    }

    /// <summary>The output columns of a relation, computed once (a cycle between views yields no columns).</summary>
    private ImmutableArray<ScopeColumn> ShapeOf(PulseSymbol relation)
    {
        if (shapes.TryGetValue(relation, out var known)) return known;
        if (!inProgress.Add(relation)) return [];
        var shape = relation.Declaration switch
        {
            SourceDeclarationSyntax source => SourceShape(relation, source),
            ViewDeclarationSyntax view => ViewShape(relation, view),
            _ => [],
        };
        inProgress.Remove(relation);
        shapes[relation] = shape;
        return shape;
    }

    private ImmutableArray<ScopeColumn> SourceShape(PulseSymbol relation, SourceDeclarationSyntax source)
    {
        var file = relation.File;
        var scope = new List<ScopeColumn>();
        foreach (var field in source.Schema?.Fields ?? SyntaxList<FieldSyntax>.Empty)
        {
            if (field.Name.IsMissing) continue;
            var symbol = Add(new PulseSymbol(field.Name.Text, SymbolCategory.Column, file, field.Name, field)
            {
                TypeText = field.Type.ToString(),
                Doc = field.DocComment,
                Origin = field.SourceColumn is { } column
                    ? $"schema field of source `{relation.Name}`, read from input column \"{column}\""
                    : $"schema field of source `{relation.Name}`",
            });
            scope.Add(new ScopeColumn(symbol.Name, symbol, symbol.TypeText, relation.Name));
        }
        rawShapes[relation] = [.. scope];

        foreach (var step in source.Clean?.Steps ?? SyntaxList<CleanStepSyntax>.Empty)
        {
            scopes[step] = [.. scope];
            switch (step)
            {
                case RenameStepSyntax rename:
                    var renamed = Resolve(rename.Column, scope);
                    if (!rename.NewName.IsMissing)
                    {
                        var symbol = Add(new PulseSymbol(rename.NewName.Text, SymbolCategory.Column, file, rename.NewName, rename)
                        {
                            TypeText = renamed?.TypeText,
                            Origin = $"`{rename.Column.Text}` renamed in the clean block of source `{relation.Name}`",
                            Doc = renamed?.Symbol.Doc,
                        });
                        var index = renamed is null ? -1 : scope.IndexOf(renamed);
                        var column = new ScopeColumn(symbol.Name, symbol, symbol.TypeText, relation.Name);
                        if (index >= 0) scope[index] = column; else scope.Add(column);
                    }
                    break;
                case CastStepSyntax cast:
                    if (Resolve(cast.Column, scope) is { } castColumn)
                        scope[scope.IndexOf(castColumn)] = castColumn with { TypeText = cast.Type.ToString() };
                    break;
                case CleanDeriveStepSyntax derive:
                    ResolveExpression(derive.Expression, scope);
                    if (!derive.Name.IsMissing)
                    {
                        var symbol = Add(new PulseSymbol(derive.Name.Text, SymbolCategory.Column, file, derive.Name, derive)
                        {
                            Expression = derive.Expression,
                            Origin = $"derived in the clean block of source `{relation.Name}`",
                        });
                        scope.RemoveAll(c => c.Name == symbol.Name);
                        scope.Add(new ScopeColumn(symbol.Name, symbol, null, relation.Name));
                    }
                    break;
                case ExpectationSyntax expectation:
                    if (!expectation.Name.IsMissing)
                        Add(new PulseSymbol(expectation.Name.Text, SymbolCategory.Expectation, file, expectation.Name, expectation)
                        {
                            Origin = $"expectation of source `{relation.Name}`",
                        });
                    ResolveRule(expectation.Rule, scope);
                    break;
                default:
                    foreach (var name in step.DescendantNodes().OfType<NameSyntax>())
                        if (name.Parent is not (NameExpressionSyntax or MemberAccessExpressionSyntax or CallExpressionSyntax)) Resolve(name, scope);
                    foreach (var expression in step.Children.OfType<ExpressionSyntax>()) ResolveExpression(expression, scope);
                    break;
            }
        }
        return [.. scope];
    }

    private void ResolveRule(ExpectationRuleSyntax rule, List<ScopeColumn> scope)
    {
        switch (rule)
        {
            case UniqueRuleSyntax unique:
                foreach (var column in unique.Columns) Resolve(column, scope);
                break;
            case FreshnessRuleSyntax freshness:
                Resolve(freshness.Column, scope);
                break;
            case RowCountRuleSyntax:
                break;
            case ConditionRuleSyntax condition:
                ResolveExpression(condition.Condition, scope);
                break;
            case ReferencesRuleSyntax references:
                ResolveExpression(references.Value, scope);
                var target = relations.GetValueOrDefault(references.Relation.Text);
                Refer(references.Relation, target);
                if (target is not null) Refer(references.Column, Find(ShapeOf(target), references.Column.Text)?.Symbol);
                break;
        }
    }

    private ImmutableArray<ScopeColumn> ViewShape(PulseSymbol relation, ViewDeclarationSyntax view)
    {
        var file = relation.File;
        var scope = new List<ScopeColumn>();
        var windowColumns = new List<ScopeColumn>();
        foreach (var step in view.Steps)
        {
            scopes[step] = [.. scope];
            switch (step)
            {
                case FromStepSyntax from:
                    scope = [.. ColumnsFrom(from.Relation, from.Alias, file)];
                    break;
                case JoinStepSyntax join:
                    var left = scope.ToList();
                    var right = ColumnsFrom(join.Relation, join.Alias, file).ToList();
                    if (join.Condition is JoinUsingSyntax usingClause)
                    {
                        foreach (var key in usingClause.Columns)
                        {
                            Resolve(key, left);
                            right.RemoveAll(c => c.Name == key.Text); // using merges the key columns
                        }
                        scope = [.. left, .. right];
                    }
                    else
                    {
                        scope = [.. left, .. right];
                        if (join.Condition is JoinOnSyntax on) ResolveExpression(on.Condition, scope);
                    }
                    break;
                case WhereStepSyntax where:
                    ResolveExpression(where.Condition, scope);
                    break;
                case DeriveStepSyntax derive:
                    foreach (var assignment in derive.Assignments)
                        AddComputed(scope, assignment.Name, assignment, assignment.Expression, $"derived in {view.Keyword.Text} view `{relation.Name}`", file);
                    break;
                case SelectStepSyntax select:
                    var selected = new List<ScopeColumn>();
                    foreach (var item in select.Items)
                    {
                        var input = ResolveExpression(item.Expression, scope);
                        if (item.Alias is { IsMissing: false } alias)
                            selected.Add(Computed(alias, item, item.Expression, $"selected in {view.Keyword.Text} view `{relation.Name}`", file, input?.TypeText, scope));
                        else if (input is not null)
                            selected.Add(input with { Qualifier = null });
                    }
                    scope = selected;
                    break;
                case GroupByStepSyntax group:
                    var grouped = new List<ScopeColumn>();
                    foreach (var key in group.Keys)
                    {
                        var input = ResolveExpression(key.Expression, scope);
                        if (key.Alias is { IsMissing: false } alias)
                            grouped.Add(Computed(alias, key, key.Expression, $"grouping key of {view.Keyword.Text} view `{relation.Name}`", file, input?.TypeText, scope));
                        else if (input is not null)
                            grouped.Add(input with { Qualifier = null });
                    }
                    grouped.AddRange(windowColumns);
                    foreach (var aggregate in group.Aggregates)
                    {
                        scopes[aggregate] = [.. scope];
                        ResolveExpression(aggregate.Expression, scope);
                        if (!aggregate.Name.IsMissing)
                            grouped.Add(Computed(aggregate.Name, aggregate, aggregate.Expression, $"aggregate of {view.Keyword.Text} view `{relation.Name}`", file, null, null));
                    }
                    scope = grouped;
                    break;
                case WindowStepSyntax window:
                    Resolve(window.Column, scope);
                    foreach (var name in new[] { "window_start", "window_end" })
                    {
                        var symbol = Add(new PulseSymbol(name, SymbolCategory.Column, file, null, window)
                        {
                            TypeText = "timestamp",
                            Origin = $"added by the `window {window.Window.Keyword.Text}` step of {view.Keyword.Text} view `{relation.Name}`",
                        });
                        windowColumns.Add(new ScopeColumn(name, symbol, "timestamp", null));
                    }
                    scope.AddRange(windowColumns);
                    break;
                case OrderByStepSyntax order:
                    foreach (var item in order.Items) ResolveExpression(item.Expression, scope);
                    break;
                case UnionStepSyntax union:
                    Refer(union.Relation, relations.GetValueOrDefault(union.Relation.Text));
                    break;
                case IncrementalStepSyntax incremental:
                    Resolve(incremental.Column, scope);
                    break;
                case BatchStepSyntax batch:
                    var batchView = relations.GetValueOrDefault(batch.View.Text);
                    Refer(batch.View, batchView);
                    if (batchView is not null) scope = [.. ShapeOf(batchView).Select(c => c with { Qualifier = null })];
                    break;
                case SpeedStepSyntax speed:
                    var speedView = relations.GetValueOrDefault(speed.View.Text);
                    Refer(speed.View, speedView);
                    if (scope.Count == 0 && speedView is not null) scope = [.. ShapeOf(speedView).Select(c => c with { Qualifier = null })];
                    break;
                case KeyStepSyntax key:
                    foreach (var column in key.Columns) Resolve(column, scope);
                    break;
                case TimeStepSyntax time:
                    Resolve(time.Column, scope);
                    break;
            }
        }
        return [.. scope];
    }

    /// <summary>The columns a <c>from</c> or <c>join</c> brings in, qualified by the alias (or the relation's name).</summary>
    private IEnumerable<ScopeColumn> ColumnsFrom(NameSyntax relationName, AliasSyntax? alias, DocumentAnalysis file)
    {
        var relation = relations.GetValueOrDefault(relationName.Text);
        Refer(relationName, relation);
        var qualifier = alias is { Name.IsMissing: false } ? alias.Name.Text : relationName.Text;
        var qualifierSymbol = relation;
        if (alias is { Name.IsMissing: false } && relation is not null)
            qualifierSymbol = Add(new PulseSymbol(alias.Name.Text, SymbolCategory.Alias, file, alias.Name, alias) { Target = relation, Origin = $"alias of `{relation.Name}`" });
        if (relation is null) return [];
        return ShapeOf(relation).Select(c => c with { Qualifier = qualifier, QualifierSymbol = qualifierSymbol }).ToList();
    }

    private void AddComputed(List<ScopeColumn> scope, NameSyntax name, SyntaxNode node, ExpressionSyntax expression, string origin, DocumentAnalysis file)
    {
        var input = ResolveExpression(expression, scope);
        if (name.IsMissing) return;
        var column = Computed(name, node, expression, origin, file, input?.TypeText, scope);
        scope.RemoveAll(c => c.Name == column.Name && c.Qualifier is null);
        scope.Add(column);
    }

    private ScopeColumn Computed(NameSyntax name, SyntaxNode node, ExpressionSyntax expression, string origin, DocumentAnalysis file, string? passThroughType, List<ScopeColumn>? inputScope)
    {
        // `x = c.x` or `x = x` keeps the type of the column it copies.
        var type = expression is NameExpressionSyntax or MemberAccessExpressionSyntax ? passThroughType : null;
        var symbol = Add(new PulseSymbol(name.Text, SymbolCategory.Column, file, name, node) { Expression = expression, Origin = origin, TypeText = type });
        return new ScopeColumn(symbol.Name, symbol, type, null);
    }

    /// <summary>Resolves a bare column name in a scope.</summary>
    private ScopeColumn? Resolve(NameSyntax name, List<ScopeColumn> scope)
    {
        if (name.IsMissing) return null;
        var column = scope.FirstOrDefault(c => c.Name == name.Text);
        Refer(name, column?.Symbol);
        return column;
    }

    /// <summary>
    /// Resolves every name inside an expression; returns the column when the whole expression is
    /// one column (<c>x</c> or <c>alias.x</c>), so select and group by can pass it through.
    /// </summary>
    private ScopeColumn? ResolveExpression(ExpressionSyntax expression, List<ScopeColumn> scope)
    {
        ScopeColumn? whole = null;
        var nodes = expression.DescendantNodes().Prepend(expression);
        foreach (var node in nodes)
        {
            switch (node)
            {
                case MemberAccessExpressionSyntax { Expression: NameExpressionSyntax qualifier } access:
                    var column = scope.FirstOrDefault(c => c.Qualifier == qualifier.Name.Text && c.Name == access.Member.Text);
                    Refer(qualifier.Name, scope.FirstOrDefault(c => c.Qualifier == qualifier.Name.Text)?.QualifierSymbol);
                    Refer(access.Member, column?.Symbol);
                    if (ReferenceEquals(node, expression)) whole = column;
                    break;
                case NameExpressionSyntax name when name.Parent is not MemberAccessExpressionSyntax { Expression: var left } || !ReferenceEquals(left, name):
                    var found = Resolve(name.Name, scope);
                    if (ReferenceEquals(node, expression)) whole = found;
                    break;
            }
        }
        return whole;
    }
}
