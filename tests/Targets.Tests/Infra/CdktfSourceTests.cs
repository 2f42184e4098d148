using Pulse.Targets.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pulse.Compiler.Ir;
using Pulse.Targets.Infra;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Infra;

/// <summary>The generated CDKTF program parses with zero Roslyn diagnostics, whatever the spec's names.</summary>
public class CdktfSourceTests
{
    [Theory]
    [MemberData(nameof(TerraformJsonTests.Cases), MemberType = typeof(TerraformJsonTests))]
    public void Every_generated_cs_file_parses_without_diagnostics(string name)
    {
        var sources = new InfraTarget().Emit(TerraformJsonTests.Pipeline(name), TargetOptions.Default).Where(f => f.RelativePath.EndsWith(".cs", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(sources);
        foreach (var source in sources)
        {
            var tree = CSharpSyntaxTree.ParseText(source.Content, new CSharpParseOptions(LanguageVersion.Latest));
            var diagnostics = tree.GetDiagnostics().Select(d => d.ToString()).ToList();
            Assert.True(diagnostics.Count == 0, $"{source.RelativePath}:\n{string.Join("\n", diagnostics)}");
        }
    }

    [Fact]
    public void Hostile_names_arrive_as_string_literals()
    {
        var source = new InfraTarget().Emit(InfraFixtures.Hostile(Cloud.Azure), TargetOptions.Default).Single(f => f.RelativePath.EndsWith("Program.cs", StringComparison.Ordinal));
        var root = CSharpSyntaxTree.ParseText(source.Content).GetRoot();
        var literals = root.DescendantNodes().OfType<LiteralExpressionSyntax>()
            .Where(l => l.IsKind(SyntaxKind.StringLiteralExpression)).Select(l => l.Token.ValueText).ToList();
        // The evil database name arrives intact (template-escaped for Terraform), as one literal.
        Assert.Contains("ev\"il $${var.x} %%{if} \\ class", literals);
    }

    [Theory]
    [MemberData(nameof(TerraformJsonTests.Cases), MemberType = typeof(TerraformJsonTests))]
    public void Every_construct_id_and_local_is_unique(string name)
    {
        foreach (var source in new InfraTarget().Emit(TerraformJsonTests.Pipeline(name), TargetOptions.Default)
                     .Where(f => f.RelativePath.EndsWith("Program.cs", StringComparison.Ordinal)))
            AssertUniqueIdsAndLocals(source.Content);
    }

    private static void AssertUniqueIdsAndLocals(string code)
    {
        var root = CSharpSyntaxTree.ParseText(code).GetRoot();
        // Construct ids: the second argument of every `new X(this, "id", ...)`.
        var ids = root.DescendantNodes().OfType<ObjectCreationExpressionSyntax>()
            .Where(o => o.ArgumentList?.Arguments.Count >= 2 && o.ArgumentList.Arguments[0].Expression is ThisExpressionSyntax)
            .Select(o => ((LiteralExpressionSyntax)o.ArgumentList!.Arguments[1].Expression).Token.ValueText).ToList();
        Assert.NotEmpty(ids);
        var duplicates = ids.GroupBy(i => i, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "duplicate construct ids: " + string.Join(", ", duplicates));
        // No local variable is a keyword used bare, and each is declared once.
        var locals = root.DescendantNodes().OfType<VariableDeclaratorSyntax>().Select(v => v.Identifier.ValueText).ToList();
        Assert.Equal(locals.Count, locals.Distinct(StringComparer.Ordinal).Count());
    }
}
