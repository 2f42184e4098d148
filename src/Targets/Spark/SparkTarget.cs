using Pulse.Compiler.Ir;
using Pulse.Targets.Common;

namespace Pulse.Targets.Spark;

/// <summary>The Spark .NET target: one job project per batch, speed and serving view under <c>spark/</c>.</summary>
public sealed class SparkTarget : ITarget
{
    public string Name => "spark";

    public IReadOnlyList<GeneratedFile> Emit(PipelineIr ir, TargetOptions options) =>
        SparkJobParser.Parse(ir).SelectMany(job => SparkJobEmitter.Emit(job)).ToList();
}
