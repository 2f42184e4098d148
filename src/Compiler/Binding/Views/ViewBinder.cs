using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Language.Syntax;
using IrJoinKind = Pulse.Compiler.Ir.JoinKind;
using IrWindowKind = Pulse.Compiler.Ir.WindowKind;
using SyntaxJoinKind = Pulse.Language.Syntax.JoinKind;
using SyntaxWindowKind = Pulse.Language.Syntax.WindowKind;

namespace Pulse.Compiler.Binding;

/// <summary>
/// Binds a batch or speed view step by step. Each step gets the scope the previous one produced and
/// adds an IR node over the current tree, so the result is the view's relational tree with a schema
/// at every node. Serving views are bound by <see cref="ServingViewBinder"/>.
/// </summary>
internal sealed partial class ViewBinder
{
    private static readonly TimeSpan DefaultRetain = TimeSpan.FromHours(24);

    private readonly Binder binder;
    private readonly BindingContext context;
    private readonly SyntaxTree tree;
    private readonly ViewSymbol view;
    private readonly List<RelationSymbol> reads = [];

    private RelNode? current;
    private RelationScope scope;
    private string description = "this view";
    private bool sawFrom;
    private string? fromAlias;
    private WindowSpec? pendingWindow;
    private WindowStepSyntax? pendingWindowSyntax;
    private IncrementalStepSyntax? incrementalSyntax;
    private string? incrementalColumn;
    private LateStepSyntax? lateSyntax;
    private RetainStepSyntax? retainSyntax;
    private TimeSpan? retain;
    private SourceSymbol? streamSource;
    private ViewStepSyntax? previousStep;

    private ViewBinder(Binder binder, ViewSymbol view)
    {
        this.binder = binder;
        context = binder.Context;
        tree = view.Tree!;
        this.view = view;
        scope = new RelationScope([], ImmutableDictionary<string, AliasSymbol>.Empty, "this view", isBroken: true);
    }

    private bool IsSpeed => view.Layer == ViewLayer.Speed;
    private string Where => IsSpeed ? "a speed view" : "a batch view";

    public static BoundView Bind(Binder binder, ViewSymbol view)
    {
        if (view.Layer == ViewLayer.Serving) return ServingViewBinder.Bind(binder, view);
        return new ViewBinder(binder, view).BindSteps();
    }

    private Origin OriginOf(SyntaxNode node) => BindingContext.OriginOf(tree, node);

    private BoundView BindSteps()
    {
        var steps = view.Syntax.Steps;
        if (steps.Count == 0 || steps[0] is not FromStepSyntax)
            context.Add(BindingContext.At(tree, view.Syntax.Name).ViewWithoutFrom(view.Name));
        foreach (var step in steps)
        {
            if (pendingWindow is not null && step is not GroupByStepSyntax) ReportDanglingWindow();
            RecordScope(step);
            switch (step)
            {
                case FromStepSyntax from: BindFrom(from); break;
                case JoinStepSyntax join: BindJoin(join); break;
                case WhereStepSyntax where: BindWhere(where); break;
                case DeriveStepSyntax derive: BindDerive(derive); break;
                case SelectStepSyntax select: BindSelect(select); break;
                case GroupByStepSyntax groupBy: BindGroupBy(groupBy); break;
                case WindowStepSyntax window: BindWindow(window); break;
                case OrderByStepSyntax orderBy: BindOrderBy(orderBy); break;
                case LimitStepSyntax limit: BindLimit(limit); break;
                case UnionStepSyntax union: BindUnion(union); break;
                case IncrementalStepSyntax incremental: BindIncremental(incremental); break;
                case LateStepSyntax late: BindLate(late); break;
                case RetainStepSyntax retainStep: BindRetain(retainStep); break;
                default: ReportServingStep(step); break;
            }
            previousStep = step;
        }
        if (pendingWindow is not null) ReportDanglingWindow();
        if (incrementalSyntax is not null && incrementalColumn is not null && scope.FindByName(incrementalColumn) is null && !scope.IsBroken)
            context.Add(BindingContext.At(tree, incrementalSyntax.Column).UnknownColumn(incrementalColumn, $"the output of view `{view.Name}`", null));

        var columns = OutputSymbols();
        view.SetColumns(columns);
        var root = current ?? new ViewScanNode(RelSchema.Empty, OriginOf(view.Syntax.Name), view.Name);
        var lineage = new ColumnLineageMap(scope.Columns.Select(c => (c.Name, c.Lineage)).ToImmutableArray());
        return new BoundView(view, root, incrementalColumn, IsSpeed ? Streaming() : null, lineage, reads.ToImmutableArray());
    }

    /// <summary>The view's own column symbols: a column passed through from upstream gets a symbol of this view that carries it over.</summary>
    private ImmutableArray<ColumnSymbol> OutputSymbols() => scope.Columns.Select(c =>
        ReferenceEquals(c.Symbol.Owner, view) && c.Symbol.Type.Equals(c.Type) && c.Symbol.Name == c.Name
            ? c.Symbol
            : new ColumnSymbol(c.Name, c.Type, view, ColumnRole.Column, c.Symbol.Declaration, c.Symbol.Tree, c.Symbol.Doc, c.Symbol)).ToImmutableArray();

    private void RecordScope(SyntaxNode step) => context.Info.RecordScope(new ScopeRecord(tree, step.Span, scope));

    private void ReportDanglingWindow()
    {
        context.Add(BindingContext.At(tree, pendingWindowSyntax!).WindowWithoutGroupBy());
        pendingWindow = null;
        pendingWindowSyntax = null;
    }

    private void ReportServingStep(ViewStepSyntax step) =>
        context.Add(BindingContext.At(tree, step.Keyword).StepNotAllowed(StepName(step), Where, "batch, speed, key and time name the sides of a serving view"));

    private void NotInSpeedView(ViewStepSyntax step, string hint) =>
        context.Add(BindingContext.At(tree, step.Keyword).StepNotAllowed(StepName(step), "a speed view", hint));

    /// <summary>How messages name a step: its keyword, with the word that belongs to it (<c>order by</c>).</summary>
    private static string StepName(ViewStepSyntax step) => step switch
    {
        OrderByStepSyntax => "order by",
        GroupByStepSyntax => "group by",
        IncrementalStepSyntax => "incremental on",
        JoinStepSyntax join => join.KindKeyword is null ? "join" : $"{join.KindKeyword.Text} join",
        _ => step.Keyword.Text,
    };

    /// <summary>The columns of a relation as a scope: its name (or alias) qualifies them, and each is its own lineage.</summary>
    private (RelNode Node, ImmutableArray<ScopeColumn> Columns)? ReadRelation(RelationSymbol relation, NameSyntax at, string qualifier, int input)
    {
        reads.Add(relation);
        var columns = binder.ColumnsOf(relation, tree, at);
        if (columns is null) return null;
        var schema = new RelSchema(columns.Value.Select(c => new Column(c.Name, c.Type, c.Doc)).ToImmutableArray());
        RelNode node = relation is SourceSymbol
            ? new ScanNode(schema, OriginOf(at), relation.Name)
            : new ViewScanNode(schema, OriginOf(at), relation.Name);
        var scoped = columns.Value.Select(c => new ScopeColumn(c.Name, c.Name, qualifier, c.Type, input, c, [new ColumnKey(relation.Name, c.Name)])).ToImmutableArray();
        return (node, scoped);
    }

    private AliasSymbol DeclareAlias(AliasSyntax? alias, NameSyntax relationName, RelationSymbol relation)
    {
        var name = alias?.Name ?? relationName;
        var symbol = new AliasSymbol(name.Text, name, tree, relation);
        if (alias is not null) context.Info.RecordDeclaration(alias.Name, symbol);
        return symbol;
    }

    private void BindFrom(FromStepSyntax step)
    {
        if (sawFrom)
        {
            context.Add(BindingContext.At(tree, step.Keyword).MisplacedFrom());
            return;
        }
        sawFrom = true;
        var relation = binder.ResolveRelation(tree, step.Relation);
        if (relation is null) return;
        var alias = DeclareAlias(step.Alias, step.Relation, relation);
        var read = ReadRelation(relation, step.Relation, alias.Name, 0);
        if (read is null) return;
        if (IsSpeed) CheckStreamInput(relation, step.Relation, setSource: true);
        current = read.Value.Node;
        fromAlias = alias.Name;
        description = $"`{relation.Name}`";
        scope = new RelationScope(read.Value.Columns, ImmutableDictionary<string, AliasSymbol>.Empty.Add(alias.Name, alias), description);
    }

    /// <summary>A speed view reads streams only: kafka sources and other speed views.</summary>
    private void CheckStreamInput(RelationSymbol relation, NameSyntax at, bool setSource)
    {
        if (!relation.IsStream)
        {
            context.Add(BindingContext.At(tree, at).SpeedViewOverBatch(view.Name, relation.Name, $"a {relation.KindText}"));
            return;
        }
        if (!setSource) return;
        streamSource = relation switch
        {
            SourceSymbol source => source,
            ViewSymbol speed => binder.BindView(speed)?.Streaming?.Source,
            _ => null,
        };
    }

    private void BindWhere(WhereStepSyntax step)
    {
        var condition = new ExpressionBinder(context, tree, scope).BindCondition(step.Condition, "the `where` condition");
        if (condition.Type.Kind == TypeKind.Error)
        {
            current = null;
            return;
        }
        // Rows where the condition is null are filtered out, so the columns it rejects nulls of are non-null below.
        var narrowed = NullRejection.Columns(condition);
        var columns = scope.Columns.Select(c => narrowed.Contains(c.Name) && c.Type.Nullable ? c with { Type = c.Type.AsNonNullable() } : c).ToImmutableArray();
        scope = scope.With(columns);
        if (current is not null)
            current = new FilterNode(new RelSchema(columns.Select(c => c.ToColumn()).ToImmutableArray()), OriginOf(step), current, condition);
    }

    private void BindOrderBy(OrderByStepSyntax step)
    {
        if (IsSpeed) NotInSpeedView(step, "a stream has no order; sort in a batch view or in the sink's reader");
        var expressions = new ExpressionBinder(context, tree, scope);
        var keys = step.Items.Select(item => new SortKey(expressions.Bind(item.Expression), item.IsDescending)).ToImmutableArray();
        if (current is not null && keys.All(k => k.Expr.Type.Kind != TypeKind.Error))
            current = new SortNode(current.Schema, OriginOf(step), current, keys);
    }

    private void BindLimit(LimitStepSyntax step)
    {
        if (IsSpeed) NotInSpeedView(step, "a stream has no end to limit; limit in a batch view");
        if (step.Count.IsMissing || !SyntaxFacts.TryParseInteger(step.Count.Text, out var count)) return;
        if (current is not null) current = new LimitNode(current.Schema, OriginOf(step), current, count);
    }

    private void BindIncremental(IncrementalStepSyntax step)
    {
        if (view.Layer != ViewLayer.Batch)
        {
            context.Add(BindingContext.At(tree, step.Keyword).StepNotAllowed("incremental on", Where, "speed views are incremental by nature; incremental on is for batch views"));
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
        if (column.Type.Kind is not (TypeKind.Int or TypeKind.Long or TypeKind.Date or TypeKind.Timestamp or TypeKind.Error))
        {
            context.Add(BindingContext.At(tree, step.Column).InvalidIncrementalColumn(column.Name, column.Type.ToString()));
            return;
        }
        incrementalSyntax = step;
        incrementalColumn = column.Name;
    }

    private void BindLate(LateStepSyntax step)
    {
        if (!IsSpeed)
        {
            context.Add(BindingContext.At(tree, step.Keyword).StepNotAllowed("late", Where, "late events matter only to the speed layer; batch views see every event"));
            return;
        }
        lateSyntax = step;
    }

    private void BindRetain(RetainStepSyntax step)
    {
        if (!IsSpeed)
        {
            context.Add(BindingContext.At(tree, step.Keyword).StepNotAllowed("retain", Where, "retain says how long the speed layer keeps results; batch results are kept by their sink"));
            return;
        }
        if (step.Duration.IsMissing || !SyntaxFacts.TryParseDuration(step.Duration.Text, out var duration)) return;
        if (duration <= TimeSpan.Zero)
        {
            context.Add(BindingContext.At(tree, step.Duration).InvalidDuration("retain", "it must be longer than zero"));
            return;
        }
        retainSyntax = step;
        retain = duration;
    }

    private BoundStreaming? Streaming()
    {
        if (streamSource is null) return null;
        var source = binder.BindSource(streamSource);
        if (source.EventTimeField is null)
        {
            var from = view.Syntax.Steps.OfType<FromStepSyntax>().FirstOrDefault();
            context.Add(BindingContext.At(tree, from?.Relation ?? view.Syntax.Name).StreamNeedsEventTime(streamSource.Name));
            return null;
        }
        var late = lateSyntax?.Policy.Text switch
        {
            "drop" => LatePolicy.Drop,
            "quarantine" => LatePolicy.Quarantine,
            _ => LatePolicy.Batch,
        };
        return new BoundStreaming(streamSource, source.EventTimeField,
            source.Properties.Duration("watermark") ?? TimeSpan.Zero,
            source.Properties.Duration("lateness") ?? TimeSpan.Zero,
            late, retain ?? DefaultRetain, retain is null, retainSyntax?.Duration);
    }
}
