using System.Diagnostics;
using DuckDB.NET.Data;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Cleaning;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Sources;

namespace Pulse.Runtime.Batch;

/// <summary>
/// Reads one source, converts it to its field types and cleans it into the staging database. Conversion
/// is not materialized: the cleaner's one statement reads the raw relation through it.
/// </summary>
internal static class SourceLoader
{
    public static async Task<SourceReport> LoadAsync(RunContext run, SourceIr source, Action<SourceReport> partial, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var database = run.Database;
        run.Progress?.Report(new RunEvent(RunEventKind.SourceLoading, source.Name, 0));
        var readContext = new SourceReadContext
        {
            Connection = database.Connection,
            Pipeline = run.Pipeline,
            Source = source,
            RawTable = database.Temp(source.Name + "_raw"),
            ScratchTable = database.Temp,
            ScratchTableParts = database.TempParts,
            StateCatalog = database.StateCatalog,
            StateDirectory = database.StateDirectory,
            Options = run.Options,
            ResolveConnection = run.Connection,
            Progress = run.Progress is null ? null : new Progress<long>(rows => run.Progress.Report(new RunEvent(RunEventKind.SourceLoading, source.Name, rows))),
        };
        var reader = run.Options.SourceReaderOverride?.Invoke(source) ?? SourceReaders.For(source, readContext.SourceConnection);
        RawInput raw;
        try
        {
            raw = await reader.ReadAsync(readContext, cancellation).ConfigureAwait(false);
        }
        catch (DuckDBException e)
        {
            throw new PulseRunException(RunError.At(source.Origin, RuntimeCodes.InputFileMissing,
                $"source {source.Name} cannot be read: {RunDatabase.FirstLine(e.Message)}"), e);
        }
        cancellation.ThrowIfCancellationRequested();

        var quarantine = database.Stage(StateLayout.Quarantine, source.Name);
        database.Execute(QuarantineTable.CreateSql(quarantine));
        var cleaner = new SourceCleaner(new CleaningContext
        {
            Connection = database.Connection,
            Source = source,
            RunId = run.RunId,
            Now = run.NowSql,
            Quarantine = quarantine,
            VerdictTable = database.Scratch(source.Name + "_verdicts"),
            RelationTable = run.RelationTable,
        });
        try
        {
            var input = SourceConversion.Relation(raw, source);
            var report = cleaner.Clean(input, database.Stage(StateLayout.Sources, source.Name)) with { Seconds = clock.Elapsed.TotalSeconds };
            foreach (var warning in cleaner.Warnings) run.Warn(warning);
            run.Progress?.Report(new RunEvent(RunEventKind.SourceCleaned, source.Name, report.Kept));
            return report;
        }
        catch (PulseRunException)
        {
            foreach (var warning in cleaner.Warnings) run.Warn(warning);
            partial(new SourceReport(source.Name, source.Format.ToString().ToLowerInvariant(), cleaner.Read, 0,
                cleaner.Rules.Sum(r => r.Dropped), cleaner.Rules.Sum(r => r.Quarantined), 0, [.. cleaner.Rules], clock.Elapsed.TotalSeconds));
            throw;
        }
        finally
        {
            foreach (var drop in raw.DropSql()) database.Execute(drop);
        }
    }
}
