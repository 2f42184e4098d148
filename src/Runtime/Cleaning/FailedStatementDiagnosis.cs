using DuckDB.NET.Data;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Sources;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Cleaning;

/// <summary>
/// Explains why the fused cleaning statement (<see cref="CleaningChain"/>) failed, as running the steps
/// one by one would have: a rule that fails the run stops it before any later step is evaluated.
/// The fused statement keeps the rows a warn/fail rule flagged, so a later expression (an overflow, a
/// cast) may fail on a row whose expectation should have stopped the run first. This runs only when the
/// statement failed, so the common case keeps its one pass:
/// <list type="number">
/// <item>the chain is cut after each expectation in spec order; each prefix is materialized (which
/// evaluates every column it produces) and its rules are judged; the first rule over its fail threshold
/// is the run's error, with its usual message;</item>
/// <item>a prefix that cannot be evaluated holds the step at fault: the prefixes ending at each step since
/// the last judged expectation find it, and the error names that step (file:line:col) and DuckDB's reason.</item>
/// </list>
/// Positions are needed inside the probe, so an input read in place is positioned first.
/// </summary>
internal sealed class FailedStatementDiagnosis(SourceCleaner cleaner, Func<TypedInput, int, CleaningChain> chainOf)
{
    private readonly CleaningSql sql = new(cleaner.Context.Connection);

    private SourceIr Source => cleaner.Context.Source;

    public PulseRunException Diagnose(TypedInput input, DuckDBException failure)
    {
        if (input.Order is { } order) input = order.Positioned();
        var steps = Source.Steps;
        var judged = 0;
        for (var end = 1; end <= steps.Length; end++)
        {
            if (steps[end - 1] is not ExpectStep) continue;
            var chain = chainOf(input, end);
            var table = Probe(chain, out var error);
            if (table is null) return AtFaultyStep(input, judged, end, error!);
            try
            {
                cleaner.ForgetJudgement();
                var counts = RuleCounts.Of(sql, table, chain.Rules, cleaner.Context.Now);
                var judge = new RuleJudge(cleaner, counts, position => cleaner.Example(input, position));
                foreach (var rule in chain.Rules) judge.Judge(rule);
            }
            catch (PulseRunException failed)
            {
                return failed;
            }
            finally
            {
                sql.Execute($"DROP TABLE IF EXISTS {table}");
            }
            judged = end;
        }
        cleaner.ForgetJudgement();
        return AtFaultyStep(input, judged, steps.Length, failure);
    }

    /// <summary>The first step after <paramref name="judged"/> (up to <paramref name="end"/>) whose prefix cannot be evaluated.</summary>
    private PulseRunException AtFaultyStep(TypedInput input, int judged, int end, DuckDBException error)
    {
        for (var last = judged; last <= end; last++)
        {
            var table = Probe(chainOf(input, last), out var failed);
            if (table is not null)
            {
                sql.Execute($"DROP TABLE IF EXISTS {table}");
                continue;
            }
            if (last == 0)
                return Error(Source.Origin, $"source {Source.Name} cannot be read and converted", failed!);
            var step = Source.Steps[last - 1];
            return Error(step.Origin, $"source {Source.Name}: clean step `{Describe(step)}` cannot be evaluated", failed!);
        }
        // Every prefix evaluates on its own: report what the fused statement said.
        return Error(Source.Origin, $"source {Source.Name} could not be cleaned", error);
    }

    /// <summary>Materializes the chain (every column evaluated); null when DuckDB cannot.</summary>
    private string? Probe(CleaningChain chain, out DuckDBException? error)
    {
        var table = SqlText.Qualified(ScratchTables.TempCatalog, "main", "__pulse_probe_" + Guid.NewGuid().ToString("N"));
        try
        {
            sql.Execute($"{ScratchTables.Create(table)} AS {chain.Sql()}");
            error = null;
            return table;
        }
        catch (DuckDBException e)
        {
            error = e;
            return null;
        }
    }

    private static PulseRunException Error(Origin origin, string what, DuckDBException e) =>
        new(RunError.At(origin, RuntimeCodes.QueryFailed, $"{what}: {e.Message.Split('\n')[0].Trim()}",
            "a value is out of range for its type or cannot be converted; guard the expression (case when ... then ... end), " +
            "or remove such rows with an expectation (else quarantine) before this step"), e);

    private static string Describe(CleanStep step) => step switch
    {
        DeriveStep derive => $"derive {ExprPrinter.Name(derive.Column)} = {ExprPrinter.Print(derive.Value)}",
        FillStep fill => $"fill {string.Join(", ", fill.Columns.Select(ExprPrinter.Name))} with {ExprPrinter.Print(fill.Value)}",
        CastStep cast => $"cast {ExprPrinter.Name(cast.Column)} as {cast.To.AsNonNullable()}",
        DropWhereStep drop => $"drop where {ExprPrinter.Print(drop.Predicate)}",
        ExpectStep expect => $"expect {ExprPrinter.Name(expect.Expectation.Name)}: {ExpectationCheck.Describe(expect.Expectation.Rule)}",
        DedupeStep dedupe => $"dedupe by {string.Join(", ", dedupe.Keys.Select(ExprPrinter.Name))}",
        RenameStep rename => $"rename {ExprPrinter.Name(rename.From)} -> {ExprPrinter.Name(rename.To)}",
        TextTransformStep text => $"{text.Transform.ToString().ToLowerInvariant()} {string.Join(", ", text.Columns.Select(ExprPrinter.Name))}",
        _ => step.GetType().Name,
    };
}
