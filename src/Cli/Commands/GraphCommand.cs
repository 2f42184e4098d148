using Pulse.Cli.Output;
using Pulse.Targets.Lineage;

namespace Pulse.Cli.Commands;

/// <summary><c>pulse graph</c>: the lineage DAG of one spec as Mermaid, DOT or a self-contained HTML page.</summary>
public sealed class GraphCommand : ICommand
{
    public enum GraphFormat { Mermaid, Dot, Html }

    public string Name => "graph";
    public string Summary => "print the lineage graph (mermaid, dot, html)";
    public string Help => """
        usage: pulse graph [spec] [--format mermaid|dot|html] [--columns] [--out FILE] [--env NAME]

        Prints the pipeline's DAG: sources, views and sinks, and with --columns their columns. The html
        format is a page you can open: click a column to see the columns it comes from and feeds.
        """;

    public int Run(IReadOnlyList<string> args, CliContext context)
    {
        var line = CommandLine.Parse(args, ["format", "out", "env"], ["columns"]);
        var format = line.Choice("format", GraphFormat.Mermaid);
        var ir = PipelineLoader.Lower(PipelineLoader.SingleSpec(line.Positionals, context), line.Option("env") ?? "local", context, out var exit);
        if (ir is null) return exit;

        var graph = LineageGraph.From(ir);
        var text = format switch
        {
            GraphFormat.Dot => DotEmitter.Emit(graph, line.Switch("columns")),
            GraphFormat.Html => HtmlEmitter.Emit(graph),
            _ => MermaidEmitter.Emit(graph, line.Switch("columns")),
        };
        var outFile = line.Option("out");
        if (outFile is null)
        {
            context.Out.Write(text);
            return ExitCodes.Ok;
        }
        var path = context.Resolve(outFile);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IoException($"cannot write '{outFile}': {e.Message}");
        }
        context.Error.WriteLine($"wrote {outFile}");
        return ExitCodes.Ok;
    }
}
