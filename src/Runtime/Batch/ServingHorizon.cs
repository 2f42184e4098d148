using System.Globalization;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Batch;

/// <summary>
/// The batch horizon of a serving merge: the newest event time the batch layer processed, rounded
/// down to the batch view's window (its size for tumbling windows, its slide for hopping ones), so
/// the window the newest event falls in, still open, comes from the speed layer. "Processed" means
/// the input of the batch view's windowed aggregate. When the batch view has no windowed aggregate,
/// the horizon is the greatest value of the serving time column in the batch view (its newest
/// bucket is left to the speed layer). No rows, no horizon: every speed row is served.
/// </summary>
public static class ServingHorizon
{
    public static DateTime? Compute(RunContext run, ServeMergeNode merge)
    {
        var relations = run.Relations();
        var batchView = merge.Batch is ViewScanNode scan ? run.Pipeline.FindView(scan.View) : null;
        var windowed = batchView is null ? null : FindWindowedAggregate(batchView.Root);
        string sql;
        if (windowed is { Window: { } window })
        {
            var input = new DuckDbRelationWriter(relations).Write(windowed.Input);
            var step = window.Kind switch
            {
                WindowKind.Tumbling => SqlLiterals.Microseconds(window.Size),
                WindowKind.Hopping => SqlLiterals.Microseconds(window.Slide ?? window.Size),
                _ => 1L,
            };
            var epoch = $"epoch_us(max(CAST(h.{SqlText.Identifier(window.TimeColumn)} AS TIMESTAMP)))";
            sql = $"SELECT make_timestamp({epoch} - ((({epoch} % {step}) + {step}) % {step})) FROM ({input}) AS h";
        }
        else
        {
            sql = $"SELECT max(CAST(h.{SqlText.Identifier(merge.TimeColumn)} AS TIMESTAMP)) FROM ({new DuckDbRelationWriter(relations).Write(merge.Batch)}) AS h";
        }
        using var command = run.Database.Connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() is DateTime horizon ? horizon : null;
    }

    public static string? Sql(RunContext run, ServeMergeNode merge) =>
        Compute(run, merge) is { } horizon ? SqlLiterals.Timestamp(new DateTimeOffset(DateTime.SpecifyKind(horizon, DateTimeKind.Utc))) : null;

    private static AggregateNode? FindWindowedAggregate(RelNode node) =>
        node is AggregateNode { Window: not null } aggregate
            ? aggregate
            : node.Inputs.Select(FindWindowedAggregate).FirstOrDefault(a => a is not null);

    public static string Describe(DateTime? horizon) =>
        horizon?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "none";
}
