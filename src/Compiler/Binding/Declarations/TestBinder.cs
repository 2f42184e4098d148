using System.Collections.Immutable;
using System.Globalization;
using Pulse.Compiler.Common;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Language.Syntax;

namespace Pulse.Compiler.Binding;

/// <summary>
/// Binds a test: rows given to sources (as read, before cleaning), stream events and watermark
/// moves, and the rows views must produce. Values must be constants typed like their column. A given
/// value may also be written in the type a <c>cast</c> step turns the field into (a date for a text
/// field cast to date): it is written back as the text the cast reads, using the cast's format.
/// </summary>
internal static class TestBinder
{
    /// <summary>A column a test row may set, and (for source fields) the cast the cleaning applies to it.</summary>
    private sealed record RowColumn(string Name, PulseType Type, ColumnSymbol Symbol, CastStep? Cast);

    public static BoundTest Bind(Binder binder, TestSymbol test)
    {
        var context = binder.Context;
        var tree = test.Tree!;
        var given = ImmutableArray.CreateBuilder<TestGiven>();
        var expected = ImmutableArray.CreateBuilder<TestExpected>();
        foreach (var member in test.Syntax.Members)
        {
            switch (member)
            {
                case GivenSyntax g when BindGiven(binder, tree, g) is { } bound: given.Add(bound); break;
                case ExpectedRowsSyntax e when BindExpected(binder, tree, e) is { } bound: expected.Add(bound); break;
            }
        }
        return new BoundTest(test, given.ToImmutable(), expected.ToImmutable());
    }

    private static TestGiven? BindGiven(Binder binder, SyntaxTree tree, GivenSyntax syntax)
    {
        var context = binder.Context;
        var relation = binder.ResolveRelation(tree, syntax.Relation);
        if (relation is null) return null;
        if (relation is not SourceSymbol source)
        {
            context.Add(BindingContext.At(tree, syntax.Relation).TestRelationKind("given", relation.Name, "source", $"a {relation.KindText}"));
            return null;
        }
        var bound = binder.BindSource(source);
        var columns = source.InputFields.Select(f => new RowColumn(f.Name, f.Type, f,
            bound.Steps.OfType<CastStep>().FirstOrDefault(c => c.Column == f.Name))).ToList();
        var rows = ImmutableArray.CreateBuilder<TestRow>();
        var events = ImmutableArray.CreateBuilder<TestEvent>();
        foreach (var item in syntax.Items)
        {
            switch (item)
            {
                case TestRowSyntax row:
                    if (BindRow(context, tree, row, columns, $"source `{source.Name}`", requireAll: false) is { } given) rows.Add(given);
                    break;
                case TestEventSyntax @event:
                    if (!source.IsStream) context.Add(BindingContext.At(tree, @event.AtKeyword).EventsNeedStream(source.Name));
                    var at = ConstantTime(context, tree, @event.Time, "an event time");
                    var eventRow = BindRow(context, tree, @event.Row, columns, $"source `{source.Name}`", requireAll: false);
                    if (at is { } time && eventRow is not null && source.IsStream) events.Add(new TestEvent(time, eventRow, BindingContext.OriginOf(tree, @event)));
                    break;
                case WatermarkSyntax watermark:
                    if (!source.IsStream) context.Add(BindingContext.At(tree, watermark.Keyword).EventsNeedStream(source.Name));
                    if (ConstantTime(context, tree, watermark.Time, "a watermark") is { } mark && source.IsStream)
                        events.Add(new TestEvent(mark, null, BindingContext.OriginOf(tree, watermark)));
                    break;
            }
        }
        return new TestGiven(source.Name, rows.ToImmutable(), events.ToImmutable(), BindingContext.OriginOf(tree, syntax));
    }

    private static TestExpected? BindExpected(Binder binder, SyntaxTree tree, ExpectedRowsSyntax syntax)
    {
        var context = binder.Context;
        var relation = binder.ResolveRelation(tree, syntax.View);
        if (relation is null) return null;
        if (relation is not ViewSymbol view)
        {
            context.Add(BindingContext.At(tree, syntax.View).TestRelationKind("expect", relation.Name, "view", $"a {relation.KindText}"));
            return null;
        }
        var columns = binder.ColumnsOf(view, tree, syntax.View);
        if (columns is null) return null;
        var rowColumns = columns.Value.Select(c => new RowColumn(c.Name, c.Type, c, null)).ToList();
        var rows = ImmutableArray.CreateBuilder<TestRow>();
        foreach (var row in syntax.Rows)
        {
            if (BindRow(context, tree, row, rowColumns, $"view `{view.Name}`", requireAll: true) is { } bound) rows.Add(bound);
        }
        return new TestExpected(view.Name, rows.ToImmutable(), BindingContext.OriginOf(tree, syntax));
    }

    /// <summary>Binds a value that must be a constant; a name (a column elsewhere) is reported as not constant, not as unknown.</summary>
    public static Expr BindConstant(BindingContext context, SyntaxTree tree, ExpressionSyntax syntax, string what)
    {
        if (syntax.DescendantNodes().Prepend(syntax).Any(n => n is NameExpressionSyntax or MemberAccessExpressionSyntax))
        {
            context.Add(BindingContext.At(tree, syntax).ValueNotConstant(what));
            return Coercion.ErrorExpr;
        }
        return new ExpressionBinder(context, tree, RelationScope.Empty).Bind(syntax);
    }

    private static DateTimeOffset? ConstantTime(BindingContext context, SyntaxTree tree, ExpressionSyntax syntax, string what)
    {
        var value = BindConstant(context, tree, syntax, $"{what} (a timestamp(\"…\"))");
        if (value.Type.Kind == TypeKind.Error) return null;
        if (value is not LiteralExpr { Value: { } text } || value.Type.Kind != TypeKind.Timestamp)
        {
            context.Add(BindingContext.At(tree, syntax).ValueNotConstant($"{what} (a timestamp(\"…\"))"));
            return null;
        }
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }

    /// <summary>
    /// One row. Given rows may leave nullable fields out (they are null); expected rows list every
    /// column, so that a test states the whole row it expects.
    /// </summary>
    private static TestRow? BindRow(BindingContext context, SyntaxTree tree, TestRowSyntax row, List<RowColumn> columns, string where, bool requireAll)
    {
        context.Info.RecordScope(new ScopeRecord(tree, row.Span, columns.Select(c => new VisibleColumn(c.Name, null, c.Type, c.Symbol)).ToImmutableArray(), []));
        var values = new SortedDictionary<string, LiteralExpr>(StringComparer.Ordinal);
        var written = new HashSet<string>(StringComparer.Ordinal);
        var failed = false;
        foreach (var cell in row.Cells)
        {
            var value = BindConstant(context, tree, cell.Value, "a test value");
            if (cell.Column.IsMissing) { failed = true; continue; }
            var column = columns.FirstOrDefault(c => c.Name == cell.Column.Text);
            if (column is null)
            {
                context.Add(BindingContext.At(tree, cell.Column).UnknownColumn(cell.Column.Text, where, DidYouMean.Suggest(cell.Column.Text, columns.Select(c => c.Name))));
                failed = true;
                continue;
            }
            context.Info.RecordSymbol(cell.Column, column.Symbol);
            if (!written.Add(column.Name))
            {
                context.Add(BindingContext.At(tree, cell.Column).DuplicateColumn(column.Name, "this row"));
                failed = true;
                continue;
            }
            if (value.Type.Kind == TypeKind.Error) { failed = true; continue; }
            if (value is not LiteralExpr literal)
            {
                context.Add(BindingContext.At(tree, cell.Value).ValueNotConstant("a test value"));
                failed = true;
                continue;
            }
            var typed = TypeValue(context, tree, cell, literal, column);
            if (typed is null) { failed = true; continue; }
            values[column.Name] = typed;
        }
        foreach (var column in columns)
        {
            if (written.Contains(column.Name)) continue;
            if (requireAll || !column.Type.Nullable)
            {
                context.Add((row.CloseBrace.IsMissing ? BindingContext.At(tree, row) : BindingContext.At(tree, row.CloseBrace)).TestRowMissingColumn(column.Name));
                failed = true;
                continue;
            }
            values[column.Name] = new LiteralExpr(column.Type, null);
        }
        return failed ? null : new TestRow(values.ToImmutableSortedDictionary(StringComparer.Ordinal), BindingContext.OriginOf(tree, row));
    }

    private static LiteralExpr? TypeValue(BindingContext context, SyntaxTree tree, RowCellSyntax cell, LiteralExpr literal, RowColumn column)
    {
        if (literal.Type.Kind == TypeKind.Null || literal.Value is null && literal.Items.IsDefault)
        {
            if (column.Type.Nullable) return new LiteralExpr(column.Type, null);
            context.Add(BindingContext.At(tree, cell.Value).NullIntoNonNullable(column.Name, column.Type.ToString()));
            return null;
        }
        if (Fits(literal, column.Type)) return Coercion.Retype(literal, column.Type) with { Type = column.Type };
        if (column.Cast is { } cast && Fits(literal, cast.To) && AsCastInput(literal, cast) is { } text)
            return new LiteralExpr(column.Type, text);
        context.Add(BindingContext.At(tree, cell.Value).TestValueMismatch(column.Name, column.Type.ToString(), literal.Type.ToString()));
        return null;
    }

    private static bool Fits(LiteralExpr literal, PulseType type) =>
        literal.Type.IsNumeric && type.IsNumeric ? Coercion.LiteralFits(literal, type) : TypeRules.IsAssignableIgnoringNullability(literal.Type, type);

    /// <summary>The text a cast step reads back as this value: dates and timestamps in the cast's format (ISO without one).</summary>
    private static string? AsCastInput(LiteralExpr literal, CastStep cast)
    {
        if (cast.From.Kind != TypeKind.String) return null;
        var text = literal.Value!;
        switch (literal.Type.Kind)
        {
            case TypeKind.Date:
                var date = DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                return date.ToString(cast.Format ?? "yyyy-MM-dd", CultureInfo.InvariantCulture);
            case TypeKind.Timestamp:
                var time = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
                return cast.Format is null ? text : time.UtcDateTime.ToString(cast.Format, CultureInfo.InvariantCulture);
            default:
                return text;
        }
    }
}
