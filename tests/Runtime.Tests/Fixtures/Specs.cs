using Pulse.Compiler.Ir;
using Pulse.Compiler.Semantics;

namespace Pulse.Runtime.Tests.Fixtures;

/// <summary>A spec written into a test's folder and compiled by the real front end (so origins are real file:line:col).</summary>
public static class Specs
{
    public static PipelineIr Compile(TempDir folder, string text, string file = "spec.pulse")
    {
        var compilation = Compilation.FromFile(folder.Write(file, text));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == Language.Diagnostics.DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return compilation.Lower("local");
    }
}
