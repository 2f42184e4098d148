using Pulse.Compiler.Ir;

namespace Pulse.Targets.Tests.Fixtures;

/// <summary>
/// The pipelines the Spark and Airflow golden tests run over, by baseline folder: the real specs of
/// <c>pipelines/</c> lowered by the front end (<c>pipelines/&lt;name&gt;</c>), and hand-built IR with hostile
/// names. The hand-built IR of the examples (<see cref="SparkAirflowWorldHunger"/>, ...) serves the behaviour
/// tests, which pin the targets independently of the front end; its output is not kept as golden files a
/// second time.
/// </summary>
public static class SparkAirflowExamples
{
    public static readonly string[] Names =
    [
        .. SparkAirflowRealExamples.All.Select(e => e.Key),
        "hostile-names",
    ];

    public static PipelineIr Build(string name) => name switch
    {
        _ when SparkAirflowRealExamples.Has(name) => SparkAirflowRealExamples.Lower(name),
        "hostile-names" => SparkAirflowHostile.Build(),
        _ => throw new ArgumentException(name),
    };
}
