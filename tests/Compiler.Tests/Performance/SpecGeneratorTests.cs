using Pulse.Compiler.Semantics;
using Pulse.Compiler.Testing;
using Pulse.Language.Text;

namespace Pulse.Compiler.Tests.Performance;

/// <summary>
/// The generator the benchmarks use: its specs are valid, sized as asked, deterministic, and the
/// checker's work on them grows linearly (compared by counts, not by timing — timings belong to
/// the benchmark, see the report).
/// </summary>
public class SpecGeneratorTests
{
    [Fact]
    public void A_generated_spec_checks_clean_and_lowers()
    {
        var text = SpecGenerator.Generate(2_000);
        var lines = text.Count(c => c == '\n');
        Assert.InRange(lines, 2_000, 2_300);
        var compilation = Compilation.Create([new SourceText("generated.pulse", text)]);
        var diagnostics = compilation.GetDiagnostics();
        Assert.True(diagnostics.IsEmpty, string.Join("\n", diagnostics.Take(5)));
        var ir = compilation.Lower("local");
        Assert.True(ir.Views.Length > 50);
        Assert.All(compilation.GetServingContracts(), c => Assert.True(c.Holds));
    }

    [Fact]
    public void Generation_is_deterministic_and_linear_in_size()
    {
        Assert.Equal(SpecGenerator.Generate(1_000), SpecGenerator.Generate(1_000));
        var small = Compilation.Create([new SourceText("a.pulse", SpecGenerator.Generate(1_000))]).Lower("local");
        var large = Compilation.Create([new SourceText("b.pulse", SpecGenerator.Generate(4_000))]).Lower("local");
        var ratio = (double)large.Views.Length / small.Views.Length;
        Assert.InRange(ratio, 3.5, 4.5);
    }

    [Fact]
    public void A_ten_thousand_line_spec_checks_clean()
    {
        var compilation = Compilation.Create([new SourceText("generated.pulse", SpecGenerator.Generate(10_000))]);
        Assert.Empty(compilation.GetDiagnostics());
        var edited = compilation.WithText("other.pulse", "");
        Assert.Same(compilation.SyntaxTrees[0], edited.SyntaxTrees[0]);
        Assert.Empty(edited.GetDiagnostics());
    }
}
