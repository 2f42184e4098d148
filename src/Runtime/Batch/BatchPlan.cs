using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;

namespace Pulse.Runtime.Batch;

/// <summary>One thing the batch run computes: a source (read and cleaned) or a batch/serving view.</summary>
public sealed record PlanStep(SourceIr? Source, ViewIr? View)
{
    public string Name => Source?.Name ?? View!.Name;
}

/// <summary>
/// The order of a batch run: every batch source, the Kafka sources batch views read (from their
/// replay file), and every batch and serving view, each after what it reads (scans and
/// <c>references</c>), ties in spec order. Speed views are the speed layer's; a serving view reads
/// their results as they are when the batch runs.
/// </summary>
public static class BatchPlan
{
    public static IReadOnlyList<PlanStep> For(PipelineIr pipeline)
    {
        var views = pipeline.Views.Where(v => v.Layer != ViewLayer.Speed).ToList();
        var streamsNeeded = new HashSet<string>();
        foreach (var view in views.Where(v => v.Layer == ViewLayer.Batch))
            foreach (var scan in Scans(view.Root).OfType<ScanNode>())
                streamsNeeded.Add(scan.Source);

        var steps = new List<PlanStep>();
        steps.AddRange(pipeline.Sources.Where(s => !s.IsStream || streamsNeeded.Contains(s.Name)).Select(s => new PlanStep(s, null)));
        steps.AddRange(views.Select(v => new PlanStep(null, v)));
        var names = steps.Select(s => s.Name).ToHashSet();

        var dependencies = steps.ToDictionary(s => s.Name, s => Dependencies(s, pipeline).Where(names.Contains).ToHashSet());
        var ordered = new List<PlanStep>();
        var done = new HashSet<string>();
        while (ordered.Count < steps.Count)
        {
            var next = steps.FirstOrDefault(s => !done.Contains(s.Name) && dependencies[s.Name].All(done.Contains));
            if (next is null)
            {
                var stuck = steps.Where(s => !done.Contains(s.Name)).ToList();
                throw new PulseRunException(RunError.At(stuck[0].Source?.Origin ?? stuck[0].View?.Origin, RuntimeCodes.DependencyCycle,
                    $"these sources and views depend on each other in a cycle: {string.Join(", ", stuck.Select(s => s.Name))}",
                    "a references rule cannot point at a view that reads the same source"));
            }
            ordered.Add(next);
            done.Add(next.Name);
        }
        return ordered;
    }

    private static IEnumerable<string> Dependencies(PlanStep step, PipelineIr pipeline)
    {
        if (step.Source is { } source)
            return source.Steps.OfType<ExpectStep>().Select(e => e.Expectation.Rule).OfType<ReferenceRule>().Select(r => r.TargetRelation);
        return Scans(step.View!.Root).Select(n => n switch
        {
            ScanNode scan => scan.Source,
            ViewScanNode viewScan => viewScan.View,
            _ => "",
        }).Where(n => pipeline.FindView(n)?.Layer != ViewLayer.Speed);
    }

    /// <summary>The leaves of a view body.</summary>
    public static IEnumerable<RelNode> Scans(RelNode node) =>
        node is ScanNode or ViewScanNode ? [node] : node.Inputs.SelectMany(Scans);
}
