using Pulse.Compiler.Ir;
using Pulse.Compiler.Semantics;
using Pulse.Runtime.Tests.Fixtures;

namespace Pulse.Runtime.Tests.StreamingFixtures;

/// <summary>The example specs in pipelines/, compiled by the real front end and lowered for an environment.</summary>
public static class Examples
{
    public static PipelineIr Lower(string file, string environment = "local")
    {
        var compilation = Compilation.FromFile(Path.Combine(Repo.PipelinesDirectory, file));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == Pulse.Language.Diagnostics.DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return compilation.Lower(environment);
    }
}
