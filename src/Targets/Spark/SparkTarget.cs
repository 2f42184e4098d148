using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Targets.SparkAirflow;

namespace Pulse.Targets.Spark;

/// <summary>The Spark .NET target: one job project per batch, speed and serving view under <c>spark/</c>.</summary>
public sealed class SparkTarget : ITarget
{
    public string Name => "spark";

    public ImmutableArray<GeneratedFile> Emit(PipelineIr pipeline, TargetOptions options) =>
        SparkJobParser.Parse(pipeline).SelectMany(job => SparkJobEmitter.Emit(job)).ToImmutableArray();
}
