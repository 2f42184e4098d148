using Pulse.Compiler.Binding;
using Pulse.Compiler.Semantics;
using Pulse.Compiler.Tests.Infrastructure;
using Pulse.Language.Syntax;

namespace Pulse.Compiler.Tests.Semantics;

/// <summary>The questions the language server asks, answered on the flagship example.</summary>
public class SemanticModelTests
{
    private static readonly Lazy<(Compilation Compilation, SemanticModel Model, string Text)> WorldHunger = new(() =>
    {
        var compilation = Repo.CompileExample("world-hunger");
        var tree = compilation.SyntaxTrees[0];
        return (compilation, compilation.GetSemanticModel(tree), tree.Source.Text);
    });

    private static SemanticModel Model => WorldHunger.Value.Model;
    private static string Text => WorldHunger.Value.Text;

    private static Symbol SymbolAt(string marker, int delta = 0, int occurrence = 1) =>
        Model.GetSymbolAt(Specs.Offset(Text, marker, delta, occurrence)) ?? throw new Xunit.Sdk.XunitException($"no symbol at `{marker}`+{delta}");

    [Fact]
    public void A_relation_name_refers_to_the_source_with_its_doc()
    {
        var symbol = Assert.IsType<SourceSymbol>(SymbolAt("from gapminder", delta: 6));
        Assert.Equal("gapminder", symbol.Name);
        Assert.Equal("Country indicators from Gapminder, 1955-2005 in 5-year steps.", symbol.Doc);
        Assert.Equal("json source", symbol.KindText);
        Assert.Equal(Model.Tree.Source.GetPosition(Specs.Offset(Text, "source gapminder", 7)), symbol.Location!.Start);
    }

    [Fact]
    public void A_qualified_column_refers_to_the_column_of_the_aliased_relation()
    {
        var column = Assert.IsType<ColumnSymbol>(SymbolAt("c.n_life_expect is", delta: 2));
        Assert.Equal("n_life_expect", column.Name);
        Assert.Equal("countries", column.Owner.Name);
        Assert.Equal("double?", column.Type.ToString());
        var alias = Assert.IsType<AliasSymbol>(SymbolAt("c.n_life_expect is"));
        Assert.Equal("countries", alias.Relation.Name);
    }

    [Fact]
    public void Functions_connections_and_environments_resolve()
    {
        var sum = Assert.IsType<FunctionSymbol>(SymbolAt("sum(pop)"));
        Assert.Equal("sum(value: number) -> number", sum.ToString());
        var connection = Assert.IsType<ConnectionSymbol>(SymbolAt("connection = warehouse", delta: 13));
        Assert.Equal("postgres connection", connection.KindText);
        Assert.Null(connection.Environment);
        var environment = Assert.IsType<EnvironmentSymbol>(SymbolAt("deploy prod", delta: 7));
        Assert.Equal("prod", environment.Name);
    }

    [Fact]
    public void A_field_declaration_carries_its_doc_comment()
    {
        var field = Model.Tree.Root.DescendantNodes().OfType<FieldSyntax>().First(f => f.Name.Text == "cluster");
        var symbol = Assert.IsType<ColumnSymbol>(Model.GetDeclaredSymbol(field));
        Assert.Equal("Gapminder's regional cluster (0-5).", symbol.Doc);
        Assert.Equal(ColumnRole.InputField, symbol.Role);
        Assert.Equal("int?", symbol.Type.ToString());
    }

    [Fact]
    public void Expressions_have_types()
    {
        var gain = Model.Tree.Root.DescendantNodes().OfType<SelectItemSyntax>().First(i => i.Alias?.Text == "gain");
        Assert.Equal("double?", Model.GetType(gain.Expression)!.ToString());
        var drop = Model.Tree.Root.DescendantNodes().OfType<SelectItemSyntax>().First(i => i.Alias?.Text == "fertility_drop");
        Assert.Equal("double?", Model.GetType(drop.Expression)!.ToString());
        var decade = Model.Tree.Root.DescendantNodes().OfType<CleanDeriveStepSyntax>().Single();
        Assert.Equal("int", Model.GetType(decade.Expression)!.ToString());
    }

    [Fact]
    public void A_view_step_sees_the_columns_of_both_join_sides()
    {
        var columns = Model.GetVisibleColumns(Specs.Offset(Text, "where c.n_life_expect", delta: 6));
        Assert.Contains(columns, c => c.Name == "cluster" && c.Qualifier == "g");
        Assert.Contains(columns, c => c.Name == "n_life_expect" && c.Qualifier == "c");
        Assert.Equal(2, columns.Count(c => c.Name == "life_expect"));
        Assert.Equal(["c", "g"], Model.GetVisibleAliases(Specs.Offset(Text, "where c.n_life_expect", delta: 6)).Select(a => a.Name));
    }

    [Fact]
    public void Completion_contexts_follow_the_syntax()
    {
        Assert.Equal(CompletionContext.Relation, Model.GetCompletionContext(Specs.Offset(Text, "from gapminder", delta: 6)));
        Assert.Equal(CompletionContext.Relation, Model.GetCompletionContext(Specs.Offset(Text, "from = cluster_trends", delta: 8)));
        Assert.Equal(CompletionContext.Connection, Model.GetCompletionContext(Specs.Offset(Text, "connection = warehouse", delta: 14)));
        Assert.Equal(CompletionContext.Environment, Model.GetCompletionContext(Specs.Offset(Text, "deploy prod", delta: 8)));
        Assert.Equal(CompletionContext.Column, Model.GetCompletionContext(Specs.Offset(Text, "population = sum(pop)", delta: 17)));
        Assert.Equal(CompletionContext.Relation, Model.GetCompletionContext(Specs.Offset(Text, "join countries", delta: 5)));
        Assert.Equal(CompletionContext.None, Model.GetCompletionContext(Specs.Offset(Text, "source gapminder", delta: 9)));

        var relations = Model.GetVisibleSymbols(Specs.Offset(Text, "from gapminder", delta: 6));
        Assert.Equal(["gapminder", "countries", "disasters", "food_prices", "cluster_trends", "life_gains", "disaster_decades", "hourly_food_prices", "live_food_prices", "food_prices_now"],
            relations.Select(r => r.Name));
        var inGroup = Model.GetVisibleSymbols(Specs.Offset(Text, "population = sum(pop)", delta: 17));
        Assert.Contains(inGroup, s => s is ColumnSymbol { Name: "pop" });
        Assert.Contains(inGroup, s => s is FunctionSymbol { Name: "avg" });
    }

    [Fact]
    public void References_of_a_field_follow_it_through_cleaning_views_and_tests()
    {
        var field = Model.Tree.Root.DescendantNodes().OfType<FieldSyntax>().First(f => f.Name.Text == "country");
        var symbol = Model.GetDeclaredSymbol(field)!;
        var lines = Model.FindReferences(symbol).Select(r => r.Start.Line + 1).ToList();
        int LineOf(string marker, int delta = 0) => Model.Tree.Source.GetPosition(Specs.Offset(Text, marker, delta)).Line + 1;
        Assert.Contains(LineOf("country: string"), lines);                        // the declaration
        Assert.Contains(LineOf("trim country"), lines);                           // gapminder's clean block
        Assert.Contains(LineOf("unique(country, year)"), lines);
        Assert.Contains(LineOf("references gapminder.country"), lines);           // another source's expectation
        Assert.Contains(LineOf("count_distinct(country)"), lines);                // cluster_trends
        Assert.Contains(LineOf("using (country, year)"), lines);                  // life_gains
        Assert.Contains(LineOf("select country, year"), lines);
        Assert.Single(Model.FindReferences(symbol), r => r.IsDeclaration);
        Assert.DoesNotContain(LineOf("dedupe by country"), lines);                // that is countries.country, another field
    }

    [Fact]
    public void References_of_a_connection_include_its_environment_override()
    {
        var connection = SymbolAt("connection warehouse: postgres {", delta: 11);
        var references = Model.FindReferences(connection);
        Assert.Equal(4, references.Length); // declaration, the pg override, two sinks
        Assert.Equal(2, references.Count(r => r.IsDeclaration));
    }

    [Fact]
    public void References_of_a_view_include_sinks_and_serving_views()
    {
        var view = SymbolAt("batch view hourly_food_prices", delta: 11);
        var references = Model.FindReferences(view);
        Assert.Equal(2, references.Length); // declaration and `batch hourly_food_prices`
        var sinkTarget = SymbolAt("from = food_prices_now", delta: 7);
        Assert.Equal("serving view", sinkTarget.KindText);
    }

    [Fact]
    public void Test_rows_refer_to_the_fields_they_set()
    {
        var field = Assert.IsType<ColumnSymbol>(SymbolAt("{ entity: \"Drought\", year: 1921", delta: 2));
        Assert.Equal("disasters", field.Owner.Name);
        Assert.Equal(ColumnRole.InputField, field.Role);
    }

    [Fact]
    public void Positions_outside_any_name_have_no_symbol()
    {
        Assert.Null(Model.GetSymbolAt(0));
        Assert.Empty(Model.GetVisibleSymbols(0));
        Assert.Equal(CompletionContext.None, Model.GetCompletionContext(0));
    }

    [Fact]
    public void The_model_of_an_unfinished_view_still_answers()
    {
        const string text = "source s: csv {\n  path = \"s.csv\"\n  schema {\n    id: long\n    name: string\n  }\n}\n\nbatch view v {\n  from s\n  where na\n";
        var compilation = Specs.Compile(text);
        var model = compilation.GetSemanticModel(compilation.SyntaxTrees[0]);
        var position = text.IndexOf("where na", StringComparison.Ordinal) + 8;
        Assert.Contains(model.GetVisibleColumns(position), c => c.Name == "name");
        Assert.Equal(CompletionContext.Column, model.GetCompletionContext(position));
        Assert.Contains(model.GetVisibleSymbols(Specs.Offset(text, "from s", 5)), s => s.Name == "s");

        // Typing a new step: right after `from `, relations fit even before any name is written.
        var typing = compilation.WithText("test.pulse", text + "  join ");
        var typingModel = typing.GetSemanticModel(typing.SyntaxTrees[0]);
        Assert.Equal(CompletionContext.Relation, typingModel.GetCompletionContext(text.Length + 7));
    }
}
