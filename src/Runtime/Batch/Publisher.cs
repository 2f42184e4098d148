using System.Diagnostics;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Cleaning;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Sinks;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Batch;

/// <summary>
/// Write-audit-publish, the publish half: once every table is staged and every check passed, one
/// transaction replaces the published sources, quarantines and views with the staged ones and runs
/// the sinks that write into the state database. Readers of the state database see the previous run
/// or this one, never a mix; a failure inside the transaction rolls all of it back.
/// </summary>
internal static class Publisher
{
    public static async Task<List<SinkReport>> PublishAsync(RunContext run, IReadOnlyList<PlanStep> steps,
        IReadOnlyList<PlannedSink> sinks, string reportJson, CancellationToken cancellation)
    {
        var database = run.Database;
        var reports = new List<SinkReport>();
        database.Execute("BEGIN TRANSACTION");
        try
        {
            foreach (var step in steps)
            {
                if (step.Source is { } source)
                {
                    Replace(database, StateLayout.Sources, source.Name);
                    Replace(database, StateLayout.Quarantine, source.Name);
                }
                else Replace(database, StateLayout.Views, step.View!.Name);
            }
            foreach (var increment in run.Increments)
                foreach (var statement in IncrementalState.PublishSql(database, increment, run.RunId))
                    database.Execute(statement);
            foreach (var planned in sinks.Where(s => s.Sink?.InPublishTransaction == true))
                reports.Add(await SinkWriter.WriteAsync(run, planned, staged: true, cancellation).ConfigureAwait(false));
            database.Execute($"INSERT INTO {database.State(StateLayout.Meta, "runs")} VALUES ({SqlText.String(run.RunId)}, " +
                             $"{SqlText.String(run.Pipeline.Name)}, {SqlText.String(run.Pipeline.Environment)}, {run.NowSql}, 'published', {SqlText.String(reportJson)})");
            cancellation.ThrowIfCancellationRequested();
            database.Execute("COMMIT");
        }
        catch
        {
            database.Execute("ROLLBACK");
            throw;
        }
        run.Progress?.Report(new RunEvent(RunEventKind.Published, run.Pipeline.Name, steps.Count));
        return reports;
    }

    private static void Replace(RunDatabase database, string schema, string name) =>
        database.Execute($"CREATE OR REPLACE TABLE {database.State(schema, name)} AS SELECT * FROM {database.Stage(schema, name)}");
}

/// <summary>A sink of the spec and the implementation chosen for it (null: not written by the batch run).</summary>
internal sealed record PlannedSink(SinkIr Ir, ISink? Sink, string? SkipReason);

/// <summary>Runs one sink and turns its outcome (or failure) into a <see cref="SinkReport"/>.</summary>
internal static class SinkWriter
{
    public static async Task<SinkReport> WriteAsync(RunContext run, PlannedSink planned, bool staged, CancellationToken cancellation)
    {
        var sink = planned.Ir;
        var clock = Stopwatch.StartNew();
        var kind = sink.Kind.ToString().ToLowerInvariant();
        var implementation = planned.Sink!;
        var database = run.Database;
        var schema = run.Pipeline.FindSource(sink.From) is not null ? StateLayout.Sources : StateLayout.Views;
        var table = staged ? database.Stage(schema, sink.From) : database.State(schema, sink.From);
        var columns = sink.Schema.Columns.IsDefaultOrEmpty
            ? "*"
            : SqlText.Join(sink.Schema.Columns.Select(c => SqlText.Identifier(c.Name)));
        var context = new SinkContext
        {
            Connection = database.Connection,
            Pipeline = run.Pipeline,
            Sink = sink,
            RowsSql = $"SELECT {columns} FROM {table}",
            StateCatalog = database.StateCatalog,
            StateDirectory = database.StateDirectory,
            RunId = run.RunId,
            Options = run.Options,
            ResolveConnection = run.Connection,
            Quarantine = rows => QuarantineRejected(run, sink, rows),
            Warn = run.Warn,
        };
        try
        {
            var result = await implementation.WriteAsync(context, cancellation).ConfigureAwait(false);
            run.Progress?.Report(new RunEvent(RunEventKind.SinkWritten, sink.Name, result.RowsWritten));
            return new SinkReport(sink.Name, kind, implementation.Target, result.RowsWritten, result.RowsRejected, clock.Elapsed.TotalSeconds, null);
        }
        catch (PulseRunException e) when (!implementation.InPublishTransaction)
        {
            return new SinkReport(sink.Name, kind, implementation.Target, 0, 0, clock.Elapsed.TotalSeconds, e.Error.ToString());
        }
        catch (Exception e) when (!implementation.InPublishTransaction && e is not OperationCanceledException)
        {
            // A client library failing in a way the sink did not anticipate: report it on the sink, the state is already published.
            var error = RunError.At(sink.Origin, RuntimeCodes.SinkFailed, $"sink {sink.Name} failed: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
            return new SinkReport(sink.Name, kind, implementation.Target, 0, 0, clock.Elapsed.TotalSeconds, error.ToString());
        }
    }

    /// <summary>Rejected rows go to <c>quarantine."sink:name"</c> in the state database, replacing the previous run's.</summary>
    private static void QuarantineRejected(RunContext run, SinkIr sink, IReadOnlyList<RejectedRow> rows)
    {
        var database = run.Database;
        var table = database.State(StateLayout.Quarantine, StateLayout.SinkQuarantineName(sink.Name));
        database.Execute(QuarantineTable.CreateSql(table));
        database.Execute($"DELETE FROM {table}");
        if (rows.Count == 0) return;
        var values = rows.Select(r => $"({r.Position}, {SqlText.String(r.Rule)}, {SqlText.String(r.Reason)}, CAST({SqlText.String(r.RowJson)} AS JSON), {SqlText.String(run.RunId)})");
        foreach (var chunk in values.Chunk(500))
            database.Execute($"INSERT INTO {table} (position, rule, reason, \"row\", run_id) VALUES {SqlText.Join(chunk)}");
    }
}
