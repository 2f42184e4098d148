using System.Collections.Immutable;
using System.Globalization;
using DuckDB.NET.Data;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Batch;
using Pulse.Runtime.Cleaning;
using Pulse.Runtime.Sources;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Execution;

/// <summary>What a replay did: of <see cref="Replayed"/> quarantined rows, how many now pass, were dropped by the current rules, or stay quarantined.</summary>
public sealed record ReplayReport(string Source, long Replayed, long Recovered, long Dropped, long StillQuarantined,
    ImmutableArray<RuleReport> Rules, ImmutableArray<RunWarning> Warnings, RunError? Error);

/// <summary>
/// Re-runs the quarantined rows of a source through its current rules (after the spec was fixed, or
/// the rules relaxed). Rows that now pass are appended to the published clean table and removed
/// from the quarantine; rows the rules drop are removed too; the others stay with their new reason.
/// Set rules judge the replayed rows among themselves, and a replayed row whose <c>unique</c> or
/// <c>dedupe</c> key is already published stays quarantined; row_count and freshness are not
/// re-judged. Views are not recomputed: the next batch run does that. Rows the reader could not
/// parse at all (a broken CSV record, a line that is not JSON) cannot be replayed and stay.
/// Everything is applied in one transaction.
/// </summary>
public static class QuarantineReplay
{
    private const string Unreadable = "__pulse_unreadable";

    public static Task<ReplayReport> ReplayAsync(PipelineIr pipeline, string sourceName, RunOptions? options = null)
    {
        options ??= new RunOptions();
        var source = pipeline.FindSource(sourceName);
        if (source is null)
            return Task.FromResult(Failed(sourceName, RunError.At(null, RuntimeCodes.EmbeddedTableMissing, $"there is no source {sourceName}")));
        var now = options.Now ?? DateTimeOffset.UtcNow;
        var runId = options.RunId ?? PipelineRunner.NewRunId(now);
        try
        {
            using var database = RunDatabase.Open(StateLayout.StateDirectory(pipeline, options));
            var quarantine = database.State(StateLayout.Quarantine, source.Name);
            var clean = database.State(StateLayout.Sources, source.Name);
            if (!database.TableExists(database.StateCatalog, StateLayout.Quarantine, source.Name) || !database.TableExists(database.StateCatalog, StateLayout.Sources, source.Name))
                return Task.FromResult(Failed(source.Name, RunError.At(source.Origin, RuntimeCodes.EmbeddedTableMissing,
                    $"source {source.Name} has not been published yet", "run the batch first")));

            var raw = BuildRaw(database, source, quarantine);
            var typed = database.Scratch(source.Name + "_typed");
            database.Execute(SourceConversion.CreateTypedTableSql(raw, source, typed));
            var newQuarantine = database.Stage(StateLayout.Quarantine, source.Name);
            database.Execute(QuarantineTable.CreateSql(newQuarantine));
            var run = new RunContext { Database = database, Pipeline = pipeline, Options = options, RunId = runId, Now = now };
            var cleaner = new SourceCleaner(new CleaningContext
            {
                Connection = database.Connection, Source = source, RunId = runId, Now = run.NowSql,
                ScratchTable = database.Scratch, Quarantine = newQuarantine,
                RelationTable = name => run.RelationTable(name),
            });
            var recovered = database.Scratch(source.Name + "_recovered");
            var report = cleaner.Clean(typed, recovered, keepPosition: true, skipWholeInputRules: true);
            RejectPublishedKeys(database, source, recovered, raw.Table, clean, newQuarantine, runId);

            var positions = SqlText.Identifier(RawInput.Position);
            var columns = SqlText.Join(source.Schema.Columns.Select(c => SqlText.Identifier(c.Name)));
            database.Execute("BEGIN TRANSACTION");
            try
            {
                database.Execute($"INSERT INTO {clean} ({columns}) SELECT {columns} FROM {recovered} ORDER BY {positions}");
                database.Execute($"DELETE FROM {quarantine} WHERE position IN (SELECT {positions} FROM {raw.Table} WHERE {SqlText.Identifier(Unreadable)} = FALSE)");
                database.Execute($"INSERT INTO {quarantine} SELECT * FROM {newQuarantine} WHERE position IN (SELECT {positions} FROM {raw.Table} WHERE {SqlText.Identifier(Unreadable)} = FALSE)");
                database.Execute("COMMIT");
            }
            catch
            {
                database.Execute("ROLLBACK");
                throw;
            }
            var replayed = Long(database, $"SELECT count(*) FROM {raw.Table}");
            var recoveredCount = Long(database, $"SELECT count(*) FROM {recovered}");
            var still = Long(database, $"SELECT count(*) FROM {newQuarantine}");
            return Task.FromResult(new ReplayReport(source.Name, replayed, recoveredCount, report.Dropped, still,
                report.Rules, [.. cleaner.Warnings], null));
        }
        catch (PulseRunException e)
        {
            return Task.FromResult(Failed(source.Name, e.Error));
        }
        catch (DuckDBException e)
        {
            return Task.FromResult(Failed(source.Name, RunError.At(source.Origin, RuntimeCodes.QueryFailed, $"replay failed: {RunDatabase.FirstLine(e.Message)}")));
        }
    }

    /// <summary>The quarantined rows as a raw table of the source's family; rows the reader never parsed keep their old reason as a reader error.</summary>
    private static RawInput BuildRaw(RunDatabase database, SourceIr source, string quarantine)
    {
        var table = database.Scratch(source.Name + "_replay");
        var row = "q.\"row\"";
        var unreadable = $"(json_type({row}) <> 'OBJECT' OR json_keys({row}) IN (['_line'], ['_text']))";
        var textFamily = source.Format is SourceFormat.Csv or SourceFormat.Postgres;
        var columnOf = new Dictionary<string, string>();
        var data = new List<string>();
        if (textFamily)
        {
            for (var i = 0; i < source.InputFields.Length; i++)
            {
                var column = "c" + i.ToString(CultureInfo.InvariantCulture);
                columnOf[source.InputFields[i].Name] = column;
                data.Add($"({row} ->> {SqlText.JsonKeyPath(source.InputFields[i].ReadFrom)}) AS {SqlText.Identifier(column)}");
            }
        }
        database.Execute(
            $"CREATE TABLE {table} AS SELECT q.position AS {SqlText.Identifier(RawInput.Position)}, {row} AS {SqlText.Identifier(RawInput.Row)}, " +
            $"CASE WHEN {unreadable} THEN q.reason END AS {SqlText.Identifier(RawInput.Error)}, {unreadable} AS {SqlText.Identifier(Unreadable)}" +
            string.Concat(data.Select(d => ", " + d)) + $" FROM {quarantine} AS q ORDER BY q.position");
        return new RawInput(table, textFamily ? RawFamily.Text : RawFamily.Json, columnOf);
    }

    /// <summary>A recovered row whose unique/dedupe key is already published would break the rule across runs: it stays quarantined.</summary>
    private static void RejectPublishedKeys(RunDatabase database, SourceIr source, string recovered, string raw, string clean, string quarantine, string runId)
    {
        var keySets = source.Steps.Select(s => s switch
        {
            DedupeStep dedupe => (Rule: "dedupe by " + string.Join(", ", dedupe.Keys), Keys: dedupe.Keys),
            ExpectStep { Expectation: { Rule: UniqueRule unique } expectation } => (Rule: expectation.Name, Keys: unique.Columns),
            _ => (Rule: "", Keys: ImmutableArray<string>.Empty),
        }).Where(k => k.Keys.Length > 0 && k.Keys.All(key => source.Schema.Find(key) is not null));
        var pos = SqlText.Identifier(RawInput.Position);
        foreach (var (rule, keys) in keySets)
        {
            var match = string.Join(" AND ", keys.Select(k => $"p.{SqlText.Identifier(k)} = r.{SqlText.Identifier(k)}"));
            var collides = $"EXISTS (SELECT 1 FROM {clean} AS p WHERE {match})";
            database.Execute(QuarantineTable.InsertSql(quarantine,
                $"SELECT r.{pos}, {SqlText.String(rule)}, {SqlText.String($"replayed row duplicates a published row on ({string.Join(", ", keys)})")}, " +
                $"o.{SqlText.Identifier(RawInput.Row)} FROM {recovered} AS r JOIN {raw} AS o ON o.{pos} = r.{pos} WHERE {collides}", runId));
            database.Execute($"DELETE FROM {recovered} AS r WHERE {collides}");
        }
    }

    private static long Long(RunDatabase database, string sql) => long.Parse(database.Scalar(sql) ?? "0", CultureInfo.InvariantCulture);

    private static ReplayReport Failed(string source, RunError error) => new(source, 0, 0, 0, 0, [], [], error);
}
