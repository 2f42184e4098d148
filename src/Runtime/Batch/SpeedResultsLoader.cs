using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Batch;

/// <summary>
/// Stages the speed-layer rows a serving view merges, as <c>speed."view"</c> in the staging database.
/// Without results (no <see cref="RunOptions.SpeedResults"/>, or none for that view) the table is
/// empty and the run warns: the serving view then holds only batch rows before the horizon.
/// </summary>
internal static class SpeedResultsLoader
{
    public static void LoadFor(RunContext run, ViewIr serving)
    {
        foreach (var scan in BatchPlan.Scans(serving.Root).OfType<ViewScanNode>())
        {
            var speed = run.Pipeline.FindView(scan.View);
            if (speed is not { Layer: ViewLayer.Speed }) continue;
            if (run.Database.TableExists(StateLayout.StageCatalog, StateLayout.Speed, speed.Name)) continue;
            var rows = run.Options.SpeedResults?.Rows(speed);
            if (rows is null)
                run.Warn(RunWarning.At(serving.Origin, RuntimeCodes.SpeedResultsMissing,
                    $"serving view {serving.Name}: no speed-layer results for {speed.Name}; it serves batch rows only, up to the batch horizon"));
            DuckDbRowLoader.Load(run.Database.Connection, StateLayout.StageCatalog, StateLayout.Speed, speed.Name, speed.Schema, rows ?? []);
        }
    }
}
