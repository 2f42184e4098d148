using Pulse.Compiler.Ir;
using Pulse.Compiler.Semantics;
using Pulse.Language.Diagnostics;
using Pulse.Language.Text;

namespace Pulse.Bench.Infrastructure;

/// <summary>Compiles a benchmark's spec through the real front end; a spec with errors stops the benchmark (it would measure nothing).</summary>
public static class Specs
{
    /// <summary>Lowers <paramref name="text"/> as if it were <c>&lt;folder&gt;/bench.pulse</c>, so relative paths resolve against <paramref name="folder"/>.</summary>
    public static PipelineIr Lower(string text, string folder, string environment = "local")
    {
        var compilation = Compilation.Create([new SourceText(Path.Combine(folder, "bench.pulse"), text)]);
        RequireNoErrors(compilation);
        return compilation.Lower(environment);
    }

    public static void RequireNoErrors(Compilation compilation)
    {
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
            throw new BenchFailedException($"the benchmark's generated spec has {errors.Count} error(s); the first ones:\n  " +
                                           string.Join("\n  ", errors.Take(5)));
    }
}
