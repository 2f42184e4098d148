using System.Diagnostics;
using DuckDB.NET.Data;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Batch;

/// <summary>Computes a batch or serving view into the staging database (a view with <c>incremental on</c>: see <see cref="IncrementalView"/>).</summary>
internal static class ViewMaterializer
{
    public static ViewReport Compute(RunContext run, ViewIr view) =>
        view is { Layer: ViewLayer.Batch, IncrementalColumn: not null } ? IncrementalView.Compute(run, view) : ComputeFull(run, view);

    /// <summary>The whole view, from all of its inputs.</summary>
    public static ViewReport ComputeFull(RunContext run, ViewIr view)
    {
        var clock = Stopwatch.StartNew();
        if (view.Layer == ViewLayer.Serving) SpeedResultsLoader.LoadFor(run, view);
        var relations = run.Relations(merge => ServingHorizon.Sql(run, merge));
        var select = new DuckDbSqlWriter(relations).View(view);
        var table = run.Database.Stage(StateLayout.Views, view.Name);
        try
        {
            run.Database.Execute($"CREATE TABLE {table} AS {select}");
        }
        catch (DuckDBException e)
        {
            throw new PulseRunException(RunError.At(view.Origin, RuntimeCodes.QueryFailed,
                $"view {view.Name} could not be computed: {RunDatabase.FirstLine(e.Message)}",
                "a value may be out of range for its type; check the view's arithmetic and casts"), e);
        }
        var rows = long.Parse(run.Database.Scalar($"SELECT count(*) FROM {table}") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        run.Progress?.Report(new RunEvent(RunEventKind.ViewComputed, view.Name, rows));
        return new ViewReport(view.Name, view.Layer.ToString().ToLowerInvariant(), rows, clock.Elapsed.TotalSeconds);
    }
}
