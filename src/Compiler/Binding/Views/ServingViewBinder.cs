using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Language.Syntax;

namespace Pulse.Compiler.Binding;

/// <summary>
/// Binds a serving view: the batch view and the speed view it merges, the key columns they share
/// and the time column that splits them. Both sides must produce the same columns. (The serving
/// contract, which needs the schedule, is checked afterwards by <c>ServingContractChecker</c>.)
/// </summary>
internal static class ServingViewBinder
{
    public static BoundView Bind(Binder binder, ViewSymbol view)
    {
        var context = binder.Context;
        var tree = view.Tree!;
        BatchStepSyntax? batchStep = null;
        SpeedStepSyntax? speedStep = null;
        KeyStepSyntax? keyStep = null;
        TimeStepSyntax? timeStep = null;
        foreach (var step in view.Syntax.Steps)
        {
            var duplicate = step switch
            {
                BatchStepSyntax b => Assign(ref batchStep, b),
                SpeedStepSyntax s => Assign(ref speedStep, s),
                KeyStepSyntax k => Assign(ref keyStep, k),
                TimeStepSyntax t => Assign(ref timeStep, t),
                _ => null as ViewStepSyntax,
            };
            if (step is not (BatchStepSyntax or SpeedStepSyntax or KeyStepSyntax or TimeStepSyntax))
                context.Add(BindingContext.At(tree, step.Keyword).StepNotAllowed(step is OrderByStepSyntax ? "order by" : step is GroupByStepSyntax ? "group by" : step.Keyword.Text, "a serving view", "a serving view only names its batch and speed views, its key and its time column"));
            else if (duplicate is not null)
                context.Add(BindingContext.At(tree, duplicate.Keyword).StepNotAllowed(duplicate.Keyword.Text, "a serving view that already has one", "name each of batch, speed, key and time once"));
            RecordScope(context, tree, step, view);
        }
        var missing = new (object? Step, string Name)[] { (batchStep, "batch"), (speedStep, "speed"), (keyStep, "key"), (timeStep, "time") }
            .Where(s => s.Step is null).Select(s => $"`{s.Name}`").ToList();
        if (missing.Count > 0)
        {
            var steps = missing.Count == 1 ? $"a {missing[0]} step" : string.Join(", ", missing.Take(missing.Count - 1)) + " and " + missing[^1] + " steps";
            context.Add(BindingContext.At(tree, view.Syntax.Name).ServingStepMissing(view.Name, steps));
        }

        var batch = Side(binder, tree, batchStep?.View, "batch", ViewLayer.Batch);
        var speed = Side(binder, tree, speedStep?.View, "speed", ViewLayer.Speed);
        var origin = BindingContext.OriginOf(tree, view.Syntax.Name);
        var reads = new[] { batchStep?.View, speedStep?.View }.Where(n => n is { IsMissing: false })
            .Select(n => context.Globals.FindRelation(n!.Text)).Where(r => r is not null).Select(r => r!).ToImmutableArray();
        if (batch is null || speed is null)
        {
            view.SetColumns([]);
            return new BoundView(view, new ViewScanNode(RelSchema.Empty, origin, view.Name), null, null, new ColumnLineageMap([]), reads);
        }

        var columns = MergeColumns(context, tree, view, batch, speed, speedStep!);
        var keys = ImmutableArray.CreateBuilder<string>();
        foreach (var key in keyStep?.Columns ?? SyntaxList<NameSyntax>.Empty)
        {
            if (CheckSideColumn(context, tree, key, batch, speed) is { } column) keys.Add(column.Name);
        }
        string? time = null;
        if (timeStep is not null && CheckSideColumn(context, tree, timeStep.Column, batch, speed) is { } timeColumn)
        {
            if (!timeColumn.Type.IsTemporal && timeColumn.Type.Kind != TypeKind.Error)
                context.Add(BindingContext.At(tree, timeStep.Column).NotATimestamp("time column", timeColumn.Name, timeColumn.Type.ToString()));
            else time = timeColumn.Name;
        }

        var symbols = columns.Select(c => new ColumnSymbol(c.Name, c.Type, view, ColumnRole.Column, batch.FindColumn(c.Name)?.Declaration, batch.Tree, batch.FindColumn(c.Name)?.Doc, batch.FindColumn(c.Name))).ToImmutableArray();
        view.SetColumns(symbols);
        var schema = new RelSchema(columns);
        var batchScan = new ViewScanNode(new RelSchema(batch.Columns.Select(c => new Column(c.Name, c.Type, c.Doc)).ToImmutableArray()), BindingContext.OriginOf(tree, batchStep!.View), batch.Name);
        var speedScan = new ViewScanNode(new RelSchema(speed.Columns.Select(c => new Column(c.Name, c.Type, c.Doc)).ToImmutableArray()), BindingContext.OriginOf(tree, speedStep!.View), speed.Name);
        var root = new ServeMergeNode(schema, origin, batchScan, speedScan, keys.ToImmutable(), time ?? "");
        var lineage = new ColumnLineageMap(columns.Select(c => (c.Name, ImmutableArray.Create(new ColumnKey(batch.Name, c.Name), new ColumnKey(speed.Name, c.Name)))).ToImmutableArray());
        return new BoundView(view, root, null, null, lineage, reads);
    }

    private static ViewStepSyntax? Assign<T>(ref T? slot, T step) where T : ViewStepSyntax
    {
        if (slot is not null) return step;
        slot = step;
        return null;
    }

    private static void RecordScope(BindingContext context, SyntaxTree tree, ViewStepSyntax step, ViewSymbol view)
    {
        if (step is not (KeyStepSyntax or TimeStepSyntax)) return;
        var batch = view.Syntax.Steps.OfType<BatchStepSyntax>().FirstOrDefault();
        if (batch is null || batch.View.IsMissing || context.Globals.FindRelation(batch.View.Text) is not ViewSymbol side) return;
        context.Info.RecordScope(new ScopeRecord(tree, step.Span, side.Columns.Select(c => new VisibleColumn(c.Name, null, c.Type, c)).ToImmutableArray(), []));
    }

    /// <summary>Resolves the batch or the speed side: it must be a view of that layer.</summary>
    private static ViewSymbol? Side(Binder binder, SyntaxTree tree, NameSyntax? name, string side, ViewLayer layer)
    {
        if (name is null) return null;
        var relation = binder.ResolveRelation(tree, name);
        if (relation is null) return null;
        if (relation is not ViewSymbol view || view.Layer != layer)
        {
            binder.Context.Add(BindingContext.At(tree, name).ServingSideWrongLayer(side, relation.Name, $"a {relation.KindText}"));
            return null;
        }
        return binder.BindView(view, tree, name) is null ? null : view;
    }

    /// <summary>The merged columns: the batch side's order, types widened over both sides (nullable when either is).</summary>
    private static ImmutableArray<Column> MergeColumns(BindingContext context, SyntaxTree tree, ViewSymbol view, ViewSymbol batch, ViewSymbol speed, SpeedStepSyntax at)
    {
        var columns = ImmutableArray.CreateBuilder<Column>();
        string? problem = null;
        foreach (var column in batch.Columns)
        {
            var other = speed.FindColumn(column.Name);
            if (other is null)
            {
                problem ??= $"`{column.Name}` is in `{batch.Name}` but not in `{speed.Name}`";
                continue;
            }
            var common = TypeRules.CommonSupertype(column.Type, other.Type);
            if (common is null || common.Kind != column.Type.Kind || common.Kind != other.Type.Kind)
            {
                problem ??= $"`{column.Name}` is {column.Type} in `{batch.Name}` but {other.Type} in `{speed.Name}`";
                continue;
            }
            columns.Add(new Column(column.Name, common, column.Doc));
        }
        var extra = speed.Columns.FirstOrDefault(c => batch.FindColumn(c.Name) is null);
        if (extra is not null) problem ??= $"`{extra.Name}` is in `{speed.Name}` but not in `{batch.Name}`";
        if (problem is not null) context.Add(BindingContext.At(tree, at.View).ServingSidesDiffer(problem));
        return columns.ToImmutable();
    }

    private static ColumnSymbol? CheckSideColumn(BindingContext context, SyntaxTree tree, NameSyntax name, ViewSymbol batch, ViewSymbol speed)
    {
        if (name.IsMissing) return null;
        var column = batch.FindColumn(name.Text);
        if (column is null)
        {
            context.Add(BindingContext.At(tree, name).ServingColumnMissing(name.Text, batch.Name));
            return null;
        }
        context.Info.RecordSymbol(name, column);
        if (speed.FindColumn(name.Text) is null)
        {
            context.Add(BindingContext.At(tree, name).ServingColumnMissing(name.Text, speed.Name));
            return null;
        }
        return column;
    }
}
