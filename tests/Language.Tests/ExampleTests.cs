using Pulse.Language.Syntax;
using Pulse.Language.Text;

namespace Pulse.Language.Tests;

/// <summary>The shipped examples: clean parses, exact round trips, spans and shapes the later stages rely on.</summary>
public class ExampleTests
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var file in TestPaths.ExampleFiles()) data.Add(Path.GetFileNameWithoutExtension(file));
        return data;
    }

    internal static SyntaxTree ParseExample(string example)
    {
        var path = TestPaths.ExamplePath(example);
        return SyntaxTree.Parse(new SourceText(path, File.ReadAllText(path)));
    }

    [Fact]
    public void All_four_examples_are_found()
    {
        Assert.Equal(["clickstream", "orders", "product-search", "world-hunger"], TestPaths.ExampleFiles().Select(p => Path.GetFileNameWithoutExtension(p)).ToArray());
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_parses_without_diagnostics(string example)
    {
        var tree = ParseExample(example);
        Assert.True(tree.Diagnostics.IsEmpty, string.Join("\n", tree.Diagnostics));
        Assert.DoesNotContain(tree.Tokens, token => token.IsMissing);
        Assert.Empty(tree.Root.DescendantNodes().OfType<SkippedSyntax>());
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_round_trips_exactly(string example)
    {
        var tree = ParseExample(example);
        Assert.Equal(tree.Source.Text, tree.Root.ToFullString());
        Assert.Equal(new TextSpan(0, tree.Source.Text.Length), tree.Root.FullSpan);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Tokens_tile_the_text_without_gaps(string example)
    {
        var tree = ParseExample(example);
        var expectedStart = 0;
        foreach (var token in tree.Tokens)
        {
            Assert.Equal(expectedStart, token.FullSpan.Start);
            foreach (var trivia in token.LeadingTrivia.Concat(token.TrailingTrivia))
            {
                Assert.Equal(tree.Source.Slice(trivia.Span), trivia.Text);
            }
            Assert.Equal(tree.Source.Slice(token.Span), token.Text);
            expectedStart = token.FullSpan.End;
        }
        Assert.Equal(tree.Source.Text.Length, expectedStart);
    }

    [Fact]
    public void Gapminder_source_name_has_the_exact_span()
    {
        var tree = ParseExample("world-hunger");
        var text = tree.Source.Text;
        var offset = text.IndexOf("source gapminder: json", StringComparison.Ordinal) + "source ".Length;
        var expected = tree.Source.GetPosition(offset);

        var source = tree.Root.Declarations.OfType<SourceDeclarationSyntax>().Single(s => s.Name.Text == "gapminder");

        Assert.Equal(new TextSpan(offset, "gapminder".Length), source.Name.Identifier.Span);
        Assert.Equal(expected, tree.Source.GetPosition(source.Name.Span.Start));
        Assert.Equal("json", source.Format.Text);
        Assert.Equal("/// Country indicators from Gapminder, 1955-2005 in 5-year steps.".Length, tree.Source.GetLineText(expected.Line - 1).Length);
    }

    [Fact]
    public void Doc_comments_attach_to_declarations_and_fields()
    {
        var tree = ParseExample("world-hunger");
        var declarations = tree.Root.Declarations;
        var gapminder = declarations.OfType<SourceDeclarationSyntax>().Single(s => s.Name.Text == "gapminder");
        Assert.Equal("Country indicators from Gapminder, 1955-2005 in 5-year steps.", gapminder.DocComment);

        var cluster = gapminder.Schema!.Fields.Single(f => f.Name.Text == "cluster");
        Assert.Equal("Gapminder's regional cluster (0-5).", cluster.DocComment);
        Assert.Null(gapminder.Schema.Fields.Single(f => f.Name.Text == "pop").DocComment);

        // The file's header comments are ordinary `//` comments: the pipeline has no documentation.
        Assert.Null(declarations.OfType<PipelineDeclarationSyntax>().Single().DocComment);
        Assert.Null(declarations.OfType<ScheduleDeclarationSyntax>().Single().DocComment);
        Assert.Equal("Everything embedded: DuckDB, the in-process Kafka mock cluster, local files.",
            declarations.OfType<EnvironmentDeclarationSyntax>().First().DocComment);
    }

    [Fact]
    public void World_hunger_has_every_declaration_kind()
    {
        var tree = ParseExample("world-hunger");
        var kinds = tree.Root.Declarations.GroupBy(d => d.GetType().Name).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(1, kinds["PipelineDeclarationSyntax"]);
        Assert.Equal(3, kinds["ConnectionDeclarationSyntax"]);
        Assert.Equal(3, kinds["EnvironmentDeclarationSyntax"]);
        Assert.Equal(4, kinds["SourceDeclarationSyntax"]);
        Assert.Equal(6, kinds["ViewDeclarationSyntax"]);
        Assert.Equal(4, kinds["SinkDeclarationSyntax"]);
        Assert.Equal(1, kinds["ScheduleDeclarationSyntax"]);
        Assert.Equal(1, kinds["DeployDeclarationSyntax"]);
        Assert.Equal(2, kinds["TestDeclarationSyntax"]);

        var views = tree.Root.Declarations.OfType<ViewDeclarationSyntax>().ToDictionary(v => v.Name.Text);
        Assert.Equal(ViewKind.Serving, views["food_prices_now"].Kind);
        Assert.Equal(ViewKind.Speed, views["live_food_prices"].Kind);
        Assert.Equal(
            ["BatchStepSyntax", "SpeedStepSyntax", "KeyStepSyntax", "TimeStepSyntax"],
            views["food_prices_now"].Steps.Select(s => s.GetType().Name).ToArray());
        Assert.Equal(["market", "commodity", "window_start"], ((KeyStepSyntax)views["food_prices_now"].Steps[2]).Columns.Select(c => c.Text).ToArray());

        var pg = tree.Root.Declarations.OfType<EnvironmentDeclarationSyntax>().Single(e => e.Name.Text == "pg");
        var nested = Assert.Single(pg.Connections);
        Assert.Equal("warehouse", nested.Name.Text);
        Assert.Equal("postgres", nested.Kind.Text);
    }

    [Fact]
    public void Expectations_keep_rule_action_and_thresholds_in_any_order()
    {
        var tree = ParseExample("world-hunger");
        var expectations = tree.Root.DescendantNodes().OfType<ExpectationSyntax>().ToDictionary(e => e.Name.Text);

        var knownCountry = expectations["known_country"];
        var references = Assert.IsType<ReferencesRuleSyntax>(knownCountry.Rule);
        Assert.Equal("gapminder", references.Relation.Text);
        Assert.Equal("country", references.Column.Text);
        Assert.Equal("warn", knownCountry.Action!.Action.Text);
        var mostly = Assert.Single(knownCountry.Thresholds);
        Assert.Equal("95%", mostly.Percent.Text);
        Assert.IsType<ThresholdSyntax>(knownCountry.Clauses.Items[0]); // written before `else warn`

        var plausible = expectations["plausible_year"];
        Assert.Equal("quarantine", plausible.Action!.Action.Text);
        var warnAbove = Assert.Single(plausible.Thresholds);
        Assert.Equal(["warn", "above", "1%"], new[] { warnAbove.Keyword.Text, warnAbove.AboveKeyword!.Text, warnAbove.Percent.Text });

        var unique = Assert.IsType<UniqueRuleSyntax>(expectations["one_row_per_country_year"].Rule);
        Assert.Equal(["country", "year"], unique.Columns.Select(c => c.Text).ToArray());
        var rowCount = Assert.IsType<RowCountRuleSyntax>(expectations["enough_rows"].Rule);
        Assert.Equal("500", rowCount.Low.ToString());
        Assert.Equal("5000", rowCount.High.ToString());
        var between = Assert.IsType<BetweenExpressionSyntax>(Assert.IsType<ConditionRuleSyntax>(expectations["known_year"].Rule).Condition);
        Assert.Equal("year", between.Operand.ToString());
        var inList = Assert.IsType<InExpressionSyntax>(Assert.IsType<ConditionRuleSyntax>(expectations["known_cluster"].Rule).Condition);
        Assert.Equal(6, inList.Values.Count);
    }

    [Fact]
    public void Modulo_and_percent_are_told_apart()
    {
        var tree = ParseExample("world-hunger");
        var decade = tree.Root.DescendantNodes().OfType<CleanDeriveStepSyntax>().Single(d => d.Name.Text == "decade");
        // year - year % 10: `%` binds tighter than `-`.
        var minus = Assert.IsType<BinaryExpressionSyntax>(decade.Expression);
        Assert.Equal(Lexing.TokenKind.Minus, minus.Operator);
        var modulo = Assert.IsType<BinaryExpressionSyntax>(minus.Right);
        Assert.Equal(Lexing.TokenKind.PercentSign, modulo.Operator);
        Assert.Equal("10", modulo.Right.ToString());
    }

    [Fact]
    public void Orders_example_shapes()
    {
        var tree = ParseExample("orders");
        var orders = tree.Root.Declarations.OfType<SourceDeclarationSyntax>().Single(s => s.Name.Text == "orders");
        var orderId = orders.Schema!.Fields[0];
        Assert.Equal("Order ID", orderId.SourceColumn);
        var amount = Assert.IsType<DecimalTypeSyntax>(orders.Schema.Fields.Single(f => f.Name.Text == "amount").Type);
        Assert.Equal(("12", "2"), (amount.Precision.Text, amount.Scale.Text));
        var steps = orders.Clean!.Steps;
        Assert.Equal(
            ["TextStepSyntax", "TextStepSyntax", "CastStepSyntax", "DedupeStepSyntax", "ExpectationSyntax", "ExpectationSyntax", "ExpectationSyntax"],
            steps.Select(s => s.GetType().Name).ToArray());
        var cast = (CastStepSyntax)steps[2];
        Assert.Equal("dd/MM/yyyy", cast.Format!.ValueText);
        var dedupe = (DedupeStepSyntax)steps[3];
        Assert.False(dedupe.Keep!.KeepsLatest);

        var customers = tree.Root.Declarations.OfType<SourceDeclarationSyntax>().Single(s => s.Name.Text == "customers");
        var address = Assert.IsType<NullableTypeSyntax>(customers.Schema!.Fields.Single(f => f.Name.Text == "address").Type);
        var record = Assert.IsType<RecordTypeSyntax>(address.ElementType);
        Assert.Equal(["city", "country"], record.Fields.Select(f => f.Name.Text).ToArray());
        Assert.Single(record.Fields.Separators);
        var tags = Assert.IsType<NullableTypeSyntax>(customers.Schema.Fields.Single(f => f.Name.Text == "tags").Type);
        Assert.Equal("string", Assert.IsType<NamedTypeSyntax>(Assert.IsType<ListTypeSyntax>(tags.ElementType).ElementType).Name.Text);

        var revenue = tree.Root.Declarations.OfType<ViewDeclarationSyntax>().Single(v => v.Name.Text == "customer_revenue");
        var join = Assert.IsType<JoinStepSyntax>(revenue.Steps[1]);
        Assert.Equal(JoinKind.Left, join.Kind);
        Assert.Equal("c", join.Alias!.Name.Text);
        var group = Assert.IsType<GroupByStepSyntax>(revenue.Steps[3]);
        Assert.Equal(["customer_id", "segment", "(none)"], group.Keys.Select(k => k.Alias?.Text ?? "(none)").ToArray());
        Assert.Equal(3, group.Aggregates.Count);
        var order = Assert.IsType<OrderByStepSyntax>(revenue.Steps[5]);
        Assert.Equal([false, true], order.Items.Select(i => i.IsDescending).ToArray());
        Assert.Equal("1000", Assert.IsType<LimitStepSyntax>(revenue.Steps[6]).Count.Text);
    }

    [Fact]
    public void Clickstream_test_events_and_windows()
    {
        var tree = ParseExample("clickstream");
        var trending = tree.Root.Declarations.OfType<ViewDeclarationSyntax>().Single(v => v.Name.Text == "trending_pages");
        var window = trending.Steps.OfType<WindowStepSyntax>().Single();
        Assert.Equal(WindowKind.Hopping, window.Window.Kind);
        Assert.Equal(("10m", "1m"), (window.Window.Size.Text, window.Window.Slide!.Text));
        Assert.Equal("ts", window.Column.Text);

        var test = tree.Root.Declarations.OfType<TestDeclarationSyntax>().Single();
        var given = Assert.Single(test.Givens);
        Assert.Equal(3, given.Items.OfType<TestEventSyntax>().Count());
        Assert.Single(given.Items.OfType<WatermarkSyntax>());
        var expected = Assert.Single(test.Expectations);
        Assert.Equal(2, expected.Rows.Count);
        Assert.Equal(8, expected.Rows[0].Cells.Count); // visitor_id, window_start, window_end, pages, distinct_pages, total_ms, first_page, last_page

        var section = tree.Root.DescendantNodes().OfType<CleanDeriveStepSyntax>().Single();
        var @case = Assert.IsType<CaseExpressionSyntax>(section.Expression);
        Assert.Equal(2, @case.WhenClauses.Count);
        Assert.NotNull(@case.ElseClause);
    }
}
