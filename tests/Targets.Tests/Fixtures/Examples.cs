using Pulse.Compiler.Ir;

namespace Pulse.Targets.Tests.Fixtures;

/// <summary>The example pipelines, by the folder name their baselines live in.</summary>
public static class Examples
{
    public static readonly IReadOnlyDictionary<string, Func<PipelineIr>> All = new SortedDictionary<string, Func<PipelineIr>>(StringComparer.Ordinal)
    {
        ["world-hunger"] = () => WorldHungerIr.Build(),
        ["orders"] = () => OrdersIr.Build(),
        ["product-search"] = () => ProductSearchIr.Build(),
        ["clickstream"] = () => ClickstreamIr.Build(),
        ["hostile"] = HostileIr.Build,
    };

    public static TheoryData<string> Names => new(All.Keys);

    public static PipelineIr Get(string name) => All[name]();
}
