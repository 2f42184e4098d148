using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pulse.Targets.Airflow;
using Pulse.Targets.Common;
using Pulse.Targets.Spark;
using Pulse.Targets.Tests.Airflow;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Spark;

/// <summary>
/// Names with quotes, spaces, dots, reserved words, unicode and Jinja markers reach Spark and Airflow
/// intact and inert: from hand-built IR (which adds a newline in a name) and from
/// <c>Spark/Specs/hostile-names.pulse</c> lowered by the front end.
/// </summary>
public class HostileNamesTests
{
    private static readonly string[] Names = ["select", "café", "it's \"quoted\"", "with space", "a.b", "back\\slash", "{{ jinja }}"];

    public static TheoryData<string> Pipelines => new(["hostile-names", "specs/hostile-names"]);

    [Theory, MemberData(nameof(Pipelines))]
    public void Spark_job_keeps_every_name_as_an_exact_string_value(string example)
    {
        var files = new SparkTarget().Emit(SparkAirflowExamples.Build(example), TargetOptions.Default);
        var program = files.Single(f => f.RelativePath.EndsWith("Program.cs", StringComparison.Ordinal));
        var tree = CSharpSyntaxTree.ParseText(program.Content);
        Assert.Empty(tree.GetDiagnostics());
        var strings = tree.GetRoot().DescendantNodes().OfType<LiteralExpressionSyntax>().Select(l => l.Token.ValueText).ToHashSet();
        var names = example == "hostile-names" ? Names.Select(n => n == "{{ jinja }}" ? SparkAirflowHostile.Jinja : n).Append("new\nline") : Names;
        foreach (var name in names)
        {
            Assert.Contains(name, strings);                       // as an alias or WithColumn name
            Assert.Contains(SparkNames.Column(name), strings);    // as a backtick-quoted column reference
        }
        // The string meant to break out of its literal is still one literal.
        Assert.Contains(strings, s => s.Contains("\"); System.Environment.Exit(1); //", StringComparison.Ordinal));
        Assert.DoesNotContain(tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>(), i => i.ToString().StartsWith("System.Environment.Exit", StringComparison.Ordinal));
        Assert.Equal("spark/select/select.csproj", files[0].RelativePath);
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

    [Theory, MemberData(nameof(Pipelines))]
    public void Dag_compiles_and_keeps_every_name_as_an_exact_python_value(string example)
    {
        var dag = new AirflowTarget().Emit(SparkAirflowExamples.Build(example), TargetOptions.Default).Single();
        var graph = AirflowDagGraph.Read(dag.Content);

        var jinja = example == "hostile-names" ? SparkAirflowHostile.Jinja : "{{ dag.dag_id }} {% raw %}";
        Assert.Equal(jinja + " \"\"\" '''", graph.Description);
        Assert.Equal("o'hara \"ops\"", graph.Owner);
        var (source, rules) = graph.QualityRules["class"];
        Assert.Equal("class", source);
        Assert.Equal(["class", "it's \"bad\" {{ x }}"], rules.Order(StringComparer.Ordinal));
        Assert.All(graph.Tasks.Keys, id => Assert.Matches("^[A-Za-z0-9_]+$", id));
        Assert.Equal(PythonLiteral.Identifier("odd \"pipe\" line"), graph.DagId);
    }
}
