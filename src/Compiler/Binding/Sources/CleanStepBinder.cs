using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Language.Syntax;

namespace Pulse.Compiler.Binding;

/// <summary>Binds the cleaning steps of one source, in order, against the row shape so far.</summary>
internal sealed partial class CleanStepBinder(Binder binder, SyntaxTree tree, CleaningState state, string? eventTimeField)
{
    private readonly BindingContext context = binder.Context;
    private readonly HashSet<string> expectationNames = new(StringComparer.Ordinal);

    /// <summary>Sources named by <c>references</c> expectations.</summary>
    public List<SourceSymbol> ReferencedSources { get; } = [];

    private Origin OriginOf(SyntaxNode node) => BindingContext.OriginOf(tree, node);

    /// <summary>The IR step, or null when the step is too broken to describe (its problems were reported).</summary>
    public CleanStep? Bind(CleanStepSyntax step) => step switch
    {
        RenameStepSyntax rename => BindRename(rename),
        CastStepSyntax cast => BindCast(cast),
        TextStepSyntax text => BindText(text),
        FillStepSyntax fill => BindFill(fill),
        CleanDeriveStepSyntax derive => BindDerive(derive),
        DropWhereStepSyntax drop => BindDropWhere(drop),
        DedupeStepSyntax dedupe => BindDedupe(dedupe),
        ExpectationSyntax expectation => BindExpectation(expectation),
        _ => null,
    };

    private CleanStep? BindRename(RenameStepSyntax syntax)
    {
        var column = state.Find(syntax.Column);
        if (column is null || syntax.NewName.IsMissing) return null;
        var newName = syntax.NewName.Text;
        if (newName != column.Name && state.TryFind(newName) is not null)
        {
            context.Add(BindingContext.At(tree, syntax.NewName).DuplicateColumn(newName, state.Description));
            return null;
        }
        var symbol = new ColumnSymbol(newName, column.Type, state.Source, ColumnRole.Column, syntax.NewName, tree, column.Symbol.Doc, null);
        context.Info.RecordDeclaration(syntax.NewName, symbol);
        context.Info.RecordSymbol(syntax.NewName, symbol);
        state.Replace(column, column with { Name = newName, BareName = newName, Symbol = symbol });
        return new RenameStep(state.Schema, OriginOf(syntax), column.Name, newName);
    }

    private CleanStep? BindCast(CastStepSyntax syntax)
    {
        var column = state.Find(syntax.Column);
        var target = TypeBinder.Bind(syntax.Type, tree, context);
        if (column is null || target.Kind == TypeKind.Error || column.Type.Kind == TypeKind.Error) return null;
        if (!TypeRules.CanCast(column.Type, target))
        {
            context.Add(BindingContext.At(tree, syntax).InvalidCast(column.Type.ToString(), target.ToString()));
            return null;
        }
        string? format = null;
        if (syntax.Format is { IsMissing: false } formatToken)
        {
            format = formatToken.ValueText;
            if (!Constants.TryValidateDateTimePattern(format, out var reason))
            {
                context.Add(BindingContext.At(tree, formatToken).InvalidDateTimePattern(format, reason));
                return null;
            }
        }
        var type = target.WithNullability(column.Type.Nullable || target.Nullable);
        state.SetType(column, type);
        return new CastStep(state.Schema, OriginOf(syntax), column.Name, column.Type, type, format);
    }

    private CleanStep? BindText(TextStepSyntax syntax)
    {
        var transform = syntax.Operation switch
        {
            "lower" => TextTransform.Lower,
            "upper" => TextTransform.Upper,
            _ => TextTransform.Trim,
        };
        var names = ImmutableArray.CreateBuilder<string>();
        foreach (var name in syntax.Columns)
        {
            var column = state.Find(name);
            if (column is null) continue;
            if (column.Type.Kind is not (TypeKind.String or TypeKind.Error))
            {
                context.Add(BindingContext.At(tree, name).ArgumentTypeMismatch(syntax.Operation, 1, "text", "string", column.Type.ToString()));
                continue;
            }
            names.Add(column.Name);
        }
        return names.Count == 0 ? null : new TextTransformStep(state.Schema, OriginOf(syntax), transform, names.ToImmutable());
    }

    private CleanStep? BindFill(FillStepSyntax syntax)
    {
        var expressions = new ExpressionBinder(context, tree, state.Scope);
        var value = expressions.Bind(syntax.Value);
        if (value.Type.Kind == TypeKind.Null)
        {
            context.Add(BindingContext.At(tree, syntax.Value).NullNeedsType());
            return null;
        }
        var filled = new List<ScopeColumn>();
        foreach (var name in syntax.Columns)
        {
            var column = state.Find(name);
            if (column is null) continue;
            if (value.Type.Kind != TypeKind.Error && !TypeRules.IsAssignableIgnoringNullability(value.Type, column.Type)
                && !(value is LiteralExpr literal && Coercion.LiteralFits(literal, column.Type)))
            {
                context.Add(BindingContext.At(tree, name).NotAssignable("fill", column.Name, column.Type.ToString(), value.Type.ToString()));
                continue;
            }
            if (!column.Type.Nullable) context.Add(BindingContext.At(tree, name).FillHasNoEffect(column.Name));
            filled.Add(column);
        }
        if (filled.Count == 0 || value.Type.Kind == TypeKind.Error) return null;
        var lineage = expressions.UsedLineage();
        foreach (var column in filled)
        {
            var current = state.TryFind(column.Name)!;
            state.Replace(current, current with { Type = current.Type.WithNullability(value.Type.Nullable), Lineage = current.Lineage.AddRange(lineage).Distinct().ToImmutableArray() });
        }
        // One value for all the columns: typed like them when they share a type (fill deaths with 0 gives a long 0).
        var first = filled[0].Type.AsNonNullable();
        var typedValue = filled.All(c => c.Type.AsNonNullable().Equals(first)) ? Coercion.ToType(value, first) : value;
        return new FillStep(state.Schema, OriginOf(syntax), filled.Select(c => c.Name).ToImmutableArray(), typedValue);
    }

    private CleanStep? BindDerive(CleanDeriveStepSyntax syntax)
    {
        var expressions = new ExpressionBinder(context, tree, state.Scope);
        var value = expressions.Bind(syntax.Expression);
        if (syntax.Name.IsMissing) return null;
        if (!CheckStorable(syntax.Name, syntax.Expression, value)) return null;
        var name = syntax.Name.Text;
        var symbol = new ColumnSymbol(name, value.Type, state.Source, ColumnRole.Column, syntax.Name, tree, null, null);
        context.Info.RecordDeclaration(syntax, symbol);
        var column = new ScopeColumn(name, name, null, value.Type, 0, symbol, expressions.UsedLineage());
        if (state.TryFind(name) is { } existing) state.Replace(existing, column);
        else state.Add(column);
        return value.Type.Kind == TypeKind.Error ? null : new DeriveStep(state.Schema, OriginOf(syntax), name, value);
    }

    /// <summary>A derived value must have a column type: not a bare null, not a duration.</summary>
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

    private CleanStep? BindDropWhere(DropWhereStepSyntax syntax)
    {
        var condition = new ExpressionBinder(context, tree, state.Scope).BindCondition(syntax.Condition, "the `drop where` condition");
        return condition.Type.Kind == TypeKind.Error ? null : new DropWhereStep(state.Schema, OriginOf(syntax), condition);
    }

    private CleanStep? BindDedupe(DedupeStepSyntax syntax)
    {
        var keys = ImmutableArray.CreateBuilder<string>();
        var failed = false;
        foreach (var name in syntax.Columns)
        {
            if (state.Find(name) is { } column) keys.Add(column.Name);
            else failed = true;
        }
        var keep = syntax.Keep?.KeepsLatest == true ? DedupeKeep.Latest : DedupeKeep.First;
        string? orderBy = null;
        if (syntax.Keep?.OrderColumn is { } orderName)
        {
            if (state.Find(orderName) is { } order) orderBy = order.Name;
            else failed = true;
        }
        else if (keep == DedupeKeep.Latest)
        {
            // A stream knows what "latest" means: its event time.
            if (eventTimeField is not null && state.TryFind(eventTimeField) is not null) orderBy = eventTimeField;
            else
            {
                context.Add(BindingContext.At(tree, syntax.Keep!).KeepLatestNeedsOrder());
                failed = true;
            }
        }
        return failed || keys.Count == 0 ? null : new DedupeStep(state.Schema, OriginOf(syntax), keys.ToImmutable(), keep, orderBy);
    }
}
