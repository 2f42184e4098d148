using System.Globalization;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;

namespace Pulse.Runtime.Sql;

/// <summary>
/// <c>group by</c> with an optional event-time window, in two layers: an inner SELECT that evaluates
/// the grouping keys (and window assignment) once per row into helper columns, and an outer SELECT
/// that groups by them. Window semantics, shared with the speed layer:
/// <list type="bullet">
/// <item>Windows are aligned to the Unix epoch: a tumbling window of size S starts at a multiple of S.</item>
/// <item>A hopping window of size S every L starts at multiples of L; an event at t belongs to every
/// window with start &lt;= t &lt; start + S.</item>
/// <item>A session (gap G) per key ends when the next event is G or more after the previous one;
/// window_start is the first event's time, window_end the last event's time + G.</item>
/// <item>Rows whose time is null belong to no window and are left out of windowed aggregates.</item>
/// <item><c>first</c>/<c>last</c> order by event time inside a window; without a window they take
/// DuckDB's scan order, which is input order for a single-table scan but not guaranteed after a join.</item>
/// <item><c>sum</c>, <c>avg</c>, <c>min</c>, <c>max</c> of no non-null values are null; <c>count</c> is 0.</item>
/// </list>
/// Helper columns are named <c>__pulse_*</c>; user columns must not start with that prefix.
/// </summary>
internal sealed class AggregateSql
{
    private const string Epoch = "__pulse_e";
    private const string WindowStart = "__pulse_ws";
    private const string SessionNew = "__pulse_new";
    private const string SessionId = "__pulse_sid";

    private readonly DuckDbRelationWriter relations;

    public AggregateSql(DuckDbRelationWriter relations) => this.relations = relations;

    private static string KeyColumn(int index) => "__pulse_k" + index.ToString(CultureInfo.InvariantCulture);

    public string Write(AggregateNode node)
    {
        var input = relations.NextAlias();
        var inputSql = relations.Write(node.Input);
        var inputExpressions = relations.Expressions(input);
        var keyColumns = node.Keys.Select((k, i) => inputExpressions.Write(k.Expr) + " AS " + SqlText.Identifier(KeyColumn(i))).ToList();
        var window = node.Window;

        string inner;
        if (window is null)
        {
            inner = $"SELECT {SqlText.Identifier(input)}.*{Prefix(keyColumns)} FROM ({inputSql}) AS {SqlText.Identifier(input)}";
        }
        else
        {
            var time = DuckDbRelationWriter.Column(input, window.TimeColumn);
            var epoch = $"epoch_us(CAST({time} AS TIMESTAMP)) AS {SqlText.Identifier(Epoch)}";
            inner = $"SELECT {SqlText.Identifier(input)}.*{Prefix(keyColumns)}, {epoch} FROM ({inputSql}) AS {SqlText.Identifier(input)} WHERE {time} IS NOT NULL";
            inner = window.Kind switch
            {
                WindowKind.Tumbling => Tumbling(inner, window),
                WindowKind.Hopping => Hopping(inner, window),
                WindowKind.Session => Session(inner, node.Keys.Length, window),
                _ => throw new NotSupportedException($"window kind {window.Kind}"),
            };
        }

        var grouped = relations.NextAlias();
        var expressions = relations.Expressions(grouped);
        var select = new List<string>();
        var groupBy = new List<string>();
        if (window is not null)
        {
            select.AddRange(WindowColumns(grouped, window));
            groupBy.Add(DuckDbRelationWriter.Column(grouped, window.Kind == WindowKind.Session ? SessionId : WindowStart));
        }
        for (var i = 0; i < node.Keys.Length; i++)
        {
            var key = DuckDbRelationWriter.Column(grouped, KeyColumn(i));
            select.Add(DuckDbExpressionWriter.CastTo(node.Keys[i].Expr.Type, key) + " AS " + SqlText.Identifier(node.Keys[i].Name));
            groupBy.Add(key);
        }
        var order = window is null ? null : DuckDbRelationWriter.Column(grouped, Epoch);
        select.AddRange(node.Aggregates.Select(a => Aggregate(a, expressions, order) + " AS " + SqlText.Identifier(a.Name)));

        var sql = $"SELECT {SqlText.Join(select)} FROM ({inner}) AS {SqlText.Identifier(grouped)}";
        return groupBy.Count == 0 ? sql : sql + " GROUP BY " + SqlText.Join(groupBy);
    }

    private static string Prefix(List<string> columns) => columns.Count == 0 ? "" : ", " + SqlText.Join(columns);

    private static string FloorTo(string epoch, long size) =>
        $"({epoch} - ((({epoch} % {size}) + {size}) % {size}))";

    private string Tumbling(string inner, WindowSpec window)
    {
        var alias = relations.NextAlias();
        var size = Micros(window.Size);
        var start = FloorTo(DuckDbRelationWriter.Column(alias, Epoch), size);
        return $"SELECT {SqlText.Identifier(alias)}.*, {start} AS {SqlText.Identifier(WindowStart)} FROM ({inner}) AS {SqlText.Identifier(alias)}";
    }

    private string Hopping(string inner, WindowSpec window)
    {
        var alias = relations.NextAlias();
        var size = Micros(window.Size);
        var slide = Micros(window.Slide ?? throw new ArgumentException("hopping window without a slide"));
        var count = (size + slide - 1) / slide;
        var epoch = DuckDbRelationWriter.Column(alias, Epoch);
        var start = $"({FloorTo(epoch, slide)} - \"__pulse_hop\".\"k\" * {slide})";
        return $"SELECT {SqlText.Identifier(alias)}.*, {start} AS {SqlText.Identifier(WindowStart)} " +
               $"FROM ({inner}) AS {SqlText.Identifier(alias)} CROSS JOIN range(0, {count}) AS \"__pulse_hop\"(\"k\") " +
               $"WHERE {start} + {size} > {epoch}";
    }

    private string Session(string inner, int keyCount, WindowSpec window)
    {
        var gap = Micros(window.Gap ?? throw new ArgumentException("session window without a gap"));
        var flagged = relations.NextAlias();
        var partition = keyCount == 0 ? "" : "PARTITION BY " + SqlText.Join(Enumerable.Range(0, keyCount).Select(i => SqlText.Identifier(KeyColumn(i)))) + " ";
        var epoch = SqlText.Identifier(Epoch);
        var newSession = $"CASE WHEN {epoch} - lag({epoch}) OVER ({partition}ORDER BY {epoch}) < {gap} THEN 0 ELSE 1 END AS {SqlText.Identifier(SessionNew)}";
        var withFlag = $"SELECT {SqlText.Identifier(flagged)}.*, {newSession} FROM ({inner}) AS {SqlText.Identifier(flagged)}";
        var numbered = relations.NextAlias();
        // RANGE framing counts every row with the same time together, so ties never split a session.
        var sessionId = $"sum({SqlText.Identifier(SessionNew)}) OVER ({partition}ORDER BY {epoch} RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS {SqlText.Identifier(SessionId)}";
        return $"SELECT {SqlText.Identifier(numbered)}.*, {sessionId} FROM ({withFlag}) AS {SqlText.Identifier(numbered)}";
    }

    private static IEnumerable<string> WindowColumns(string alias, WindowSpec window)
    {
        if (window.Kind == WindowKind.Session)
        {
            var epoch = DuckDbRelationWriter.Column(alias, Epoch);
            var gap = Micros(window.Gap!.Value);
            yield return $"make_timestamp(min({epoch})) AS \"window_start\"";
            yield return $"make_timestamp(max({epoch}) + {gap}) AS \"window_end\"";
            yield break;
        }
        var start = DuckDbRelationWriter.Column(alias, WindowStart);
        yield return $"make_timestamp({start}) AS \"window_start\"";
        yield return $"make_timestamp({start} + {Micros(window.Size)}) AS \"window_end\"";
    }

    private static string Aggregate(AggregateExpr aggregate, DuckDbExpressionWriter expressions, string? order)
    {
        var argument = aggregate.Argument is null ? null : expressions.Write(aggregate.Argument);
        var orderBy = order is null ? "" : " ORDER BY " + order;
        var sql = aggregate.Function switch
        {
            AggregateFunction.Count => argument is null ? "count(*)" : $"count({argument})",
            AggregateFunction.CountDistinct => $"count(DISTINCT {argument})",
            AggregateFunction.Sum => $"sum({argument})",
            AggregateFunction.Avg when aggregate.Type.Kind == TypeKind.Decimal && aggregate.Argument!.Type.Kind is TypeKind.Decimal or TypeKind.Int or TypeKind.Long
                => ExactDecimalAverage(argument!, aggregate.Argument!.Type, aggregate.Type),
            AggregateFunction.Avg => $"avg({argument})",
            AggregateFunction.Min => $"min({argument})",
            AggregateFunction.Max => $"max({argument})",
            AggregateFunction.First => $"first({argument}{orderBy})",
            AggregateFunction.Last => $"last({argument}{orderBy})",
            _ => throw new NotSupportedException($"aggregate {aggregate.Function}"),
        };
        return DuckDbExpressionWriter.CastTo(aggregate.Type, sql);
    }

    /// <summary>
    /// The average of exact numbers as an exact decimal, rounded half away from zero at the result's scale:
    /// the sum in integer units of 10^-scale (HUGEINT, exact), divided by the count with rounding, scaled back.
    /// DuckDB's own avg of a decimal is a double, which can round the last digit differently from C#'s decimal.
    /// </summary>
    private static string ExactDecimalAverage(string argument, PulseType input, PulseType result)
    {
        var inputScale = input.Kind == TypeKind.Decimal ? input.Scale : 0;
        var scale = Math.Max(result.Scale, inputScale);
        var units = $"sum(CAST({argument} * {Power(scale)} AS HUGEINT))";
        var count = $"count({argument})";
        var rounded = $"(({units}) * 2 + sign({units}) * {count}) // (2 * {count})";
        var value = scale == 0
            ? $"CAST({rounded} AS DECIMAL(38, 0))"
            : $"(CAST({rounded} AS DECIMAL(38, 0)) * CAST('1e-{scale}' AS DECIMAL(38, {scale})))";
        return $"(CASE WHEN {count} = 0 THEN NULL ELSE {value} END)";
    }

    private static string Power(int scale) => "1" + new string('0', scale);

    private static long Micros(TimeSpan span)
    {
        var micros = SqlLiterals.Microseconds(span);
        if (micros <= 0) throw new ArgumentException($"a window duration must be positive, got {span}");
        return micros;
    }
}
