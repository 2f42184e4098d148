using Pulse.Compiler.Ir;

namespace Pulse.Runtime.Sql;

/// <summary>
/// The Lambda serving merge. The horizon H is the end of what the batch layer has fully processed
/// (see <c>ServingHorizon</c>): batch rows with time &lt; H, speed rows with time &gt;= H. A key present
/// on both sides after that split (possible only when the key does not include the time column)
/// keeps the speed row, the newer of the two. With no horizon (an empty batch view) every speed row
/// is served. Keys compare with IS NOT DISTINCT FROM, so a null key part matches a null.
/// </summary>
internal sealed class ServeMergeSql
{
    private readonly DuckDbRelationWriter relations;
    private readonly RelationContext context;

    public ServeMergeSql(DuckDbRelationWriter relations, RelationContext context)
    {
        this.relations = relations;
        this.context = context;
    }

    public string Write(ServeMergeNode merge)
    {
        var horizon = context.Horizon?.Invoke(merge) ?? "CAST(NULL AS TIMESTAMP)";
        var batch = relations.NextAlias();
        var speed = relations.NextAlias();
        var probe = relations.NextAlias();
        string Columns(string alias) => SqlText.Join(merge.Schema.Columns.Select(c =>
            DuckDbExpressionWriter.CastTo(c.Type, DuckDbRelationWriter.Column(alias, c.Name)) + " AS " + SqlText.Identifier(c.Name)));
        string Time(string alias) => $"CAST({DuckDbRelationWriter.Column(alias, merge.TimeColumn)} AS TIMESTAMP)";

        var speedRows = $"SELECT {Columns(speed)} FROM ({relations.Write(merge.Speed)}) AS {SqlText.Identifier(speed)} " +
                        $"WHERE ({horizon}) IS NULL OR {Time(speed)} >= ({horizon})";
        var sameKey = merge.Keys.Length == 0
            ? "FALSE"
            : string.Join(" AND ", merge.Keys.Select(k =>
                $"{DuckDbRelationWriter.Column(probe, k)} IS NOT DISTINCT FROM {DuckDbRelationWriter.Column(batch, k)}"));
        var batchRows = $"SELECT {Columns(batch)} FROM ({relations.Write(merge.Batch)}) AS {SqlText.Identifier(batch)} " +
                        $"WHERE {Time(batch)} < ({horizon}) " +
                        $"AND NOT EXISTS (SELECT 1 FROM ({speedRows}) AS {SqlText.Identifier(probe)} WHERE {sameKey})";
        return $"{batchRows} UNION ALL {speedRows}";
    }
}
