using Pulse.Compiler.Ir;
using Pulse.Compiler.Semantics;
using Pulse.Language.Diagnostics;
using Pulse.Language.Text;
using Pulse.Targets.Common;
using Pulse.Targets.Consumers;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Consumers;

/// <summary>The real example specs with speed views, compiled by the front end and lowered, and their consumer projects.</summary>
public static class ConsumerExamples
{
    /// <summary>Example → environment: world-hunger for prod (host/user/secret settings), clickstream for staging.</summary>
    public static readonly (string Name, string Environment)[] All = [("world-hunger", "prod"), ("clickstream", "staging")];

    public static TheoryData<string> Names => new(All.Select(a => a.Name));

    public static PipelineIr Lower(string name, string? environment = null)
    {
        environment ??= All.Single(e => e.Name == name).Environment;
        var relative = $"pipelines/{name}.pulse";
        var compilation = Compilation.Create(
            [new SourceText(relative, File.ReadAllText(Path.Combine(RepoPaths.Root, relative)))],
            new FileSystemSpecLoader(RepoPaths.Root));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return compilation.Lower(environment);
    }

    public static IReadOnlyList<GeneratedFile> Emit(string name, string? environment = null) =>
        new ConsumersTarget().Emit(Lower(name, environment), TargetOptions.Default);

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
