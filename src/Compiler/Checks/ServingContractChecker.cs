using Pulse.Compiler.Binding;
using Pulse.Compiler.Ir;

namespace Pulse.Compiler.Checks;

/// <summary>The requirement a serving view places on its speed view, derived from the schedule and the stream.</summary>
public sealed record ServingContract(string ServingView, string SpeedView, TimeSpan Retain, TimeSpan BatchInterval, TimeSpan Sla, TimeSpan Lateness)
{
    /// <summary>
    /// How long speed results must live: the batch layer may run only once per interval, a run may
    /// take up to the SLA to land, and events may arrive up to the lateness after the watermark;
    /// until then, only the speed layer has those rows.
    /// </summary>
    public TimeSpan Needed => BatchInterval + Sla + Lateness;

    public TimeSpan Shortfall => Needed - Retain;

    public bool Holds => Retain >= Needed;
}

/// <summary>
/// Proves the Lambda serving contract (docs/language.md, PULSE3005): every serving view's speed view
/// retains at least one batch interval (the longest gap the schedule's cron allows) plus the
/// schedule's SLA plus its stream's allowed lateness; otherwise reports by how much it falls short.
/// </summary>
internal static class ServingContractChecker
{
    public static IEnumerable<ServingContract> Contracts(BoundPipeline pipeline)
    {
        if (pipeline.Schedule?.Cron?.LongestInterval is not { } interval) yield break;
        var sla = pipeline.Schedule.Properties.Duration("sla") ?? TimeSpan.Zero;
        foreach (var view in pipeline.Views)
        {
            if (view.Root is not ServeMergeNode || view.Reads.Length < 2 || view.Reads[1] is not ViewSymbol speed) continue;
            if (pipeline.FindView(speed)?.Streaming is not { } streaming) continue;
            yield return new ServingContract(view.Symbol.Name, speed.Name, streaming.Retain, interval, sla, streaming.Lateness);
        }
    }

    public static void Check(BindingContext context, BoundPipeline pipeline)
    {
        foreach (var view in pipeline.Views)
        {
            if (view.Symbol.Layer == ViewLayer.Serving && pipeline.Schedule is null)
                context.Add(BindingContext.At(view.Symbol.Tree!, view.Symbol.Declaration!).ServingNeedsSchedule(view.Symbol.Name));
        }
        foreach (var contract in Contracts(pipeline))
        {
            if (contract.Holds) continue;
            var serving = pipeline.Views.First(v => v.Symbol.Name == contract.ServingView).Symbol;
            var speed = (ViewSymbol)context.Globals.FindRelation(contract.SpeedView)!;
            var streaming = pipeline.FindView(speed)!.Streaming!;
            var parts = new List<string> { $"batch every {DurationText.Format(contract.BatchInterval)}" };
            if (contract.Sla > TimeSpan.Zero) parts.Add($"sla {DurationText.Format(contract.Sla)}");
            if (contract.Lateness > TimeSpan.Zero) parts.Add($"lateness {DurationText.Format(contract.Lateness)}");
            var retain = DurationText.Format(contract.Retain) + (streaming.RetainIsDefault ? " (the default)" : "");
            var diagnostic = (streaming.RetainSyntax is { } token
                    ? BindingContext.At(speed.Tree!, token)
                    : BindingContext.At(serving.Tree!, serving.Syntax.Steps.OfType<Language.Syntax.SpeedStepSyntax>().First().View))
                .ServingContractShort(speed.Name, retain, DurationText.Format(contract.Needed), string.Join(" + ", parts), DurationText.Format(contract.Shortfall));
            context.Add(diagnostic);
        }
    }
}
