using Pulse.Compiler.Ir;
using Pulse.Compiler.Semantics;
using Pulse.Runtime.Tests.Fixtures;

namespace Pulse.Runtime.Tests.Testing;

/// <summary>
/// An example spec copied into a temp folder, optionally edited (a changed expected value) or extended
/// with extra <c>test</c> blocks, then compiled by the real front end.
/// </summary>
internal static class SpecWithTests
{
    public static PipelineIr Compile(TempDir folder, string example, Func<string, string>? edit = null, string extraTests = "")
    {
        var text = File.ReadAllText(Path.Combine(Repo.PipelinesDirectory, example));
        var edited = (edit?.Invoke(text) ?? text) + "\n" + extraTests;
        Assert.True(edit is null || edited != text + "\n" + extraTests, "the edit did not change the spec");
        var path = folder.Write(example, edited);
        var compilation = Compilation.FromFile(path);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == Language.Diagnostics.DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return compilation.Lower("local");
    }

    public static TestIr Test(PipelineIr pipeline, string name) => pipeline.Tests.Single(t => t.Name == name);
}
