using Pulse.Language.Diagnostics;
using Pulse.Language.Syntax;

namespace Pulse.Language.Tests;

/// <summary>
/// Small invalid inputs with their exact diagnostics: code and 1-based line:column of the start.
/// Each row is one input; several rows contain more than one error reported in the same pass.
/// </summary>
public class InvalidInputTests
{
    public static TheoryData<string, string, string> Cases() => new()
    {
        // name, source, expected "CODE@line:col" list (ordered by position)
        { "misspelt declaration", "sourc orders: csv {}", "PULSE0101@1:1" },
        { "missing colon", "source orders csv {}", "PULSE0100@1:15" },
        { "unknown source format", "source orders: cvs {}", "PULSE0110@1:16" },
        { "unknown connection kind", "connection db: postgress {}", "PULSE0111@1:16" },
        { "unknown sink kind", "sink s: delta_lake {}", "PULSE0112@1:9" },
        { "unclosed block at end of file", "source s: csv {\n  path = \"a\"\n", "PULSE0102@2:13" },
        { "unclosed block before next declaration", "source s: csv {\n  path = \"a\"\n\nsink k: postgres { from = s }", "PULSE0102@2:13" },
        { "stray closing brace", "}", "PULSE0105@1:1" },
        { "unknown type", "source s: csv { schema { a: strng } }", "PULSE0108@1:29" },
        { "decimal without precision", "source s: csv { schema { a: decimal } }", "PULSE0109@1:29" },
        { "unknown view step", "batch view v { from a\n  filter x > 1\n  select a }", "PULSE0104@2:3" },
        { "unknown expectation action", "source s: csv { clean { trim a, b\n expect e: a > 0 else explode } }", "PULSE0113@2:23" },
        { "duplicate schema block", "source s: csv { schema {} schema {} }", "PULSE0114@1:27" },
        { "unknown window kind", "speed view v { window sliding 5m on ts }", "PULSE0115@1:23" },
        { "unknown late policy", "speed view v { late never }", "PULSE0116@1:21" },
        { "bad keep choice", "source s: csv { clean { dedupe by a keep last } }", "PULSE0117@1:42" },
        { "chained comparison", "batch view v { where 1 < 2 < 3 }", "PULSE0118@1:28" },
        { "two actions", "source s: csv { clean { expect e: a > 0 else drop else fail } }", "PULSE0119@1:51" },
        { "suppression without codes", "// pulse-disable-next-line nonsense\npipeline p", "PULSE0120@1:1" },
        { "reserved word as name", "source end: csv {}", "PULSE0121@1:8" },
        { "unterminated string", "pipeline p { a = \"abc\n}", "PULSE0002@1:18" },
        { "invalid escape", "pipeline p { a = \"\\q\" }", "PULSE0003@1:19" },
        { "unterminated block comment", "/* open", "PULSE0004@1:1" },
        { "unterminated quoted name", "pipeline p { a = `abc }", "PULSE0005@1:18 PULSE0102@1:24" },
        { "bad number", "schedule { retries = 1_ }", "PULSE0006@1:22" },
        { "bad duration unit", "schedule { sla = 10y }", "PULSE0007@1:18" },
        { "empty quoted name", "pipeline p { a = `` }", "PULSE0008@1:18" },
        { "integer too large", "schedule { retries = 99999999999999999999 }", "PULSE0009@1:22" },
        { "unexpected character is reported once", "pipeline p { a = # }", "PULSE0001@1:18" },
        { "missing expression", "batch view v { from a select }", "PULSE0106@1:30" },
        { "missing name", "batch view v { from }", "PULSE0107@1:21" },
        { "cell without colon", "test t { given s { { a: 1, b 2 } } }", "PULSE0100@1:30" },
        { "join without condition", "batch view v { join x }", "PULSE0100@1:23" },
        { "import without path points after the keyword", "import\npipeline p", "PULSE0100@1:7" },
        { "misspelt `view` is taken as the keyword", "batch vew v {}", "PULSE0100@1:7" },
        { "threshold without percent sign", "source s: csv { clean { expect e: x > 0 mostly 99 } }", "PULSE0100@1:48" },
        { "retain without unit", "speed view v { retain 36 }", "PULSE0100@1:23" },
        { "errors everywhere, one pass",
            "sourc a: csv {}\nsource b: csv {\n  schema { x: strng }\n  clean { trimm x }\n}\nsink c: postgres { from = }",
            "PULSE0101@1:1 PULSE0108@3:15 PULSE0104@4:11 PULSE0106@6:27" },
        { "lexical and syntax errors together", "x = \"abc", "PULSE0101@1:1 PULSE0002@1:5" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_exact_codes_and_positions(string name, string source, string expected)
    {
        var tree = SyntaxTree.Parse(source, name + ".pulse");
        var actual = string.Join(' ', tree.Diagnostics.Select(Format));
        Assert.True(expected == actual, $"{name}\nexpected: {expected}\nactual:   {actual}\n{string.Join("\n", tree.Diagnostics)}");
        Assert.Equal(source, tree.Root.ToFullString());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_diagnostic_has_a_message_and_a_span_inside_the_text(string name, string source, string expected)
    {
        _ = expected;
        var tree = SyntaxTree.Parse(source, name + ".pulse");
        Assert.NotEmpty(tree.Diagnostics);
        foreach (var diagnostic in tree.Diagnostics)
        {
            Assert.Matches(@"^PULSE0[01]\d\d$", diagnostic.Code);
            Assert.False(string.IsNullOrWhiteSpace(diagnostic.Message));
            Assert.InRange(diagnostic.Span.Start, 0, source.Length);
            Assert.InRange(diagnostic.Span.End, diagnostic.Span.Start, source.Length);
            Assert.StartsWith($"{name}.pulse(", diagnostic.ToString());
        }
    }

    [Fact]
    public void Suggestions_name_the_closest_word()
    {
        Assert.Equal("did you mean `source`?", Single("sourc orders: csv {}").Hint);
        Assert.Equal("did you mean `csv`?", Single("source orders: cvs {}").Hint);
        Assert.Equal("did you mean `postgres`?", Single("connection db: postgress {}").Hint);
        Assert.Equal("did you mean `string`?", Single("source s: csv { schema { a: strng } }").Hint);
        Assert.Equal("did you mean `trim`?", Single("source s: csv { clean { trimm a } }").Hint);
        Assert.Equal("did you mean `where`?", Single("batch view v { wher a > 1 }").Hint);
        Assert.Equal("did you mean `view`?", Single("batch vew v {}").Hint);
    }

    [Fact]
    public void Messages_say_what_was_expected_and_what_was_found()
    {
        Assert.Equal("expected `:`, found `csv`", Single("source orders csv {}").Message);
        Assert.Equal("expected an expression, found `}`", Single("batch view v { from a select }").Message);
        Assert.Equal("expected duration, found `36`", Single("speed view v { retain 36 }").Message);
        Assert.Equal("unexpected `filter` in batch view `v`, expected a view step (from, join, where, derive, select, group by, window, order by, limit, union, incremental, late, retain, batch, speed, key or time)",
            Single("batch view v { from a\n filter x }").Message);
        Assert.Equal("`{` of source `s` (line 1, column 15) is never closed", Single("source s: csv {\n  path = \"a\"\n").Message);
        Assert.Equal("unexpected `=` in source `s`, expected a property (`name = value`), `schema { … }` or `clean { … }`",
            Single("source s: csv { path = \"a\" = }").Message);
    }

    [Fact]
    public void Recovery_keeps_the_rest_of_the_block()
    {
        var tree = SyntaxTree.Parse("""
            source s: csv {
              path = "a"
              clean {
                trim a
                derive x = = 5
                frobnicate b c
                upper b
                expect ok: b is not null else drop
              }
              header = true
            }
            sink k: postgres { from = s }
            """);
        var source = tree.Root.Declarations.OfType<SourceDeclarationSyntax>().Single();
        Assert.Equal(["trim", "derive", "upper", "expect"], source.Clean!.Steps.Select(s => s.Keyword.Text).ToArray());
        Assert.Equal(2, source.Clean.Steps.Skipped.Count());
        Assert.Equal(["path", "header"], source.Properties.Select(p => p.Name.Text).ToArray());
        Assert.Single(tree.Root.Declarations.OfType<SinkDeclarationSyntax>());
        Assert.Equal(["PULSE0106@5:16", "PULSE0104@6:5"], tree.Diagnostics.Select(Format).ToArray());
    }

    [Fact]
    public void Recovery_at_top_level_skips_to_the_next_declaration()
    {
        var tree = SyntaxTree.Parse("garbage { with braces } more garbage\nsource s: csv {}\n) ) )\nsink k: postgres {}\n");
        Assert.Equal(["SkippedSyntax", "SourceDeclarationSyntax", "SkippedSyntax", "SinkDeclarationSyntax"],
            tree.Root.Declarations.Elements.Select(e => e.GetType().Name).ToArray());
        Assert.Equal(["PULSE0101@1:1", "PULSE0101@3:1"], tree.Diagnostics.Select(Format).ToArray());
    }

    [Fact]
    public void Missing_parts_are_missing_tokens_not_nulls()
    {
        var tree = SyntaxTree.Parse("source : {");
        var source = Assert.IsType<SourceDeclarationSyntax>(Assert.Single(tree.Root.Declarations));
        Assert.True(source.Name.IsMissing);
        Assert.False(source.Colon.IsMissing);
        Assert.True(source.Format.IsMissing);
        Assert.True(source.CloseBrace.IsMissing);
        Assert.Equal(0, source.CloseBrace.Span.Length);
        var view = Assert.IsType<ViewDeclarationSyntax>(Assert.Single(SyntaxTree.Parse("batch view v { where }").Root.Declarations));
        var where = Assert.IsType<WhereStepSyntax>(Assert.Single(view.Steps));
        Assert.IsType<MissingExpressionSyntax>(where.Condition);
        Assert.Equal(0, where.Condition.Span.Length);
    }

    [Fact]
    public void Ten_thousand_open_parentheses_report_nesting_once()
    {
        var source = "batch view v { where " + new string('(', 10_000) + "x" + new string(')', 10_000) + " }";
        var tree = SyntaxTree.Parse(source);
        var diagnostic = Assert.Single(tree.Diagnostics);
        Assert.Equal("PULSE0103", diagnostic.Code);
        Assert.Equal(source, tree.Root.ToFullString());
        Assert.Single(tree.Root.Declarations.OfType<ViewDeclarationSyntax>());
    }

    [Theory]
    [InlineData("batch view v { where ", "-", "x }")]
    [InlineData("batch view v { where x", " + x", " }")]
    [InlineData("batch view v { where ", "not ", "x }")]
    [InlineData("batch view v { select a", ".b", " }")]
    [InlineData("source s: csv { ", "a { ", "}")]
    [InlineData("source s: csv { schema { a: ", "list<", "int } }")]
    [InlineData("batch view v { where ", "[", "1 }")]
    [InlineData("source s: csv { schema { a: ", "record { a: ", "int } }")]
    public void Deep_or_long_constructs_are_refused_not_crashed(string prefix, string unit, string suffix)
    {
        var source = prefix + string.Concat(Enumerable.Repeat(unit, 10_000)) + suffix;
        var tree = SyntaxTree.Parse(source);
        Assert.Equal("PULSE0103", Assert.Single(tree.Diagnostics, d => d.Code == "PULSE0103").Code);
        Assert.Equal(source, tree.Root.ToFullString());
        Assert.True(Depth(tree.Root) < 1_000, "the tree stays shallow enough for recursive passes");
    }

    [Fact]
    public void Floods_of_errors_are_capped_per_file()
    {
        var source = "source s: csv { " + string.Join(",", Enumerable.Repeat("a", 5_000)) + " }\n" + new string('#', 5_000);
        var tree = SyntaxTree.Parse(source);
        var syntax = tree.Diagnostics.Where(d => d.Code != "PULSE0001" && d.Code != "PULSE0122").ToArray();
        Assert.Equal(1_000, syntax.Length);
        Assert.All(syntax, d => Assert.Equal("PULSE0104", d.Code));
        Assert.Equal(1_000, tree.Diagnostics.Count(d => d.Code == "PULSE0001"));
        Assert.Equal(2, tree.Diagnostics.Count(d => d.Code == "PULSE0122")); // one for the lexer, one for the parser
        Assert.Equal(source, tree.Root.ToFullString());
    }

    private static int Depth(SyntaxNode root)
    {
        var max = 0;
        var stack = new Stack<(SyntaxNode, int)>();
        stack.Push((root, 1));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            max = Math.Max(max, depth);
            foreach (var child in node.Children.OfType<SyntaxNode>()) stack.Push((child, depth + 1));
        }
        return max;
    }

    private static Diagnostic Single(string source) => Assert.Single(SyntaxTree.Parse(source).Diagnostics);

    private static string Format(Diagnostic diagnostic) =>
        $"{diagnostic.Code}@{diagnostic.Start.Line + 1}:{diagnostic.Start.Character + 1}";
}
