using System.Text;
using Pulse.Language.Syntax;
using Pulse.Language.Text;

namespace Pulse.Language.Tests;

/// <summary>
/// <see cref="SyntaxTree.Parse(SourceText, SyntaxTree?)"/> (reusing the declarations before an edit)
/// against a full parse of the same text, over chains of random edits of the examples: the same tree
/// (every node, token, position and trivia), the same diagnostics and suppressions, parents that point
/// into the new tree, and reuse that really happens.
/// </summary>
public class IncrementalParseTests
{
    private static readonly string KitchenSink = Path.Combine(TestPaths.RepoRoot, "tests", "Language.Tests", "Samples", "kitchen-sink.pulse");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in TestPaths.ExampleFiles()) data.Add(Path.GetFileName(file));
        data.Add("kitchen-sink.pulse");
        return data;
    }

    private static string Read(string name) =>
        File.ReadAllText(name == "kitchen-sink.pulse" ? KitchenSink : Path.Combine(TestPaths.Pipelines, name));

    /// <summary>Everything a consumer can observe: structure, every token with position and trivia, diagnostics, suppressions.</summary>
    private static string Observable(SyntaxTree tree)
    {
        var builder = new StringBuilder(TreeDump.Syntax(tree));
        foreach (var token in tree.Root.DescendantTokens())
        {
            builder.Append(token.Kind).Append('@').Append(token.Position).Append(token.IsMissing ? "!" : "").Append(' ').Append(token.Text).Append(" |");
            foreach (var trivia in token.LeadingTrivia.Concat(token.TrailingTrivia))
                builder.Append(trivia.Kind).Append(trivia.Span.Start).Append(':').Append(trivia.Text.Replace("\n", "\\n", StringComparison.Ordinal)).Append('|');
            builder.Append('\n');
        }
        foreach (var d in tree.Diagnostics)
            builder.Append(d.Source.Path).Append(' ').Append(d.Code).Append(' ').Append(d.Severity).Append(' ').Append(d.Span.Start).Append('+').Append(d.Span.Length)
                .Append(' ').Append(d.Message).Append(" / ").Append(d.Hint).Append('\n');
        foreach (var (line, codes) in tree.Suppressions.OrderBy(p => p.Key)) builder.Append("suppress ").Append(line).Append(' ').Append(string.Join(',', codes)).Append('\n');
        return builder.ToString();
    }

    private static void AssertSameAsFullParse(SyntaxTree incremental, SourceText source, string label)
    {
        var full = SyntaxTree.Parse(source);
        var expected = Observable(full);
        var actual = Observable(incremental);
        if (expected != actual)
        {
            var at = 0;
            while (at < Math.Min(expected.Length, actual.Length) && expected[at] == actual[at]) at++;
            var from = Math.Max(0, at - 200);
            Assert.Fail($"{label}: incremental parse differs from a full parse near\n--- full:\n{expected[from..Math.Min(expected.Length, at + 200)]}\n--- incremental:\n{actual[from..Math.Min(actual.Length, at + 200)]}");
        }
        Assert.All(incremental.Diagnostics, d => Assert.Same(source, d.Source));
        AssertParentsPointIntoTree(incremental, label);
        // The lexer's tokens the tree keeps are exactly the tree's present tokens, object for object.
        Assert.True(Enumerable.SequenceEqual<SyntaxToken>(incremental.LexedTokens, incremental.Tokens.Where(t => !t.IsMissing), ReferenceEqualityComparer.Instance), $"{label}: LexedTokens differ from the tree's tokens");
    }

    private static void AssertParentsPointIntoTree(SyntaxTree tree, string label)
    {
        var stack = new Stack<SyntaxNode>([tree.Root]);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            foreach (var child in node.Children)
            {
                if (!ReferenceEquals(child.Parent, node)) Assert.Fail($"{label}: a {child.GetType().Name} at {child.Span} has a parent outside the new tree");
                if (child is SyntaxNode childNode) stack.Push(childNode);
            }
        }
    }

    /// <summary>One random edit of the kinds typing makes: a character or word typed, a range deleted, a brace or quote added, a line pasted.</summary>
    private static (int Start, int Length, string Text) RandomEdit(Random random, string text)
    {
        var at = random.Next(text.Length + 1);
        string[] typed = ["x", " ", "\n", "{", "}", "(", ")", "\"", "`", ".", ",", ":", "=", "/", "*", "//", "/*", "*/", "where ", "source s: csv {", "and ", "1", "2h", "99%", "\r\n"];
        return random.Next(4) switch
        {
            0 => (at, Math.Min(random.Next(1, 40), text.Length - at), ""),
            1 => (at, Math.Min(random.Next(0, 6), text.Length - at), typed[random.Next(typed.Length)]),
            _ => (at, 0, typed[random.Next(typed.Length)]),
        };
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Chains_of_random_edits_parse_as_a_full_parse_does(string name)
    {
        var random = new Random(name.Length * 7919);
        var text = Read(name);
        var tree = SyntaxTree.Parse(new SourceText(name, text));
        for (var step = 0; step < 150; step++)
        {
            // Mostly small edits that build on each other; now and then back to the original text.
            var (start, length, inserted) = RandomEdit(random, text);
            text = step % 40 == 39 ? Read(name) : text[..start] + inserted + text[(start + length)..];
            var source = new SourceText(name, text);
            tree = SyntaxTree.Parse(source, tree);
            AssertSameAsFullParse(tree, source, $"{name} after edit {step} at {start} (-{length} +\"{inserted}\")");
        }
    }

    [Fact]
    public void Typing_at_the_end_reuses_every_declaration_before_it()
    {
        var text = Read("world-hunger.pulse");
        var before = SyntaxTree.Parse(new SourceText("w.pulse", text));
        var source = new SourceText("w.pulse", text + "\nsource extra: csv {\n  path = \"x.csv\"\n");
        var after = SyntaxTree.Parse(source, before);

        AssertSameAsFullParse(after, source, "appended declaration");
        var old = before.Root.Declarations.Elements;
        var now = after.Root.Declarations.Elements;
        Assert.True(old.Length > 5);
        // All but the last few (whose end the parser may have looked past) are the same objects.
        for (var i = 0; i < old.Length - 2; i++) Assert.Same(old[i], now[i]);
        Assert.Contains(after.Diagnostics, d => d.Code == "PULSE0102"); // the unclosed block, found in the new part
    }

    [Fact]
    public void An_edit_in_the_first_declaration_reuses_nothing_and_an_unchanged_text_reuses_everything_but_the_end()
    {
        var text = Read("orders.pulse");
        var before = SyntaxTree.Parse(new SourceText("o.pulse", text));
        var firstEdited = SyntaxTree.Parse(new SourceText("o.pulse", "x" + text), before);
        Assert.NotSame(before.Root.Declarations.Elements[0], firstEdited.Root.Declarations.Elements[0]);

        var same = SyntaxTree.Parse(new SourceText("o.pulse", text), before);
        Assert.Same(before.Root.Declarations.Elements[0], same.Root.Declarations.Elements[0]);
    }

    [Fact]
    public void Syntax_errors_before_the_edit_keep_their_diagnostics_once_each()
    {
        // A broken declaration first (its diagnostics are reused), then an edit further down.
        var text = "source a: csv {\n  path = \n  schema { x: int }\n}\n\nbatch view v {\n  from a\n  where x >\n}\n\n" + Read("orders.pulse");
        var tree = SyntaxTree.Parse(new SourceText("e.pulse", text));
        var errors = tree.Diagnostics.Length;
        Assert.True(errors > 0);
        var edited = text + "\n// the end\n";
        var source = new SourceText("e.pulse", edited);
        var again = SyntaxTree.Parse(source, tree);
        AssertSameAsFullParse(again, source, "errors before the edit");
        Assert.Equal(errors, again.Diagnostics.Length);
    }
}
