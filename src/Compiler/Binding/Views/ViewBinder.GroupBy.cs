using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Language.Syntax;
using IrWindowKind = Pulse.Compiler.Ir.WindowKind;
using SyntaxWindowKind = Pulse.Language.Syntax.WindowKind;

namespace Pulse.Compiler.Binding;

internal sealed partial class ViewBinder
{
    /// <summary>
    /// <c>window kind on column</c>: remembered for the <c>group by</c> that must follow. Batch views
    /// may use tumbling and hopping windows; session windows depend on arrival and belong to speed views.
    /// </summary>
    private void BindWindow(WindowStepSyntax step)
    {
        var syntax = step.Window;
        var kind = syntax.Kind;
        if (kind == SyntaxWindowKind.Unknown) return; // the parser reported it
        if (kind == SyntaxWindowKind.Session && !IsSpeed)
        {
            context.Add(BindingContext.At(tree, syntax.Keyword).StepNotAllowed("session window", Where, "session windows close on inactivity as events arrive; use them in a speed view, or a tumbling window here"));
            return;
        }
        if (step.Column.IsMissing) return;
        var lookup = scope.Resolve(step.Column.Text);
        if (lookup.Outcome != LookupOutcome.Found)
        {
            if (!scope.IsBroken)
                context.Add(BindingContext.At(tree, step.Column).UnknownColumn(step.Column.Text, description, Common.DidYouMean.Suggest(step.Column.Text, scope.BareNames)));
            return;
        }
        var column = lookup.Column!;
        context.Info.RecordSymbol(step.Column, column.Symbol);
        if (column.Type.Kind is not (TypeKind.Timestamp or TypeKind.Error))
        {
            context.Add(BindingContext.At(tree, step.Column).NotATimestamp("window column", column.Name, column.Type.ToString()));
            return;
        }
        if (IsSpeed && !CheckWindowOverWindows(step, column.Name)) return;
        if (syntax.Size.IsMissing || !SyntaxFacts.TryParseDuration(syntax.Size.Text, out var size)) return;
        if (size <= TimeSpan.Zero)
        {
            context.Add(BindingContext.At(tree, syntax.Size).InvalidDuration("window size", "it must be longer than zero"));
            return;
        }
        TimeSpan? slide = null;
        if (kind == SyntaxWindowKind.Hopping)
        {
            if (syntax.Slide is null || syntax.Slide.IsMissing || !SyntaxFacts.TryParseDuration(syntax.Slide.Text, out var every)) return;
            if (every <= TimeSpan.Zero || every > size)
            {
                context.Add(BindingContext.At(tree, syntax.Slide).InvalidDuration("window slide", every <= TimeSpan.Zero ? "it must be longer than zero" : $"it is longer than the window ({syntax.Size.Text})"));
                return;
            }
            slide = every;
        }
        var irKind = kind switch
        {
            SyntaxWindowKind.Hopping => IrWindowKind.Hopping,
            SyntaxWindowKind.Session => IrWindowKind.Session,
            _ => IrWindowKind.Tumbling,
        };
        pendingWindow = new WindowSpec(irKind, column.Name, size, slide, kind == SyntaxWindowKind.Session ? size : null, OriginOf(step));
        pendingWindowSyntax = step;
        windowColumn = column;
    }

    private ScopeColumn? windowColumn;
    private bool grouped;

    /// <summary>
    /// A speed view over the windows of another speed view may window only on their bounds: the only
    /// columns the watermark orders there (<see cref="SpeedWindowBounds"/>). Events may be windowed on any time.
    /// </summary>
    private bool CheckWindowOverWindows(WindowStepSyntax step, string column)
    {
        if (current is null) return true;
        var bounds = SpeedWindowBounds.Of(current, SpeedViewRoot);
        if (bounds is null || bounds.Contains(column)) return true;
        var upstream = Leaf(current) is ViewScanNode scan ? scan.View : "its input";
        var allowed = bounds.Order(StringComparer.Ordinal).Select(b => $"`{b}`").ToList();
        var text = allowed.Count == 0 ? "`window_end` or `window_start` of the windows (this view's input drops them)" : string.Join(" or ", allowed);
        context.Add(BindingContext.At(tree, step.Column).WindowNotOnUpstreamBounds(view.Name, column, upstream, text));
        return false;
    }

    /// <summary>The tree of the speed view called <paramref name="name"/> (bound on demand), or null when it is no speed view.</summary>
    private RelNode? SpeedViewRoot(string name) =>
        context.Globals.FindDataflow(name) is ViewSymbol { Layer: ViewLayer.Speed } speed ? binder.BindView(speed)?.Root : null;

    private static RelNode Leaf(RelNode node) => node.Inputs.Length == 1 ? Leaf(node.Inputs[0]) : node;

    /// <summary>
    /// <c>group by keys { aggregates }</c>: the output is [window_start, window_end,] the keys, then the
    /// aggregates. Aggregates wrapped in an expression (<c>round(avg(x), 2)</c>) are computed under a
    /// generated name and finished by a projection above the aggregate node.
    /// </summary>
    private void BindGroupBy(GroupByStepSyntax step)
    {
        var window = pendingWindow;
        var windowSource = windowColumn;
        pendingWindow = null;
        pendingWindowSyntax = null;
        windowColumn = null;
        if (IsSpeed)
        {
            // The runtime runs one windowed aggregation per speed view; a group without a window never closes on a stream.
            if (grouped) context.Add(BindingContext.At(tree, step.Keyword).SpeedViewGroupsTwice(view.Name));
            else if (previousStep is not WindowStepSyntax) context.Add(BindingContext.At(tree, step.Keyword).SpeedGroupByWithoutWindow(view.Name));
        }
        grouped = true;

        var taken = new HashSet<string>(StringComparer.Ordinal);
        var output = ImmutableArray.CreateBuilder<ScopeColumn>();
        var failed = false;
        if (window is not null)
        {
            foreach (var name in new[] { "window_start", "window_end" })
            {
                taken.Add(name);
                var symbol = new ColumnSymbol(name, PulseType.Timestamp, view, ColumnRole.Column, null, tree, $"The {(name == "window_start" ? "start" : "end")} of the {window.Kind.ToString().ToLowerInvariant()} window.", null);
                output.Add(new ScopeColumn(name, name, null, PulseType.Timestamp, 0, symbol, windowSource?.Lineage ?? []));
            }
        }

        var keys = ImmutableArray.CreateBuilder<NamedExpr>();
        foreach (var key in step.Keys)
        {
            var expressions = new ExpressionBinder(context, tree, scope);
            var value = expressions.Bind(key.Expression);
            if (value.Type.Kind == TypeKind.Error) failed = true;
            var column = OutputColumn(key.Alias, key.Expression, value, expressions.UsedLineage(), scope, "group key", taken, key);
            if (column is null) { failed = true; continue; }
            output.Add(column);
            keys.Add(new NamedExpr(column.Name, value));
        }

        var collector = new AggregateCollector(name => taken.Contains(name) || step.Aggregates.Any(a => !a.Name.IsMissing && a.Name.Text == name));
        var assignments = new List<(ScopeColumn Column, Expr Value, int FirstCall, int CallCount)>();
        foreach (var assignment in step.Aggregates)
        {
            var expressions = new ExpressionBinder(context, tree, scope, collector);
            var before = collector.Calls.Count;
            var value = expressions.Bind(assignment.Expression);
            var calls = collector.Calls.Count - before;
            if (value.Type.Kind == TypeKind.Error) failed = true;
            if (assignment.Name.IsMissing) { failed = true; continue; }
            if (!CheckStorable(assignment.Name, assignment.Expression, value)) { failed = true; continue; }
            var name = assignment.Name.Text;
            if (!taken.Add(name))
            {
                context.Add(BindingContext.At(tree, assignment.Name).DuplicateColumn(name, $"view `{view.Name}`"));
                failed = true;
                continue;
            }
            var lineage = collector.Calls.Skip(before).SelectMany(c => c.Used).SelectMany(c => c.Lineage).Distinct()
                .OrderBy(k => k.Relation, StringComparer.Ordinal).ThenBy(k => k.Column, StringComparer.Ordinal).ToImmutableArray();
            var symbol = new ColumnSymbol(name, value.Type, view, ColumnRole.Column, assignment.Name, tree, null, null);
            context.Info.RecordDeclaration(assignment, symbol);
            var column = new ScopeColumn(name, name, null, value.Type, 0, symbol, lineage);
            assignments.Add((column, value, before, calls));
        }

        foreach (var (column, _, _, _) in assignments) output.Add(column);
        var outputColumns = output.ToImmutable();
        if (failed) current = null;
        if (current is not null) current = AggregateTree(step, current, window, keys.ToImmutable(), collector, assignments, outputColumns);
        description = "the group by result";
        scope = new RelationScope(outputColumns, scope.Aliases, description, scope.IsBroken || failed);
    }

    private RelNode AggregateTree(GroupByStepSyntax step, RelNode input, WindowSpec? window, ImmutableArray<NamedExpr> keys,
        AggregateCollector collector, List<(ScopeColumn Column, Expr Value, int FirstCall, int CallCount)> assignments, ImmutableArray<ScopeColumn> output)
    {
        // An assignment that is exactly one aggregate names it directly; the others need a projection.
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        var needsProjection = false;
        foreach (var (column, value, first, count) in assignments)
        {
            if (count == 1 && value is ColumnRef reference && reference.Name == collector.Calls[first].Name) renamed[reference.Name] = column.Name;
            else needsProjection = true;
        }
        var aggregates = collector.Calls.Select(c => new AggregateExpr(renamed.GetValueOrDefault(c.Name, c.Name), c.Function, c.Argument, c.Type)).ToImmutableArray();
        var aggregateColumns = new List<Column>();
        if (window is not null)
        {
            aggregateColumns.Add(new Column("window_start", PulseType.Timestamp));
            aggregateColumns.Add(new Column("window_end", PulseType.Timestamp));
        }
        aggregateColumns.AddRange(keys.Select(k => output.First(o => o.Name == k.Name).ToColumn()));
        aggregateColumns.AddRange(aggregates.Select(a => new Column(a.Name, a.Type, output.FirstOrDefault(o => o.Name == a.Name)?.Symbol.Doc)));
        var origin = OriginOf(step);
        RelNode node = new AggregateNode(new RelSchema([.. aggregateColumns]), origin, input, keys, aggregates, window);
        if (!needsProjection) return node;
        var projected = output.Select(c =>
        {
            var assignment = assignments.FirstOrDefault(a => a.Column.Name == c.Name);
            Expr value = assignment.Column is not null && !renamed.ContainsValue(c.Name) ? assignment.Value : new ColumnRef(c.Type, c.Name);
            return new NamedExpr(c.Name, value);
        }).ToImmutableArray();
        return new ProjectNode(new RelSchema(output.Select(c => c.ToColumn()).ToImmutableArray()), origin, node, projected);
    }

    /// <summary><c>union relation</c>: the same column names on both sides; types widen to their common type.</summary>
    private void BindUnion(UnionStepSyntax step)
    {
        var relation = binder.ResolveRelation(tree, step.Relation);
        if (relation is null) return;
        if (IsSpeed) NotInSpeedView(step, "the speed layer runs one stream per view; give each stream its own speed view and sink, or union them in a batch view");
        var read = ReadRelation(relation, step.Relation, relation.Name, 0);
        if (read is null || current is null) return;
        var left = scope.Columns;
        var right = read.Value.Columns;
        var missingRight = left.FirstOrDefault(l => right.All(r => r.Name != l.Name));
        var missingLeft = right.FirstOrDefault(r => left.All(l => l.Name != r.Name));
        if (missingRight is not null || missingLeft is not null)
        {
            var detail = missingRight is not null
                ? $"`{relation.Name}` has no column `{missingRight.Name}`"
                : $"`{relation.Name}` has a column `{missingLeft!.Name}` that {description} does not have";
            context.Add(BindingContext.At(tree, step.Relation).UnionMismatch(relation.Name, detail));
            return;
        }
        var columns = ImmutableArray.CreateBuilder<ScopeColumn>();
        foreach (var l in left)
        {
            var r = right.First(c => c.Name == l.Name);
            var common = TypeRules.CommonSupertype(l.Type, r.Type);
            if (common is null)
            {
                context.Add(BindingContext.At(tree, step.Relation).UnionMismatch(relation.Name, $"`{l.Name}` is {l.Type} here but {r.Type} in `{relation.Name}`"));
                return;
            }
            columns.Add(l with { Type = common, Lineage = l.Lineage.AddRange(r.Lineage).Distinct().ToImmutableArray() });
        }
        var output = columns.ToImmutable();
        var schema = new RelSchema(output.Select(c => c.ToColumn()).ToImmutableArray());
        var leftNode = Conform(current, output, step);
        var rightNode = Conform(read.Value.Node, output, step);
        current = new UnionNode(schema, OriginOf(step), leftNode, rightNode);
        description = $"{description} union `{relation.Name}`";
        scope = scope.With(output);
    }

    /// <summary>Projects a union input onto the output's column order and types, when it differs.</summary>
    private RelNode Conform(RelNode input, ImmutableArray<ScopeColumn> output, SyntaxNode step)
    {
        var same = input.Schema.Columns.Length == output.Length
            && input.Schema.Columns.Zip(output).All(p => p.First.Name == p.Second.Name && p.First.Type.Kind == p.Second.Type.Kind);
        if (same) return input;
        var named = output.Select(c =>
        {
            var column = input.Schema.Find(c.Name) ?? new Column(c.Name, PulseType.Error);
            Expr value = new ColumnRef(column.Type, column.Name);
            if (column.Type.Kind != c.Type.Kind) value = Coercion.ToKind(value, c.Type);
            return new NamedExpr(c.Name, value);
        }).ToImmutableArray();
        return new ProjectNode(new RelSchema(named.Select(n => new Column(n.Name, n.Expr.Type)).ToImmutableArray()), OriginOf(step), input, named);
    }
}
