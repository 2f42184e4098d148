using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Batch;
using Pulse.Runtime.Sinks;

namespace Pulse.Runtime.Execution;

/// <summary>
/// Runs the batch layer of a pipeline on DuckDB: read and clean every batch source, compute the batch
/// and serving views in dependency order, all into a staging database (write), check every expectation
/// on the way (audit), then publish everything in one transaction and write the sinks (publish).
/// A run that fails before the publish changes nothing that was published before. Running the same
/// input twice gives the same tables.
/// </summary>
public static class PipelineRunner
{
    public static async Task<RunReport> RunBatchAsync(PipelineIr pipeline, RunOptions? options = null,
        IProgress<RunEvent>? progress = null, CancellationToken cancellation = default)
    {
        options ??= new RunOptions();
        var clock = Stopwatch.StartNew();
        var now = options.Now ?? DateTimeOffset.UtcNow;
        var runId = options.RunId ?? NewRunId(now);
        var stateDirectory = StateLayout.StateDirectory(pipeline, options);
        var sources = new List<SourceReport>();
        var views = new List<ViewReport>();
        var sinks = new List<SinkReport>();
        var warnings = new List<RunWarning>();

        RunReport Report(RunStatus status, RunError? error) => new(runId, pipeline.Name, pipeline.Environment, status, now,
            clock.Elapsed.TotalSeconds, Path.Combine(stateDirectory, StateLayout.DatabaseFile),
            [.. sources], [.. views], [.. sinks], [.. warnings], error);

        RunContext? run = null;
        try
        {
            using var database = RunDatabase.Open(stateDirectory);
            run = new RunContext { Database = database, Pipeline = pipeline, Options = options, RunId = runId, Now = now, Progress = progress };
            var plan = BatchPlan.For(pipeline);

            foreach (var step in plan)
            {
                cancellation.ThrowIfCancellationRequested();
                if (step.Source is { } source)
                    sources.Add(await SourceLoader.LoadAsync(run, source, sources.Add, cancellation).ConfigureAwait(false));
                else
                    views.Add(ViewMaterializer.Compute(run, step.View!));
            }

            var plannedSinks = PlanSinks(pipeline, options, run.Connection);
            // Sinks of speed views were written by the speed layer: its report stands in for theirs.
            foreach (var skipped in plannedSinks.Where(s => s.Sink is null))
                sinks.Add(options.SpeedSinkReports.FirstOrDefault(r => r.Name == skipped.Ir.Name)
                          ?? new SinkReport(skipped.Ir.Name, skipped.Ir.Kind.ToString().ToLowerInvariant(), skipped.Ir.From, 0, 0, 0, null, Skipped: true));
            if (!options.WriteSinks) plannedSinks = [.. plannedSinks.Where(s => s.Sink?.InPublishTransaction == true)];

            warnings.AddRange(run.Warnings);
            sinks.AddRange(await Publisher.PublishAsync(run, plan, plannedSinks, Report(RunStatus.Succeeded, null).ToJson(), cancellation).ConfigureAwait(false));
            foreach (var planned in plannedSinks.Where(s => s.Sink is { InPublishTransaction: false }))
                sinks.Add(await SinkWriter.WriteAsync(run, planned, staged: false, CancellationToken.None).ConfigureAwait(false));
            warnings.Clear();
            warnings.AddRange(run.Warnings);

            var status = sinks.Any(s => s.Error is not null) ? RunStatus.SinkFailed : RunStatus.Succeeded;
            var final = Report(status, null);
            database.Execute($"UPDATE {database.State(StateLayout.Meta, "runs")} SET status = {Sql.SqlText.String(status.ToString().ToLowerInvariant())}, " +
                             $"report = {Sql.SqlText.String(final.ToJson())} WHERE run_id = {Sql.SqlText.String(runId)}");
            return final;
        }
        catch (PulseRunException e)
        {
            return Failed(e.Error);
        }
        catch (OperationCanceledException)
        {
            return Failed(RunError.At(null, RuntimeCodes.Cancelled, "the run was cancelled; nothing was published"));
        }
        catch (DuckDBException e)
        {
            return Failed(RunError.At(null, RuntimeCodes.QueryFailed, $"DuckDB failed: {RunDatabase.FirstLine(e.Message)}",
                "this is likely a bug in the runtime; please report it with the spec"));
        }
        catch (NotSupportedException e)
        {
            return Failed(RunError.At(null, RuntimeCodes.NotSupportedLocally, e.Message));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or IOException)
        {
            return Failed(RunError.At(null, RuntimeCodes.QueryFailed, $"the run stopped: {e.GetType().Name}: {e.Message}",
                "this is likely a bug in the runtime; please report it with the spec"));
        }

        RunReport Failed(RunError error)
        {
            if (run is not null) { warnings.Clear(); warnings.AddRange(run.Warnings); }
            return Report(RunStatus.Failed, error);
        }
    }

    /// <summary>A run id that sorts by time: yyyyMMddTHHmmssfffZ plus a random suffix.</summary>
    public static string NewRunId(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];

    private static List<PlannedSink> PlanSinks(PipelineIr pipeline, RunOptions options, Func<string, ResolvedConnection> resolve)
    {
        var planned = new List<PlannedSink>();
        foreach (var sink in pipeline.Sinks)
        {
            if (pipeline.FindView(sink.From) is { Layer: ViewLayer.Speed })
            {
                planned.Add(new PlannedSink(sink, null, "reads a speed view: the speed layer writes it"));
                continue;
            }
            var implementation = options.SinkFactories.Select(f => f.Create(sink, pipeline, options)).FirstOrDefault(s => s is not null)
                                 ?? BuiltInSinks.Create(sink, resolve);
            planned.Add(new PlannedSink(sink, implementation, implementation is null ? "no batch implementation (written by the speed layer)" : null));
        }
        return planned;
    }
}
