using System.Collections.Immutable;
using Pulse.Compiler.Ir;

namespace Pulse.Targets.Common.Expectations;

/// <summary>
/// Which expectations of a source hold for every row the source emits after cleaning, with the
/// predicate restated over the source's final column names.
/// </summary>
public static class SourceGuarantees
{
    public static IEnumerable<(ExpectationIr Expectation, Expr? Predicate, string? Reason)> Of(SourceIr source)
    {
        for (var i = 0; i < source.Steps.Length; i++)
        {
            if (source.Steps[i] is not ExpectStep { Expectation: var expectation }) continue;
            if (expectation.Rule is not RowRule row)
            {
                yield return (expectation, null, "a set rule over all rows; the pipeline checks it, not a per-row constraint");
                continue;
            }
            if (!RemovesViolations(expectation, out var why))
            {
                yield return (expectation, null, why);
                continue;
            }
            var predicate = SurviveLaterSteps(row.Predicate, source.Steps.AsSpan()[(i + 1)..], out var changed);
            yield return predicate is null
                ? (expectation, null, $"column {changed} is changed by a later cleaning step")
                : (expectation, predicate, null);
        }
    }

    /// <summary>
    /// Only <c>drop</c> and <c>quarantine</c> always keep violating rows out; <c>fail</c> does too when
    /// no threshold lets a few violations through. <c>warn</c> keeps them.
    /// </summary>
    private static bool RemovesViolations(ExpectationIr expectation, out string reason)
    {
        reason = "";
        switch (expectation.Action)
        {
            case ViolationAction.Drop or ViolationAction.Quarantine:
                return true;
            case ViolationAction.Fail when expectation.FailAbove is null or 0:
                return true;
            case ViolationAction.Fail:
                reason = "fails only above a threshold, so some violating rows may pass";
                return false;
            default:
                reason = "action warn keeps violating rows";
                return false;
        }
    }

    /// <summary>Follows renames; gives up when a later step changes a column the predicate reads.</summary>
    private static Expr? SurviveLaterSteps(Expr predicate, ReadOnlySpan<CleanStep> later, out string changed)
    {
        changed = "";
        var current = predicate;
        foreach (var step in later)
        {
            var columns = ExpectationTracer.ColumnsOf(current);
            string? touched = step switch
            {
                CastStep cast => columns.Contains(cast.Column) ? cast.Column : null,
                TextTransformStep text => text.Columns.FirstOrDefault(columns.Contains),
                FillStep fill => fill.Columns.FirstOrDefault(columns.Contains),
                DeriveStep derive => columns.Contains(derive.Column) ? derive.Column : null,
                RenameStep rename when columns.Contains(rename.To) => rename.To,
                _ => null,
            };
            if (touched is not null) { changed = touched; return null; }
            if (step is RenameStep r && columns.Contains(r.From))
                current = ExprRewriter.RenameColumns(current, new Dictionary<string, string> { [r.From] = r.To });
        }
        return current;
    }
}
