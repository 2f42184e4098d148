using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Semantics;
using Pulse.Language.Diagnostics;
using Pulse.Language.Text;
using Pulse.Targets.Common;
using Pulse.Targets.Consumers;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Consumers;

/// <summary>
/// The specs with speed views, compiled by the front end and lowered, and their consumer projects: the real examples
/// (pipelines/), this target's test spec (Consumers/Specs/clicks-search.pulse: a speed view with an elasticsearch sink)
/// its hostile-names spec (Consumers/Specs/hostile-consumer.pulse: quotes, spaces, reserved words and unicode in every name)
/// and its chains (Consumers/Specs/clicks-rollup.pulse: speed views over speed views, run in the service of the view they start from).
/// </summary>
public static class ConsumerExamples
{
    /// <summary>Example → environment: world-hunger for prod (host/user/secret settings), clickstream for staging, clicks-search for test.</summary>
    public static readonly (string Name, string Environment)[] All =
        [("world-hunger", "prod"), ("clickstream", "staging"), ("clicks-search", "test"), ("hostile-consumer", "local"), ("clicks-rollup", "test")];

    /// <summary>Specs of the test project; the others are pipelines/.</summary>
    private static readonly Dictionary<string, string> TestSpecs = new()
    {
        ["clicks-search"] = "tests/Targets.Tests/Consumers/Specs/clicks-search.pulse",
        ["hostile-consumer"] = "tests/Targets.Tests/Consumers/Specs/hostile-consumer.pulse",
        ["clicks-rollup"] = "tests/Targets.Tests/Consumers/Specs/clicks-rollup.pulse",
    };

    public static TheoryData<string> Names => new(All.Select(a => a.Name));

    public static PipelineIr Lower(string name, string? environment = null)
    {
        environment ??= All.Single(e => e.Name == name).Environment;
        var relative = TestSpecs.GetValueOrDefault(name) ?? $"pipelines/{name}.pulse";
        var compilation = Compilation.Create(
            [new SourceText(relative, File.ReadAllText(Path.Combine(RepoPaths.Root, relative)))],
            new FileSystemSpecLoader(RepoPaths.Root));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return compilation.Lower(environment);
    }

    public static IReadOnlyList<GeneratedFile> Emit(string name, string? environment = null) =>
        new ConsumersTarget().Emit(Lower(name, environment), TargetOptions.Default);

    /// <summary>
    /// The pipeline as the tests run it against the in-process Kafka mock cluster, which speaks plaintext only:
    /// kafka connections keep their brokers and lose their SASL settings (clickstream's bus has a SASL password).
    /// Program.cs does not depend on connection settings, so the project built from this IR is the one the golden files show.
    /// </summary>
    public static PipelineIr ForMockCluster(PipelineIr ir) => ir with
    {
        Connections = [.. ir.Connections.Select(c => c.Kind == ConnectionKind.Kafka
            ? c with { Settings = c.Settings.Where(s => !s.Key.StartsWith("sasl_", StringComparison.Ordinal) && s.Key != "security_protocol").ToImmutableSortedDictionary() }
            : c)],
    };

    /// <summary>Writes the files under <paramref name="root"/> (paths as emitted, e.g. consumers/visits/Program.cs).</summary>
    public static void WriteTo(string root, IEnumerable<GeneratedFile> files)
    {
        foreach (var file in files)
        {
            var path = Path.Combine(root, file.RelativePath.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Content);
        }
    }
}
