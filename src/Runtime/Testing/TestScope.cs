using Pulse.Compiler.Ir;
using Pulse.Runtime.Batch;

namespace Pulse.Runtime.Testing;

/// <summary>
/// The part of a pipeline a test's batch run needs: the expected views and everything they read
/// (views, sources, and the relations a source's <c>references</c> rule checks against), transitively.
/// Other sources and views are left out, so a source the test does not give rows for and does not need
/// cannot fail the test on its own expectations (e.g. a minimum row count on the real input). Sinks are
/// dropped: a test writes none.
/// </summary>
internal static class TestScope
{
    public static PipelineIr Narrow(PipelineIr pipeline, IEnumerable<string> views)
    {
        var needed = new HashSet<string>();
        var pending = new Stack<string>(views);
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (!needed.Add(name)) continue;
            foreach (var dependency in DependenciesOf(pipeline, name)) pending.Push(dependency);
        }
        return pipeline with
        {
            Sources = [.. pipeline.Sources.Where(s => needed.Contains(s.Name))],
            Views = [.. pipeline.Views.Where(v => needed.Contains(v.Name))],
            Sinks = [],
        };
    }

    private static IEnumerable<string> DependenciesOf(PipelineIr pipeline, string name)
    {
        if (pipeline.FindSource(name) is { } source)
            return source.Steps.OfType<ExpectStep>().Select(e => e.Expectation.Rule).OfType<ReferenceRule>().Select(r => r.TargetRelation);
        if (pipeline.FindView(name) is { } view)
            return BatchPlan.Scans(view.Root).Select(n => n switch
            {
                ScanNode scan => scan.Source,
                ViewScanNode viewScan => viewScan.View,
                _ => "",
            }).Where(n => n.Length > 0);
        return [];
    }
}
