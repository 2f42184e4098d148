using System.Collections.Immutable;
using Pulse.Compiler.Binding;
using Pulse.Compiler.Ir;

namespace Pulse.Compiler.Lowering;

/// <summary>
/// Lowers a checked pipeline to the IR for one environment. Each part has its own pass (sources,
/// views, sinks, connections, schedule and deploys, tests, lineage); this puts them in dependency
/// order (sources a <c>references</c> expectation needs first; each view after the views it reads;
/// ties in spec order) and assembles the <see cref="PipelineIr"/>.
/// </summary>
internal static class PipelineLowerer
{
    public static PipelineIr Lower(BoundPipeline pipeline, string environment, string baseDirectory)
    {
        var sources = DependencyOrder.Sort(pipeline.Sources, s => s.References.Select(pipeline.FindSource).Where(b => b is not null).Select(b => b!));
        var views = DependencyOrder.Sort(pipeline.Views, v => v.Reads.OfType<ViewSymbol>().Select(pipeline.FindView).Where(b => b is not null).Select(b => b!));
        var sinks = pipeline.Sinks;
        var info = pipeline.Pipeline;
        return new PipelineIr(
            info.Name,
            environment,
            baseDirectory,
            info.Owner,
            info.Description,
            ConnectionLowering.Lower(pipeline, environment),
            sources.Select(SourceLowering.Lower).ToImmutableArray(),
            views.Select(ViewLowering.Lower).ToImmutableArray(),
            sinks.Select(SinkLowering.Lower).ToImmutableArray(),
            OperationsLowering.LowerSchedule(pipeline.Schedule),
            OperationsLowering.LowerDeploys(pipeline.Deploys),
            pipeline.Tests.Select(TestLowering.Lower).ToImmutableArray(),
            LineageLowering.Lower(sources, views, sinks));
    }
}
