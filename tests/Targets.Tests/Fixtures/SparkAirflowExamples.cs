using Pulse.Compiler.Ir;

namespace Pulse.Targets.Tests.Fixtures;

/// <summary>The example pipelines the Spark and Airflow golden tests run over, by baseline folder name.</summary>
public static class SparkAirflowExamples
{
    public static readonly string[] Names = ["world-hunger", "orders", "clickstream", "product-search", "hostile-names"];

    public static PipelineIr Build(string name) => name switch
    {
        "world-hunger" => SparkAirflowWorldHunger.Build(),
        "orders" => SparkAirflowShopOrders.Build(),
        "clickstream" => SparkAirflowClickstream.Build(),
        "product-search" => SparkAirflowProductSearch.Build(),
        "hostile-names" => SparkAirflowHostile.Build(),
        _ => throw new ArgumentException(name),
    };
}
