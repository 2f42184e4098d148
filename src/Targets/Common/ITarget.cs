using Pulse.Compiler.Ir;

namespace Pulse.Targets.Common;

/// <summary>
/// A backend: a pure function from the IR to generated files. The same IR and options must give
/// byte-identical files, so the CLI can diff and cache outputs.
/// </summary>
public interface ITarget
{
    /// <summary>The name used on the command line and as the output folder (e.g. <c>postgres</c>).</summary>
    string Name { get; }

    IReadOnlyList<GeneratedFile> Emit(PipelineIr ir, TargetOptions options);
}
