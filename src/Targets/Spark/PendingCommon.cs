using System.Collections.Immutable;
using Pulse.Compiler.Ir;

namespace Pulse.Targets.SparkAirflow;

// Stand-ins with the shape of src/Targets/Common (being written on branch `pges`): the Spark and
// Airflow targets switch to the shared types when that branch lands. Kept in one file so the
// switch is one deletion.

/// <summary>One file a target writes, relative to the build folder (forward slashes).</summary>
public sealed record GeneratedFile(string RelativePath, string Content);

/// <summary>Options every target receives.</summary>
public sealed record TargetOptions;

/// <summary>A backend: a pure function of the IR.</summary>
public interface ITarget
{
    string Name { get; }
    ImmutableArray<GeneratedFile> Emit(PipelineIr pipeline, TargetOptions options);
}
