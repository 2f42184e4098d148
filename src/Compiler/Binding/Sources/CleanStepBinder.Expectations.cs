using System.Collections.Immutable;
using System.Globalization;
using Pulse.Compiler.Common;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Language.Syntax;

namespace Pulse.Compiler.Binding;

internal sealed partial class CleanStepBinder
{
    /// <summary>
    /// An expectation: its rule, its action (default <c>fail</c>) and thresholds as fractions.
    /// <c>mostly 99%</c> fails above 1% violations, <c>fail above 5%</c> above 5%, <c>warn above 1%</c>
    /// warns above 1%. Without a threshold, <c>fail</c> fails on any violation (fail above 0) and
    /// <c>warn</c> warns on any (warn above 0); <c>drop</c> and <c>quarantine</c> only move rows.
    /// </summary>
    private CleanStep? BindExpectation(ExpectationSyntax syntax)
    {
        var name = syntax.Name.IsMissing ? null : syntax.Name.Text;
        if (name is not null && !expectationNames.Add(name))
            context.Add(BindingContext.At(tree, syntax.Name).DuplicateExpectation(name, state.Source.Name));

        var action = syntax.Action?.Action.Text switch
        {
            "drop" => ViolationAction.Drop,
            "quarantine" => ViolationAction.Quarantine,
            "warn" => ViolationAction.Warn,
            _ => ViolationAction.Fail,
        };
        var rule = BindRule(syntax.Rule);
        if (rule is RowCountRule or FreshnessRule && action is ViolationAction.Drop or ViolationAction.Quarantine)
            context.Add(BindingContext.At(tree, syntax.Action!).SetRuleAction(rule is RowCountRule ? "row_count" : "freshness", syntax.Action!.Action.Text));

        double? warnAbove = null, failAbove = null;
        var sawMostly = false;
        var sawFailAbove = false;
        foreach (var threshold in syntax.Thresholds)
        {
            if (threshold.Percent.IsMissing || !SyntaxFacts.TryParsePercent(threshold.Percent.Text, out var percent)) continue;
            if (percent is < 0 or > 100)
            {
                context.Add(BindingContext.At(tree, threshold.Percent).PercentOutOfRange(threshold.Percent.Text));
                continue;
            }
            var fraction = (double)(percent / 100m);
            switch (threshold.Keyword.Text)
            {
                case "mostly":
                    sawMostly = true;
                    failAbove = Math.Round(1 - fraction, 10);
                    break;
                case "warn":
                    warnAbove = fraction;
                    break;
                default:
                    sawFailAbove = true;
                    failAbove = fraction;
                    break;
            }
        }
        if (sawMostly && sawFailAbove) context.Add(BindingContext.At(tree, syntax.Name).ConflictingThresholds());
        if (action == ViolationAction.Fail) failAbove ??= 0;
        if (action == ViolationAction.Warn) warnAbove ??= 0;
        if (rule is null || name is null) return null;
        if (rule is RowRule row && action is ViolationAction.Drop or ViolationAction.Quarantine)
        {
            // Rows that violate leave the source, and a null violates: what the rule rejects nulls of is non-null afterwards.
            foreach (var column in NullRejection.Columns(row.Predicate))
            {
                if (state.TryFind(column) is { Type.Nullable: true } nullable) state.SetType(nullable, nullable.Type.AsNonNullable());
            }
        }
        var expectation = new ExpectationIr(name, rule, action, warnAbove, failAbove, OriginOf(syntax));
        return new ExpectStep(state.Schema, OriginOf(syntax), expectation);
    }

    private ExpectationRule? BindRule(ExpectationRuleSyntax syntax)
    {
        switch (syntax)
        {
            case ConditionRuleSyntax condition:
                var predicate = new ExpressionBinder(context, tree, state.Scope).BindCondition(condition.Condition, "an expectation rule");
                return predicate.Type.Kind == TypeKind.Error ? null : new RowRule(predicate);

            case UniqueRuleSyntax unique:
                var columns = unique.Columns.Select(state.Find).ToList();
                return columns.Count == 0 || columns.Any(c => c is null) ? null : new UniqueRule(columns.Select(c => c!.Name).ToImmutableArray());

            case RowCountRuleSyntax rowCount:
                return BindRowCount(rowCount);

            case FreshnessRuleSyntax freshness:
                var column = state.Find(freshness.Column);
                if (column is null) return null;
                if (!column.Type.IsTemporal && column.Type.Kind != TypeKind.Error)
                {
                    context.Add(BindingContext.At(tree, freshness.Column).NotATimestamp("freshness column", column.Name, column.Type.ToString()));
                    return null;
                }
                return !freshness.MaxAge.IsMissing && SyntaxFacts.TryParseDuration(freshness.MaxAge.Text, out var maxAge)
                    ? new FreshnessRule(column.Name, maxAge)
                    : null;

            case ReferencesRuleSyntax references:
                return BindReferences(references);

            default:
                return null;
        }
    }

    private ExpectationRule? BindRowCount(RowCountRuleSyntax syntax)
    {
        var low = TestBinder.BindConstant(context, tree, syntax.Low, "a row_count bound");
        var high = TestBinder.BindConstant(context, tree, syntax.High, "a row_count bound");
        if (low.Type.Kind == TypeKind.Error || high.Type.Kind == TypeKind.Error) return null;
        if (!TryWholeNumber(low, out var min) || !TryWholeNumber(high, out var max))
        {
            context.Add(BindingContext.At(tree, syntax).InvalidRowCountBounds("the bounds must be whole numbers"));
            return null;
        }
        if (min < 0 || min > max)
        {
            context.Add(BindingContext.At(tree, syntax).InvalidRowCountBounds(min < 0 ? "a count cannot be negative" : $"{min} is more than {max}"));
            return null;
        }
        return new RowCountRule(min, max);
    }

    private static bool TryWholeNumber(Expr expr, out long value)
    {
        value = 0;
        return expr is LiteralExpr { Value: { } text } literal && literal.Type.Kind is TypeKind.Int or TypeKind.Long
            && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    private ExpectationRule? BindReferences(ReferencesRuleSyntax syntax)
    {
        ScopeColumn? column = null;
        if (syntax.Value is NameExpressionSyntax name) column = state.Find(name.Name);
        else if (syntax.Value is not MissingExpressionSyntax) context.Add(BindingContext.At(tree, syntax.Value).ReferencesNeedsColumn());
        if (column is not null) context.Info.RecordType(syntax.Value, column.Type);

        var relation = binder.ResolveRelation(tree, syntax.Relation);
        if (relation is null) return null;
        if (relation is not SourceSymbol target)
        {
            context.Add(BindingContext.At(tree, syntax.Relation).ReferenceTargetNotSource(relation.Name, relation.KindText));
            return null;
        }
        if (!ReferencedSources.Contains(target)) ReferencedSources.Add(target);
        // A source referencing back at one being bound sees its fields as read (no cycle error: references only read values).
        var targetColumns = binder.IsBindingSource(target) ? target.InputFields : binder.BindSource(target).Symbol.Columns;
        if (syntax.Column.IsMissing) return null;
        var targetColumn = targetColumns.FirstOrDefault(c => c.Name == syntax.Column.Text);
        if (targetColumn is null)
        {
            context.Add(BindingContext.At(tree, syntax.Column).UnknownColumn(syntax.Column.Text, $"source `{target.Name}`", DidYouMean.Suggest(syntax.Column.Text, targetColumns.Select(c => c.Name))));
            return null;
        }
        context.Info.RecordSymbol(syntax.Column, targetColumn);
        if (column is null) return null;
        if (!TypeRules.AreComparable(column.Type, targetColumn.Type))
        {
            context.Add(BindingContext.At(tree, syntax).ReferenceTypeMismatch(column.Name, column.Type.ToString(), $"{target.Name}.{targetColumn.Name}", targetColumn.Type.ToString()));
            return null;
        }
        return new ReferenceRule(column.Name, target.Name, targetColumn.Name);
    }
}
