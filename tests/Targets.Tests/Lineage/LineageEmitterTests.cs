using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Targets.Lineage;

namespace Pulse.Targets.Tests.Lineage;

public class LineageEmitterTests
{
    /// <summary>A three-table graph with a hostile name, built directly (the emitters read only this record).</summary>
    private static LineageGraph Graph()
    {
        var hostile = "odd \"name\" <script>";
        return new LineageGraph("demo",
            [
                new GraphTable("raw", LineageNodeKind.Source, "csv", [new GraphColumn("a", "int"), new GraphColumn("b", "string?")]),
                new GraphTable(hostile, LineageNodeKind.View, "batch view", [new GraphColumn("total", "long")]),
                new GraphTable("out", LineageNodeKind.Sink, "postgres", [new GraphColumn("total", "long")]),
            ],
            [new LineageEdge("raw", hostile), new LineageEdge(hostile, "out")],
            [new ColumnLineage(new ColumnKey(hostile, "total"), [new ColumnKey("raw", "a")])]);
    }

    [Fact]
    public void Mermaid_uses_generated_ids_and_escapes_names()
    {
        var mermaid = MermaidEmitter.Emit(Graph());

        Assert.StartsWith("flowchart LR\n", mermaid);
        Assert.Contains("n0 --> n1", mermaid);
        Assert.Contains("n1 --> n2", mermaid);
        Assert.DoesNotContain("<script>", mermaid);
        Assert.Contains("odd #34;name#34; #60;script#62;", mermaid);
        Assert.Contains("n0[(", mermaid);   // sources are drawn as cylinders
    }

    [Fact]
    public void Dot_quotes_every_identifier()
    {
        var dot = DotEmitter.Emit(Graph(), columns: true);

        Assert.Contains("\"raw\" -> \"odd \\\"name\\\" <script>\";", dot);
        Assert.Contains("label=\"raw\\ncsv\\na: int\\nb: string?\"", dot);
        Assert.EndsWith("}\n", dot);
        Assert.Equal(dot.Count(c => c == '{'), dot.Count(c => c == '}'));
    }

    [Fact]
    public void Html_is_self_contained_and_script_safe()
    {
        var html = HtmlEmitter.Emit(Graph());

        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""));
        Assert.DoesNotContain("<script>\"", html);
        Assert.Contains("odd &quot;name&quot; &lt;script&gt;", html);
        // The column lineage map escapes '<' so no spec name can close the script element.
        Assert.Contains("\\u003cscript\\u003e", html);
        Assert.Equal(2, html.Split("<script>").Length);
        Assert.Equal(2, html.Split("class=\"edge\"").Length - 1);   // one path per table edge
    }
}
