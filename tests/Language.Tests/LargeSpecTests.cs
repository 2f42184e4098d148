using Pulse.Language.Syntax;

namespace Pulse.Language.Tests;

/// <summary>Size does not change correctness (timing is measured outside the test suite).</summary>
public class LargeSpecTests
{
    [Fact]
    public void Ten_thousand_line_spec_parses_cleanly_and_round_trips()
    {
        var text = LargeSpec.Generate(10_000);
        var tree = SyntaxTree.Parse(text, "generated.pulse");
        Assert.InRange(tree.Source.LineCount, 10_000, 10_100);
        Assert.True(tree.Diagnostics.IsEmpty, string.Join("\n", tree.Diagnostics.Take(5)));
        Assert.Equal(text, tree.Root.ToFullString());
        var views = tree.Root.Declarations.OfType<ViewDeclarationSyntax>().Count();
        Assert.Equal(views, tree.Root.Declarations.OfType<SourceDeclarationSyntax>().Count());
        Assert.True(views > 100);
    }
}
