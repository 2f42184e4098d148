using Pulse.Compiler.Ir;

namespace Pulse.Targets.Tests.Fixtures;

/// <summary>
/// The pipelines the Spark and Airflow golden tests run over, by baseline folder: the real specs of
/// <c>pipelines/</c> lowered by the front end (<c>pipelines/&lt;name&gt;</c>), and hand-built IR for the
/// same examples and for hostile names (kept: they pin the targets independently of the front end).
/// </summary>
public static class SparkAirflowExamples
{
    public static readonly string[] Names =
    [
        .. SparkAirflowRealExamples.All.Select(e => e.Key),
        "world-hunger", "orders", "clickstream", "product-search", "hostile-names",
    ];

    public static PipelineIr Build(string name) => name switch
    {
        _ when SparkAirflowRealExamples.Has(name) => SparkAirflowRealExamples.Lower(name),
        "world-hunger" => SparkAirflowWorldHunger.Build(),
        "orders" => SparkAirflowShopOrders.Build(),
        "clickstream" => SparkAirflowClickstream.Build(),
        "product-search" => SparkAirflowProductSearch.Build(),
        "hostile-names" => SparkAirflowHostile.Build(),
        _ => throw new ArgumentException(name),
    };
}
