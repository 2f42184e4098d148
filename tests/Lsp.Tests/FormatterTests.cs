using Pulse.Language.Syntax;
using Pulse.Lsp.Formatting;
using Pulse.Lsp.Tests.Infrastructure;

namespace Pulse.Lsp.Tests;

public class FormatterTests
{
    public static TheoryData<string> Examples => new(Repo.Examples.Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Examples))]
    public void The_examples_are_already_canonical(string example)
    {
        var text = File.ReadAllText(Repo.Example(example));

        var result = PulseFormatter.FormatFile(text, example);

        Assert.False(result.Refused, string.Join("\n", result.Errors));
        Assert.Equal(text, result.Text);
        Assert.True(PulseFormatter.IsFormatted(text));
    }

    [Fact]
    public void A_messy_file_formats_to_the_baseline_and_formatting_again_changes_nothing()
    {
        var input = File.ReadAllText(Baseline.PathOf("formatting/messy.input.pulse"));

        var formatted = PulseFormatter.Format(input);

        Baseline.Verify("formatting/messy.formatted.pulse", formatted);
        Assert.Equal(formatted, PulseFormatter.Format(formatted));
        Assert.False(PulseFormatter.IsFormatted(input));
    }

    [Fact]
    public void Every_comment_survives_formatting_in_order()
    {
        var input = File.ReadAllText(Baseline.PathOf("formatting/messy.input.pulse"));

        var formatted = PulseFormatter.Format(input);

        Assert.Equal(Comments(input), Comments(formatted));
        Assert.Contains("c: decimal(10, 2) from \"C\" // trailing", formatted);
        Assert.Contains("/// docs for s\nsource s: csv {", formatted);
    }

    [Fact]
    public void A_file_with_syntax_errors_is_returned_unchanged_with_the_errors()
    {
        const string broken = "source s: csv {\n  path = \n  schema { a: }\n";

        var result = PulseFormatter.FormatFile(broken, "broken.pulse");

        Assert.True(result.Refused);
        Assert.False(result.Changed);
        Assert.Equal(broken, result.Text);
        Assert.All(result.Errors, e => Assert.StartsWith("PULSE0", e.Code));
    }

    [Fact]
    public void Crlf_line_endings_are_kept_and_blank_lines_collapse_to_one()
    {
        const string input = "pipeline p {}\r\n\r\n\r\n\r\nenvironment local {\r\n\r\n  region = \"x\"\r\n\r\n}\r\n";

        var formatted = PulseFormatter.Format(input);

        Assert.Equal("pipeline p {}\r\n\r\nenvironment local {\r\n  region = \"x\"\r\n}\r\n", formatted);
    }

    [Fact]
    public void Empty_and_comment_only_files_are_stable()
    {
        Assert.Equal("", PulseFormatter.Format(""));
        Assert.Equal("// just a note\n", PulseFormatter.Format("// just a note"));
        Assert.Equal("/* a\n   b */\n", PulseFormatter.Format("  /* a\n   b */  \n\n"));
    }

    private static List<string> Comments(string text) =>
        SyntaxTree.Parse(text).Tokens.SelectMany(t => t.LeadingTrivia.Concat(t.TrailingTrivia))
            .Where(t => t.IsComment).Select(t => t.Text.TrimEnd()).ToList();
}
