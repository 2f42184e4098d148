using Pulse.Compiler.Ir;

namespace Pulse.Targets.Tests.Fixtures;

/// <summary>The example pipelines the Spark and Airflow golden tests run over, by baseline folder name.</summary>
public static class SparkAirflowExamples
{
    public static readonly string[] Names = ["world-hunger"];

    public static PipelineIr Build(string name) => name switch
    {
        "world-hunger" => SparkAirflowWorldHunger.Build(),
        _ => throw new ArgumentException(name),
    };
}
