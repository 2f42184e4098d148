namespace Pulse.Language.Tests;

/// <summary>
/// Token and tree dumps of every example, compared with Baselines/&lt;example&gt;/main.tokens and
/// main.syntax. Regenerate with <c>PULSE_UPDATE_BASELINES=1 dotnet test tests/Language.Tests</c>.
/// </summary>
public class BaselineTests
{
    [Theory]
    [MemberData(nameof(ExampleTests.Examples), MemberType = typeof(ExampleTests))]
    public void Tokens_match_baseline(string example)
    {
        var tree = ExampleTests.ParseExample(example);
        Baseline.AssertMatches(Path.Combine(example, "main.tokens"), TreeDump.Tokens(tree));
    }

    [Theory]
    [MemberData(nameof(ExampleTests.Examples), MemberType = typeof(ExampleTests))]
    public void Syntax_tree_matches_baseline(string example)
    {
        var tree = ExampleTests.ParseExample(example);
        Baseline.AssertMatches(Path.Combine(example, "main.syntax"), TreeDump.Syntax(tree));
    }
}
