using System.Collections.Immutable;
using Pulse.Compiler.Common;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Language.Syntax;

namespace Pulse.Compiler.Binding;

/// <summary>
/// Binds one expression against the columns in scope: resolves names, checks and infers types and
/// nullability (docs/language.md "Types"), folds constants (<c>date("…")</c>, <c>-5</c>) and returns
/// the typed IR expression. Every expression node's type and every name's symbol is recorded for the
/// semantic model. After an error the result has the error type, which is compatible with
/// everything, so one mistake is reported once.
/// </summary>
internal sealed partial class ExpressionBinder
{
    private readonly BindingContext context;
    private readonly SyntaxTree tree;
    private readonly RelationScope scope;
    private readonly AggregateCollector? aggregates;
    private readonly HashSet<ScopeColumn> used = new(ReferenceEqualityComparer.Instance);
    private bool insideAggregate;

    /// <param name="aggregates">Set inside a <c>group by</c> block: aggregates are collected there, and columns may only appear inside them.</param>
    public ExpressionBinder(BindingContext context, SyntaxTree tree, RelationScope scope, AggregateCollector? aggregates = null)
    {
        this.context = context;
        this.tree = tree;
        this.scope = scope;
        this.aggregates = aggregates;
    }

    /// <summary>The columns the expressions bound so far read (for column lineage).</summary>
    public IReadOnlyCollection<ScopeColumn> UsedColumns => used;

    /// <summary>The upstream columns the bound expressions read: distinct, ordered by relation then column.</summary>
    public ImmutableArray<ColumnKey> UsedLineage()
    {
        // Runs for every derived, selected and grouped column: the usual single key is returned as it is,
        // the rest sorted and de-duplicated in place rather than through LINQ's Distinct/OrderBy/ThenBy.
        if (used.Count == 1)
            foreach (var only in used)
                if (only.Lineage.Length <= 1) return only.Lineage;
        var keys = new List<ColumnKey>();
        foreach (var column in used) keys.AddRange(column.Lineage);
        keys.Sort(LineageOrder);
        var distinct = ImmutableArray.CreateBuilder<ColumnKey>(keys.Count);
        foreach (var key in keys)
            if (distinct.Count == 0 || !distinct[^1].Equals(key)) distinct.Add(key);
        return distinct.ToImmutable();
    }

    private static readonly Comparison<ColumnKey> LineageOrder = (a, b) =>
        string.CompareOrdinal(a.Relation, b.Relation) is var byRelation and not 0 ? byRelation : string.CompareOrdinal(a.Column, b.Column);

    public void ResetUsed() => used.Clear();

    public Expr Bind(ExpressionSyntax syntax)
    {
        var result = BindCore(syntax);
        context.Info.RecordType(syntax, result.Type);
        return result;
    }

    /// <summary>Binds a condition (<c>where</c>, <c>drop where</c>, a row rule, <c>join on</c>): it must be a bool.</summary>
    public Expr BindCondition(ExpressionSyntax syntax, string what)
    {
        var result = Bind(syntax);
        if (result.Type.Kind is not (TypeKind.Bool or TypeKind.Error or TypeKind.Null))
        {
            context.Add(BindingContext.At(tree, syntax).ConditionNotBool(what, result.Type.ToString()));
            return Coercion.ErrorExpr;
        }
        return result;
    }

    private Expr BindCore(ExpressionSyntax syntax) => syntax switch
    {
        LiteralExpressionSyntax literal => BindLiteral(literal),
        NameExpressionSyntax name => BindName(name),
        MemberAccessExpressionSyntax member => BindMemberAccess(member),
        ParenthesizedExpressionSyntax parenthesized => Bind(parenthesized.Expression),
        UnaryExpressionSyntax unary => BindUnary(unary),
        BinaryExpressionSyntax binary => BindBinary(binary),
        IsNullExpressionSyntax isNull => BindIsNull(isNull),
        InExpressionSyntax inExpression => BindIn(inExpression),
        BetweenExpressionSyntax between => BindBetween(between),
        CallExpressionSyntax call => BindCall(call),
        CastExpressionSyntax cast => BindCast(cast),
        CaseExpressionSyntax caseExpression => BindCase(caseExpression),
        ListExpressionSyntax list => BindList(list),
        StarExpressionSyntax star => ReportStar(star),
        _ => Coercion.ErrorExpr, // MissingExpressionSyntax: the parser reported it
    };

    private Expr ReportStar(StarExpressionSyntax star)
    {
        context.Add(BindingContext.At(tree, star).ValueNotConstant("`*` outside count(*)"));
        return Coercion.ErrorExpr;
    }

    private Expr BindName(NameExpressionSyntax syntax)
    {
        var name = syntax.Name;
        if (name.IsMissing) return Coercion.ErrorExpr;
        var lookup = scope.Resolve(name.Text);
        return UseColumn(lookup, name, name.Text, scope.BareNames);
    }

    private Expr BindMemberAccess(MemberAccessExpressionSyntax syntax)
    {
        if (syntax.Member.IsMissing) return Coercion.ErrorExpr;
        if (syntax.Expression is NameExpressionSyntax qualifier && !qualifier.Name.IsMissing && scope.Aliases.TryGetValue(qualifier.Name.Text, out var alias))
        {
            context.Info.RecordSymbol(qualifier.Name, alias);
            var lookup = scope.ResolveQualified(alias.Name, syntax.Member.Text);
            var result = UseColumn(lookup, syntax.Member, $"{alias.Name}.{syntax.Member.Text}", scope.BareNamesOf(alias.Name), $"`{alias.Name}` ({alias.Relation.KindText} `{alias.Relation.Name}`)");
            context.Info.RecordType(qualifier, result.Type);
            return result;
        }
        if (syntax.Expression is NameExpressionSyntax plain && !plain.Name.IsMissing && scope.Resolve(plain.Name.Text).Outcome == LookupOutcome.NotFound)
        {
            if (scope.IsBroken) return Coercion.ErrorExpr;
            context.Add(BindingContext.At(tree, plain).UnknownAlias(plain.Name.Text, DidYouMean.Suggest(plain.Name.Text, scope.Aliases.Keys)));
            return Coercion.ErrorExpr;
        }
        var target = Bind(syntax.Expression);
        if (target.Type.Kind == TypeKind.Error) return target;
        if (target.Type.Kind == TypeKind.Record && !target.Type.Fields.IsDefaultOrEmpty && target.Type.Fields.Any(f => f.Name == syntax.Member.Text))
        {
            context.Add(BindingContext.At(tree, syntax).RecordFieldUnsupported(syntax.Member.Text));
            return Coercion.ErrorExpr;
        }
        context.Add(BindingContext.At(tree, syntax.Member).NoSuchMember(target.Type.ToString(), syntax.Member.Text));
        return Coercion.ErrorExpr;
    }

    private Expr UseColumn(ColumnLookup lookup, NameSyntax name, string written, IEnumerable<string> candidates, string? where = null)
    {
        switch (lookup.Outcome)
        {
            case LookupOutcome.Found:
                var column = lookup.Column!;
                context.Info.RecordSymbol(name, column.Symbol);
                used.Add(column);
                if (aggregates is not null && !insideAggregate)
                {
                    context.Add(BindingContext.At(tree, name).ColumnNotAggregated(written));
                    return Coercion.ErrorExpr;
                }
                return new ColumnRef(column.Type, column.Name, column.Input);
            case LookupOutcome.Ambiguous:
                var options = string.Join(" or ", lookup.Candidates.Select(c => c.Qualifier is null ? $"`{c.Name}`" : $"`{c.Qualifier}.{c.BareName}`"));
                context.Add(BindingContext.At(tree, name).AmbiguousColumn(written, options));
                return Coercion.ErrorExpr;
            default:
                if (scope.IsBroken) return Coercion.ErrorExpr;
                context.Add(BindingContext.At(tree, name).UnknownColumn(written, where ?? scope.Description, DidYouMean.Suggest(name.Text, candidates)));
                return Coercion.ErrorExpr;
        }
    }
}
