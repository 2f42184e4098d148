using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pulse.Compiler.Ir;
using static Pulse.Targets.CSharp.CSharpSyntax;

namespace Pulse.Targets.Spark;

/// <summary>
/// Translates a view body (a tree of IR relational nodes) into DataFrame statements, one local per
/// node: <c>Filter</c>, <c>Select</c>, <c>Join</c>, <c>GroupBy().Agg()</c>, <c>OrderBy</c>, <c>Limit</c>,
/// <c>UnionByName</c>. Joins rename both inputs' columns to positional names first, so the condition
/// and the output can never confuse two columns of the same name.
/// </summary>
public sealed class SparkPlanTranslator(
    /// <summary>The local that holds each cleaned source's rows.</summary>
    IReadOnlyDictionary<string, string> sourceLocals,
    /// <summary>How a view the body reads is loaded (a batch read or a stream read of its Delta table).</summary>
    Func<string, ExpressionSyntax> readView,
    /// <summary>The watermark delay of the windowed group by of a speed view that streams another speed view (<see cref="SparkSpeedChains"/>).</summary>
    TimeSpan? viewStreamWatermark = null,
    /// <summary>For a view with <c>incremental on</c>: the inputs to read from the high-water mark on.</summary>
    SparkIncremental? incremental = null)
{
    private readonly List<StatementSyntax> _statements = [];
    private int _next;

    public IReadOnlyList<StatementSyntax> Statements => _statements;

    /// <summary>Emits the statements computing <paramref name="node"/> and returns the local holding the result.</summary>
    public string Translate(RelNode node) => SparkErrors.At(node.Origin, () => TranslateNode(node));

    private string TranslateNode(RelNode node)
    {
        switch (node)
        {
            case ScanNode scan:
                return incremental?.LeafOf(scan) is { } sourceLeaf
                    ? Emit(SparkIncremental.From(Name(sourceLocals[scan.Source]), sourceLeaf), $"incremental: {scan.Source} from the mark on")
                    : sourceLocals[scan.Source];
            case ViewScanNode viewScan:
                return incremental?.LeafOf(viewScan) is { } viewLeaf
                    ? Emit(SparkIncremental.From(readView(viewScan.View), viewLeaf), $"read view {viewScan.View}, from the mark on")
                    : Emit(readView(viewScan.View), $"read view {viewScan.View}");
            case FilterNode filter:
            {
                var input = Translate(filter.Input);
                return Emit(Call(Name(input), "Filter", SparkExpressions.ForSingleInput().Translate(filter.Predicate)), "where", filter.Origin);
            }
            case ProjectNode project:
            {
                var input = Translate(project.Input);
                var expressions = SparkExpressions.ForSingleInput();
                var columns = project.Columns.Select(c => (ExpressionSyntax)Call(expressions.Translate(c.Expr), "Alias", String(c.Name)));
                return Emit(Call(Name(input), "Select", [.. columns]), "select", project.Origin);
            }
            case JoinNode join:
                return Join(join);
            case AggregateNode aggregate:
                return Aggregate(aggregate);
            case SortNode sort:
            {
                var input = Translate(sort.Input);
                var expressions = SparkExpressions.ForSingleInput();
                var keys = sort.Keys.Select(k => (ExpressionSyntax)Call(expressions.Translate(k.Expr), k.Descending ? "Desc" : "Asc"));
                return Emit(Call(Name(input), "OrderBy", [.. keys]), "order by", sort.Origin);
            }
            case LimitNode limit:
            {
                var input = Translate(limit.Input);
                var count = (int)Math.Clamp(limit.Count, 0, int.MaxValue);
                return Emit(Call(Name(input), "Limit", Int(count)), "limit", limit.Origin);
            }
            case UnionNode union:
            {
                var left = Translate(union.Left);
                var right = Translate(union.Right);
                return Emit(Call(Name(left), "UnionByName", Name(right)), "union", union.Origin);
            }
            case ServeMergeNode merge:
                return Merge(merge);
            default:
                throw new NotSupportedException($"{node.GetType().Name} has no Spark translation");
        }
    }

    private string Join(JoinNode join)
    {
        var left = Translate(join.Left);
        var right = Translate(join.Right);
        var leftColumns = join.Left.Schema.Columns.Select(c => c.Name).ToList();
        var rightColumns = join.Right.Schema.Columns.Select(c => c.Name).ToList();
        var renamedLeft = Emit(Call(Name(left), "Select", [.. leftColumns.Select((c, i) => Renamed(c, "__l", i))]), "join: left input, positional names");
        var renamedRight = Emit(Call(Name(right), "Select", [.. rightColumns.Select((c, i) => Renamed(c, "__r", i))]), "join: right input, positional names");

        string Resolve(ColumnRef column) => column.Input == 0
            ? "__l" + IndexOf(leftColumns, column.Name).ToString(CultureInfo.InvariantCulture)
            : "__r" + IndexOf(rightColumns, column.Name).ToString(CultureInfo.InvariantCulture);
        // `using (a, b)` means equal keys, whatever else the condition says.
        var condition = join.UsingColumns.IsDefaultOrEmpty
            ? new SparkExpressions(Resolve).Translate(join.Condition)
            : join.UsingColumns
                .Select(k => (ExpressionSyntax)Call(SparkExpressions.Col("__l" + IndexOf(leftColumns, k)), "EqualTo", SparkExpressions.Col("__r" + IndexOf(rightColumns, k))))
                .Aggregate((a, b) => Call(a, "And", b));
        var joined = Emit(Call(Name(renamedLeft), "Join", Name(renamedRight), condition, String(join.Kind == JoinKind.Left ? "left_outer" : "inner")),
            join.Kind == JoinKind.Left ? "left join" : "join", join.Origin);
        var outputs = join.Outputs.Select(o => (ExpressionSyntax)Call(
            SparkExpressions.Col(o.Side == JoinSide.Left ? "__l" + IndexOf(leftColumns, o.InputColumn) : "__r" + IndexOf(rightColumns, o.InputColumn)),
            "Alias", String(o.Name)));
        return Emit(Call(Name(joined), "Select", [.. outputs]), "join: output columns");
    }

    private static ExpressionSyntax Renamed(string column, string prefix, int index) =>
        Call(SparkExpressions.Col(column), "Alias", String(prefix + index.ToString(CultureInfo.InvariantCulture)));

    private static int IndexOf(List<string> columns, string name)
    {
        var index = columns.IndexOf(name);
        return index >= 0 ? index : throw new InvalidOperationException($"column '{name}' is not in the join input");
    }

    private string Aggregate(AggregateNode aggregate)
    {
        var input = Translate(aggregate.Input);
        if (aggregate.Window is { } watermarked && viewStreamWatermark is { } delay)
            input = Emit(Call(Name(input), "WithWatermark", String(SparkNames.Column(watermarked.TimeColumn)), String(SparkExpressions.Interval(delay))),
                delay == TimeSpan.Zero ? "watermark: the upstream's final windows arrive in the order of their bounds" : "watermark: the source's watermark plus lateness");
        var expressions = SparkExpressions.ForSingleInput();
        var groups = new List<ExpressionSyntax>();
        if (aggregate.Window is { } window) groups.Add(Call(WindowColumn(window), "Alias", String("__pulse_window")));
        groups.AddRange(aggregate.Keys.Select(k => (ExpressionSyntax)Call(expressions.Translate(k.Expr), "Alias", String(k.Name))));
        var aggregates = aggregate.Aggregates.Select(a => (ExpressionSyntax)Call(Call(AggregateColumn(a, expressions), "Cast", String(SparkTypes.Ddl(a.Type))), "Alias", String(a.Name))).ToList();
        // Agg needs at least one aggregate; a group by with none counts rows and drops the count.
        if (aggregates.Count == 0) aggregates.Add(Call(Call("Functions", "Count", SparkExpressions.Lit(Int(1))), "Alias", String("__pulse_rows")));
        var grouped = Emit(Call(Call(Name(input), "GroupBy", [.. groups]), "Agg", [.. aggregates]), "group by", aggregate.Origin);

        var output = new List<ExpressionSyntax>();
        if (aggregate.Window is not null)
        {
            output.Add(Call(Call(SparkExpressions.Col("__pulse_window"), "GetField", String("start")), "Alias", String("window_start")));
            output.Add(Call(Call(SparkExpressions.Col("__pulse_window"), "GetField", String("end")), "Alias", String("window_end")));
        }
        output.AddRange(aggregate.Keys.Select(k => SparkExpressions.Col(k.Name)));
        output.AddRange(aggregate.Aggregates.Select(a => SparkExpressions.Col(a.Name)));
        return Emit(Call(Name(grouped), "Select", [.. output]), "group by: output columns");
    }

    private static ExpressionSyntax WindowColumn(WindowSpec window)
    {
        var time = SparkExpressions.Col(window.TimeColumn);
        return window.Kind switch
        {
            WindowKind.Tumbling => Call("Functions", "Window", time, String(SparkExpressions.Interval(window.Size))),
            WindowKind.Hopping => Call("Functions", "Window", time, String(SparkExpressions.Interval(window.Size)), String(SparkExpressions.Interval(window.Slide ?? window.Size))),
            _ => Call("Functions", "Session_Window", time, String(SparkExpressions.Interval(window.Gap ?? window.Size))),
        };
    }

    private static ExpressionSyntax AggregateColumn(AggregateExpr aggregate, SparkExpressions expressions)
    {
        if (aggregate.Argument is null) return Call("Functions", "Count", SparkExpressions.Lit(Int(1)));
        var argument = expressions.Translate(aggregate.Argument);
        return aggregate.Function switch
        {
            AggregateFunction.Count => Call("Functions", "Count", argument),
            AggregateFunction.CountDistinct => Call("Functions", "CountDistinct", argument),
            AggregateFunction.Sum => Call("Functions", "Sum", argument),
            AggregateFunction.Avg => Call("Functions", "Avg", argument),
            AggregateFunction.Min => Call("Functions", "Min", argument),
            AggregateFunction.Max => Call("Functions", "Max", argument),
            AggregateFunction.First => Call("Functions", "First", argument, Bool(false)),
            AggregateFunction.Last => Call("Functions", "Last", argument, Bool(false)),
            _ => throw new NotSupportedException($"aggregate {aggregate.Function}"),
        };
    }

    /// <summary>
    /// The serving merge: the batch horizon is the latest batch time; batch rows before it, speed
    /// rows at or after it (all speed rows when the batch side is still empty).
    /// </summary>
    private string Merge(ServeMergeNode merge)
    {
        var batch = Translate(merge.Batch);
        var speed = Translate(merge.Speed);
        var time = SparkExpressions.Col(merge.TimeColumn);
        var horizonColumn = SparkExpressions.Col("__pulse_horizon");
        var horizon = Emit(Call(Name(batch), "Agg", Call(Call("Functions", "Max", time), "Alias", String("__pulse_horizon"))), "serving: the batch horizon", merge.Origin);
        var columns = merge.Schema.Columns.Select(c => SparkExpressions.Col(c.Name)).ToArray();
        var batchRows = Emit(Call(Call(Call(Name(batch), "CrossJoin", Name(horizon)), "Filter", Call(time, "Lt", horizonColumn)), "Select", columns),
            "serving: batch rows before the horizon");
        var speedRows = Emit(Call(Call(Call(Name(speed), "CrossJoin", Name(horizon)), "Filter", Call(Call(time, "Geq", horizonColumn), "Or", Call(horizonColumn, "IsNull"))), "Select", columns),
            "serving: speed rows at or after the horizon");
        return Emit(Call(Name(batchRows), "UnionByName", Name(speedRows)), "serving: merged");
    }

    private string Emit(ExpressionSyntax value, string comment, Origin? origin = null)
    {
        var local = "step" + (_next++).ToString(CultureInfo.InvariantCulture);
        var where = origin is null || origin.File.Length == 0 ? "" : $" ({SparkJobParser.Where(origin)})";
        _statements.Add(WithComments(Var(local, value), comment + where));
        return local;
    }
}
