using Pulse.Compiler.Ir;
using Pulse.Compiler.Semantics;

namespace Pulse.Runtime.Tests.Fixtures;

/// <summary>The example specs of pipelines/, compiled by the real front end and lowered for an environment.</summary>
public static class Examples
{
    public static PipelineIr Lower(string file, string environment = "local")
    {
        var compilation = Compilation.FromFile(Path.Combine(Repo.PipelinesDirectory, file));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == Language.Diagnostics.DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return compilation.Lower(environment);
    }
}
