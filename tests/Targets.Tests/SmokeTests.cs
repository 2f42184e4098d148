using System.Reflection;
using Microsoft.CodeAnalysis.CSharp;

namespace Pulse.Targets.Tests;

public class SmokeTests
{
    [Fact]
    public void Targets_assembly_loads()
    {
        var assembly = Assembly.Load("Pulse.Targets");
        Assert.Equal("Pulse.Targets", assembly.GetName().Name);
    }

    [Fact]
    public void Roslyn_parses_generated_style_csharp()
    {
        var tree = CSharpSyntaxTree.ParseText("namespace Generated; public static class Pipeline { public static int Run() => 42; }");
        Assert.Empty(tree.GetDiagnostics());
    }
}
