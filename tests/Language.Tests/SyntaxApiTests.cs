using System.Reflection;
using Pulse.Language.Lexing;
using Pulse.Language.Syntax;
using Pulse.Language.Text;

namespace Pulse.Language.Tests;

/// <summary>The tree API the binder and the language server build on.</summary>
public class SyntaxApiTests
{
    private static readonly string KitchenSinkPath = Path.Combine(TestPaths.RepoRoot, "tests", "Language.Tests", "Samples", "kitchen-sink.pulse");

    internal static SyntaxTree KitchenSink() => SyntaxTree.Parse(new SourceText(KitchenSinkPath, File.ReadAllText(KitchenSinkPath)));

    private static IEnumerable<Type> ConcreteNodeTypes() =>
        typeof(SyntaxNode).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(SyntaxNode)) && !t.IsAbstract).OrderBy(t => t.Name, StringComparer.Ordinal);

    [Fact]
    public void Kitchen_sink_parses_cleanly_and_round_trips()
    {
        var tree = KitchenSink();
        Assert.True(tree.Diagnostics.IsEmpty, string.Join("\n", tree.Diagnostics));
        Assert.Equal(tree.Source.Text, tree.Root.ToFullString());
    }

    [Fact]
    public void Kitchen_sink_matches_baseline()
    {
        Baseline.AssertMatches(Path.Combine("kitchen-sink", "main.syntax"), TreeDump.Syntax(KitchenSink()));
    }

    [Fact]
    public void Kitchen_sink_uses_every_node_type()
    {
        var tree = KitchenSink();
        var seen = tree.Root.DescendantNodes().Append(tree.Root).Select(n => n.GetType()).ToHashSet();
        // Only error recovery produces these two.
        var recoveryOnly = new[] { typeof(SkippedSyntax), typeof(MissingExpressionSyntax) };
        var unseen = ConcreteNodeTypes().Where(t => !seen.Contains(t) && !recoveryOnly.Contains(t)).Select(t => t.Name).ToArray();
        Assert.True(unseen.Length == 0, "not produced by the kitchen sink: " + string.Join(", ", unseen));
    }

    [Fact]
    public void Visitor_has_a_method_for_every_node_and_dispatches_to_it()
    {
        foreach (var type in ConcreteNodeTypes())
        {
            var name = "Visit" + type.Name[..^"Syntax".Length];
            var method = typeof(SyntaxVisitor).GetMethod(name, [type]);
            Assert.True(method is not null, $"SyntaxVisitor.{name}({type.Name}) is missing");
            Assert.NotNull(typeof(SyntaxVisitor<int>).GetMethod(name, [type]));
        }
        var recorder = new RecordingVisitor();
        var tree = KitchenSink();
        foreach (var node in tree.Root.DescendantNodes()) node.Accept(recorder);
        Assert.All(recorder.Calls, call => Assert.Equal("Visit" + call.Node.GetType().Name[..^"Syntax".Length], call.Method));
        Assert.Equal(tree.Root.DescendantNodes().Count(), recorder.Calls.Count);
    }

    [Fact]
    public void Walker_visits_every_node_and_token_in_source_order()
    {
        var tree = KitchenSink();
        var walker = new CollectingWalker();
        walker.Visit(tree.Root);
        Assert.Equal(tree.Root.DescendantNodes().Prepend(tree.Root).ToArray(), walker.Nodes.ToArray());
        Assert.Equal(tree.Tokens.ToArray(), walker.Tokens.ToArray());
    }

    [Fact]
    public void Parents_are_set_and_children_are_ordered_and_contiguous()
    {
        foreach (var tree in AllTrees())
        {
            Assert.Null(tree.Root.Parent);
            foreach (var node in tree.Root.DescendantNodes().Prepend(tree.Root))
            {
                var position = node.FullSpan.Start;
                foreach (var child in node.Children)
                {
                    Assert.Same(node, child.Parent);
                    Assert.Equal(position, child.FullSpan.Start);
                    position = child.FullSpan.End;
                }
                Assert.Equal(node.FullSpan.End, position);
                Assert.True(node.Span.Start >= node.FullSpan.Start && node.Span.End <= node.FullSpan.End, $"{node.GetType().Name} span outside full span");
            }
        }
    }

    [Fact]
    public void Required_parts_are_never_null_even_after_errors()
    {
        var context = new NullabilityInfoContext();
        foreach (var tree in AllTrees())
        {
            foreach (var node in tree.Root.DescendantNodes())
            {
                foreach (var property in node.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    if (property.PropertyType.IsValueType || property.GetIndexParameters().Length > 0) continue;
                    if (property.Name is "Parent" or "DocComment" or "SourceColumn") continue;
                    if (context.Create(property).ReadState != NullabilityState.NotNull) continue;
                    Assert.True(property.GetValue(node) is not null, $"{node.GetType().Name}.{property.Name} is null in {tree.Source.Path}");
                }
            }
        }
    }

    [Fact]
    public void Find_token_returns_the_token_owning_a_position()
    {
        var tree = ExampleTests.ParseExample("world-hunger");
        var text = tree.Source.Text;
        var gapminder = text.IndexOf("source gapminder", StringComparison.Ordinal) + "source ".Length;

        Assert.Equal("gapminder", tree.FindToken(gapminder).Text);
        Assert.Equal("gapminder", tree.FindToken(gapminder + 4).Text);
        Assert.Equal(":", tree.FindToken(gapminder + "gapminder".Length).Text); // the position right after belongs to the next token
        Assert.Equal("pipeline", tree.FindToken(0).Text); // inside the header comment: leading trivia of `pipeline`
        Assert.Equal(TokenKind.EndOfFile, tree.FindToken(text.Length).Kind);
        Assert.Equal(TokenKind.EndOfFile, tree.FindToken(text.Length + 10).Kind);
        var trailingComment = SyntaxTree.Parse("pipeline p // note\nsink s: delta {}");
        Assert.Equal("p", trailingComment.FindToken("pipeline p // no".Length).Text);
    }

    [Fact]
    public void Find_node_returns_the_deepest_node()
    {
        var tree = ExampleTests.ParseExample("world-hunger");
        var text = tree.Source.Text;
        var gapminder = text.IndexOf("source gapminder", StringComparison.Ordinal) + "source ".Length;

        var inside = Assert.IsType<NameSyntax>(tree.FindNode(gapminder + 3));
        Assert.Equal("gapminder", inside.Text);
        Assert.IsType<SourceDeclarationSyntax>(inside.Parent);
        Assert.Same(inside, tree.FindNode(gapminder + "gapminder".Length)); // a cursor just after the name

        var member = text.IndexOf("c.n_life_expect is not null", StringComparison.Ordinal);
        Assert.Equal("c", Assert.IsType<NameSyntax>(tree.FindNode(member)).Text);
        var c = Assert.IsType<NameSyntax>(tree.FindNode(member + 1)); // `c|.`: the name to the left of the cursor
        var access = Assert.IsType<MemberAccessExpressionSyntax>(c.Parent!.Parent);
        Assert.Equal("n_life_expect", Assert.IsType<NameSyntax>(tree.FindNode(member + 2)).Text);
        Assert.Equal("c.n_life_expect", access.ToString());
        Assert.IsType<IsNullExpressionSyntax>(access.Parent);
        Assert.Contains(access.Ancestors(), a => a is ViewDeclarationSyntax { Name.Text: "life_gains" });

        Assert.Same(tree.Root, tree.FindNode(0)); // comment before the first declaration
        var arrow = SyntaxTree.Parse("source s: csv { clean { rename a -> b } }");
        Assert.IsType<RenameStepSyntax>(arrow.FindNode("source s: csv { clean { rename a -".Length)); // inside `->`
    }

    [Fact]
    public void Lists_keep_separators_and_skipped_parts()
    {
        var tree = SyntaxTree.Parse("batch view v { select a, b = 1, c }");
        var select = (SelectStepSyntax)((ViewDeclarationSyntax)tree.Root.Declarations[0]).Steps[0];
        Assert.Equal(3, select.Items.Count);
        Assert.Equal(2, select.Items.Separators.Count());
        Assert.Equal("b", select.Items[1].Alias!.Text);
        Assert.Null(select.Items[0].Alias);

        var recovered = SyntaxTree.Parse("batch view v { from a\n bogus\n where x }");
        var steps = ((ViewDeclarationSyntax)recovered.Root.Declarations[0]).Steps;
        Assert.Equal(2, steps.Count);
        Assert.Equal("bogus", Assert.Single(steps.Skipped).ToString());
        Assert.Equal(3, steps.Elements.Length);
    }

    [Fact]
    public void Suppression_comments_map_the_next_line_to_codes()
    {
        var tree = SyntaxTree.Parse("// pulse-disable-next-line PULSE5001, pulse5002\nsource x: csv {}\n  // pulse-disable-next-line PULSE3005\nsink y: delta {}\n// pulse-disable-next-line-ish PULSE1\n");
        Assert.Equal([1, 3], tree.Suppressions.Keys.Order().ToArray());
        Assert.Equal(["PULSE5001", "PULSE5002"], tree.Suppressions[1].ToArray());
        Assert.True(tree.IsSuppressed("PULSE5002", 1));
        Assert.False(tree.IsSuppressed("PULSE5002", 2));
        Assert.True(tree.IsSuppressed("PULSE3005", 3));
        Assert.Empty(tree.Diagnostics);
    }

    [Fact]
    public void Quoted_names_and_literals_expose_their_values()
    {
        var tree = KitchenSink();
        var source = tree.Root.Declarations.OfType<SourceDeclarationSyntax>().Single();
        Assert.Equal("raw events", source.Name.Text);
        Assert.Equal("end", source.Schema!.Fields[1].Name.Text);
        Assert.Equal("The identifier.", source.Schema.Fields[0].DocComment);
        Assert.Equal("ID", source.Schema.Fields[0].SourceColumn);
        var nulls = (ListExpressionSyntax)source.Properties.Single(p => p.Name.Text == "nulls").Value!;
        Assert.Equal(["", "n/a", "café \"quoted\""], nulls.Elements.Select(e => ((LiteralExpressionSyntax)e).Token.ValueText).ToArray());
        Assert.Equal("shared/connections.pulse", tree.Root.Imports.Single().PathText);
        Assert.Equal("Documented pipeline without a body.", tree.Root.Declarations.OfType<PipelineDeclarationSyntax>().Single().DocComment);
        var literals = tree.Root.DescendantNodes().OfType<LiteralExpressionSyntax>().Select(l => l.Kind).ToHashSet();
        Assert.Equal(Enum.GetValues<LiteralKind>().ToHashSet(), literals);
    }

    [Fact]
    public void Parsing_on_many_threads_gives_identical_trees()
    {
        var text = File.ReadAllText(TestPaths.ExamplePath("world-hunger"));
        var expected = TreeDump.Syntax(SyntaxTree.Parse(text));
        var results = new string[8];
        Parallel.For(0, results.Length, i => results[i] = TreeDump.Syntax(SyntaxTree.Parse(text)));
        Assert.All(results, r => Assert.Equal(expected, r));
    }

    private static IEnumerable<SyntaxTree> AllTrees()
    {
        yield return KitchenSink();
        foreach (var file in TestPaths.ExampleFiles()) yield return SyntaxTree.Parse(new SourceText(file, File.ReadAllText(file)));
        foreach (var row in InvalidInputTests.Cases()) yield return SyntaxTree.Parse((string)row[1], (string)row[0]);
    }

    /// <summary>Records which Visit method each node reached: the caller of DefaultVisit (the library's Visit methods only forward).</summary>
    private sealed class RecordingVisitor : SyntaxVisitor
    {
        public List<(string Method, SyntaxNode Node)> Calls { get; } = [];

        public override void DefaultVisit(SyntaxNode node) =>
            Calls.Add((new System.Diagnostics.StackFrame(1).GetMethod()!.Name, node));
    }

    private sealed class CollectingWalker() : SyntaxWalker(visitIntoTokens: true)
    {
        public List<SyntaxNode> Nodes { get; } = [];
        public List<SyntaxToken> Tokens { get; } = [];

        public override void DefaultVisit(SyntaxNode node)
        {
            Nodes.Add(node);
            base.DefaultVisit(node);
        }

        public override void VisitToken(SyntaxToken token) => Tokens.Add(token);
    }
}
