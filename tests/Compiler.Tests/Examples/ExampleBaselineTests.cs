using Pulse.Compiler.Ir;
using Pulse.Compiler.Tests.Infrastructure;
using Pulse.Language.Diagnostics;

namespace Pulse.Compiler.Tests.Examples;

/// <summary>
/// Every example checks clean and lowers; its diagnostics (Bicep style, empty when clean) and its
/// IR for the local environment are compared with the baselines under Baselines/&lt;example&gt;/.
/// </summary>
public class ExampleBaselineTests
{
    public static TheoryData<string> Examples => new(Repo.Examples);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_checks_clean(string example)
    {
        var diagnostics = Repo.CompileExample(example).GetDiagnostics();
        Assert.True(diagnostics.IsEmpty, string.Join("\n", diagnostics));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Diagnostics_match_baseline(string example)
    {
        var compilation = Repo.CompileExample(example);
        var main = compilation.SyntaxTrees[0].Source;
        Baseline.Match($"{example}/main.diagnostics", DiagnosticPrinter.Print(main, compilation.GetDiagnostics()));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Ir_matches_baseline(string example)
    {
        var compilation = Repo.CompileExample(example);
        Assert.DoesNotContain(compilation.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        Baseline.Match($"{example}/main.ir.json", IrJson.Serialize(compilation.Lower("local")));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Lowering_is_deterministic(string example)
    {
        var first = IrJson.Serialize(Repo.CompileExample(example).Lower("local"));
        var second = IrJson.Serialize(Repo.CompileExample(example).Lower("local"));
        Assert.Equal(first, second);
    }
}
