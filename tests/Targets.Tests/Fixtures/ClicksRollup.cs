using Pulse.Compiler.Ir;
using Pulse.Compiler.Semantics;
using Pulse.Language.Diagnostics;
using Pulse.Language.Text;

namespace Pulse.Targets.Tests.Fixtures;

/// <summary>
/// The speed-view chain spec (Consumers/Specs/clicks-rollup.pulse) that the consumers and Spark tests vary: per-minute
/// windows, a rollup of them, filters and renames of their bounds. A test appends its own declarations.
/// </summary>
public static class ClicksRollup
{
    public const string Spec = "tests/Targets.Tests/Consumers/Specs/clicks-rollup.pulse";

    public static Compilation Compile(string extra = "") =>
        Compilation.Create([new SourceText(Spec, File.ReadAllText(Path.Combine(RepoPaths.Root, Spec)) + extra)], new FileSystemSpecLoader(RepoPaths.Root));

    /// <summary>The spec with <paramref name="extra"/> appended, checked (no errors) and lowered for its test environment.</summary>
    public static PipelineIr Lower(string extra = "")
    {
        var compilation = Compile(extra);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return compilation.Lower("test");
    }
}
