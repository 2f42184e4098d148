using Pulse.Compiler.Ir;
using Pulse.Compiler.Semantics;
using Pulse.Language.Diagnostics;
using Pulse.Language.Text;

namespace Pulse.Targets.Tests.Fixtures;

/// <summary>The real example specs of <c>pipelines/</c>, compiled by the front end and lowered for an environment.</summary>
public static class SparkAirflowRealExamples
{
    /// <summary>Example file name → the environment its DAG and jobs are built for (a cloud one where the spec deploys).</summary>
    public static readonly (string Name, string Environment)[] All =
        [("world-hunger", "prod"), ("orders", "local"), ("clickstream", "staging"), ("product-search", "prod")];

    public static PipelineIr Lower(string name)
    {
        var environment = All.Single(e => e.Name == name).Environment;
        var relative = $"pipelines/{name}.pulse";
        var compilation = Compilation.Create(
            [new SourceText(relative, File.ReadAllText(Path.Combine(SparkAirflowBaselines.RepoRoot, relative)))],
            new FileSystemSpecLoader(SparkAirflowBaselines.RepoRoot));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return compilation.Lower(environment);
    }
}
