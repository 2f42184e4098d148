using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pulse.Targets.Airflow;
using Pulse.Targets.Common;
using Pulse.Targets.Spark;
using Pulse.Targets.Tests.Airflow;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Spark;

/// <summary>Names with quotes, spaces, dots, reserved words, unicode, Jinja markers and newlines reach Spark and Airflow intact and inert.</summary>
public class HostileNamesTests
{
    private static readonly string[] Names = ["select", "café", SparkAirflowHostile.Quoted, "with space", "a.b", "back\\slash", SparkAirflowHostile.Jinja, "new\nline"];

    [Fact]
    public void Spark_job_keeps_every_name_as_an_exact_string_value()
    {
        var program = new SparkTarget().Emit(SparkAirflowHostile.Build(), TargetOptions.Default).Single(f => f.RelativePath.EndsWith("Program.cs", StringComparison.Ordinal));
        var tree = CSharpSyntaxTree.ParseText(program.Content);
        Assert.Empty(tree.GetDiagnostics());
        var strings = tree.GetRoot().DescendantNodes().OfType<LiteralExpressionSyntax>().Select(l => l.Token.ValueText).ToHashSet();
        foreach (var name in Names)
        {
            Assert.Contains(name, strings);                       // as an alias or WithColumn name
            Assert.Contains(SparkNames.Column(name), strings);    // as a backtick-quoted column reference
        }
        // The string meant to break out of its literal is still one literal.
        Assert.Contains(strings, s => s == "\"); System.Environment.Exit(1); //");
        Assert.DoesNotContain(tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>(), i => i.ToString().StartsWith("System.Environment.Exit", StringComparison.Ordinal));
        Assert.Equal("spark/select/select.csproj", new SparkTarget().Emit(SparkAirflowHostile.Build(), TargetOptions.Default)[0].RelativePath);
    }

    [Fact]
    public void Backticks_inside_a_name_are_doubled_in_column_references() =>
        Assert.Equal("`a``b`", SparkNames.Column("a`b"));

    [Theory]
    [InlineData("select", "select")]
    [InlineData("café", "caf_00e9")]
    [InlineData("odd \"dir\"", "odd_0020_0022dir_0022")]
    [InlineData("../up", "_002e_002e_002fup")]
    public void Slugs_are_safe_path_segments(string name, string slug) => Assert.Equal(slug, SparkNames.Slug(name));

    [Fact]
    public void Dag_compiles_and_keeps_every_name_as_an_exact_python_value()
    {
        var dag = new AirflowTarget().Emit(SparkAirflowHostile.Build(), TargetOptions.Default).Single();
        var graph = AirflowDagGraph.Read(dag.Content);

        Assert.Equal(SparkAirflowHostile.Jinja + " \"\"\" '''", graph.Description);
        Assert.Equal("o'hara \"ops\"", graph.Owner);
        var (source, rules) = graph.QualityRules["class"];
        Assert.Equal(SparkAirflowHostile.SourceName, source);
        Assert.Equal(["class", "it's \"bad\" {{ x }}"], rules.Order(StringComparer.Ordinal));
        Assert.All(graph.Tasks.Keys, id => Assert.Matches("^[A-Za-z0-9_]+$", id));
        Assert.Equal(PythonLiteral.Identifier(SparkAirflowHostile.Pipeline), graph.DagId);
    }
}
