using Pulse.Compiler.Ir;
using Pulse.Compiler.Semantics;
using Pulse.Language.Diagnostics;
using Pulse.Language.Text;

namespace Pulse.Targets.Tests.Fixtures;

/// <summary>Real specs compiled by the front end and lowered for an environment: the examples of <c>pipelines/</c> and the hostile-names spec.</summary>
public static class SparkAirflowRealExamples
{
    /// <summary>Baseline key → spec (relative to the repository) and the environment its jobs and DAG are built for (a cloud one where the spec deploys).</summary>
    public static readonly (string Key, string Spec, string Environment)[] All =
    [
        ("pipelines/world-hunger", "pipelines/world-hunger.pulse", "prod"),
        ("pipelines/orders", "pipelines/orders.pulse", "local"),
        ("pipelines/clickstream", "pipelines/clickstream.pulse", "staging"),
        ("pipelines/product-search", "pipelines/product-search.pulse", "prod"),
        ("specs/hostile-names", "tests/Targets.Tests/Spark/Specs/hostile-names.pulse", "local"),
        ("specs/incremental", "tests/Targets.Tests/Spark/Specs/incremental.pulse", "local"),
    ];

    public static bool Has(string key) => All.Any(e => e.Key == key);

    public static PipelineIr Lower(string key)
    {
        var (_, spec, environment) = All.Single(e => e.Key == key);
        var compilation = Compilation.Create(
            [new SourceText(spec, File.ReadAllText(Path.Combine(SparkAirflowBaselines.RepoRoot, spec)))],
            new FileSystemSpecLoader(SparkAirflowBaselines.RepoRoot));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return compilation.Lower(environment);
    }
}
