using Pulse.Cli.Output;
using Pulse.Compiler.Ir;
using Pulse.Targets.Common;
using Pulse.Targets.Lineage;
using Spectre.Console;

namespace Pulse.Cli.Commands;

/// <summary>
/// <c>pulse compile</c>: lowers each spec for an environment and writes the IR, the lineage graph
/// and every target's artifacts under the output folder, then prints the tree of files it wrote.
/// </summary>
public sealed class CompileCommand : ICommand
{
    public string Name => "compile";
    public string Summary => "write the IR, the lineage graph and every target's artifacts";
    public string Help => $"""
        usage: pulse compile [paths...] [--env NAME] [--out DIR] [--target NAME[,NAME...]]

        Lowers each spec for the environment (default: local) and writes, under DIR (default: build),
        ir.json, lineage/graph.{"{mmd,dot,html}"} and one folder per target. With several specs, each gets
        DIR/<pipeline>/. Targets: {string.Join(", ", TargetRegistry.All.Select(t => t.Name))}.
        Exit code: 0 written, 1 the spec has errors or a target cannot express it, 2 usage or I/O error.
        """;

    public int Run(IReadOnlyList<string> args, CliContext context)
    {
        var line = CommandLine.Parse(args, ["env", "out", "target"], []);
        var environment = line.Option("env") ?? "local";
        var outRoot = context.Resolve(line.Option("out") ?? "build");
        var targets = SelectTargets(line.Option("target"));
        var files = SpecFiles.Expand(line.Positionals, context);

        var exit = ExitCodes.Ok;
        foreach (var file in files)
        {
            var ir = PipelineLoader.Lower(file, environment, context, out var code);
            if (ir is null)
            {
                exit = Math.Max(exit, code);
                continue;
            }
            var outDir = files.Count == 1 ? outRoot : Path.Combine(outRoot, ir.Name);
            exit = Math.Max(exit, Emit(ir, targets, outDir, context));
        }
        return exit;
    }

    private static IReadOnlyList<ITarget> SelectTargets(string? names)
    {
        if (names is null) return TargetRegistry.All;
        return names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => TargetRegistry.Find(n) ?? throw new UsageException(
                $"unknown target '{n}'; targets: {string.Join(", ", TargetRegistry.All.Select(t => t.Name))}"))
            .ToList();
    }

    private static int Emit(PipelineIr ir, IReadOnlyList<ITarget> targets, string outDir, CliContext context)
    {
        var written = new List<(string Target, GeneratedFile File)>();
        var graph = LineageGraph.From(ir);
        written.Add(("ir", new GeneratedFile("ir.json", IrJson.Serialize(ir) + "\n")));
        written.Add(("lineage", new GeneratedFile("lineage/graph.mmd", MermaidEmitter.Emit(graph, columns: true))));
        written.Add(("lineage", new GeneratedFile("lineage/graph.dot", DotEmitter.Emit(graph, columns: true))));
        written.Add(("lineage", new GeneratedFile("lineage/graph.html", HtmlEmitter.Emit(graph))));

        var failed = false;
        foreach (var target in targets)
        {
            try
            {
                written.AddRange(target.Emit(ir, TargetOptions.Default).Select(f => (target.Name, f)));
            }
            catch (TargetException e)
            {
                // A target that cannot express the spec says where and why; other targets still run.
                context.Error.WriteLine($"{e.Origin}: error {e.Code}: {e.Message} (hint: {e.Hint})");
                failed = true;
            }
        }

        foreach (var (_, file) in written)
        {
            var path = Path.Combine(outDir, file.RelativePath.Replace('/', Path.DirectorySeparatorChar));
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, file.Content);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new IoException($"cannot write '{path}': {e.Message}");
            }
        }
        Report(ir, written, outDir, context);
        return failed ? ExitCodes.Failed : ExitCodes.Ok;
    }

    private static void Report(PipelineIr ir, List<(string Target, GeneratedFile File)> written, string outDir, CliContext context)
    {
        var console = context.CreateConsole();
        var tree = new Tree(Markup.Escape(SpecFiles.Display(outDir, context) + "/"));
        var folders = new Dictionary<string, TreeNode>(StringComparer.Ordinal);
        foreach (var path in written.Select(w => w.File.RelativePath).Order(StringComparer.Ordinal))
        {
            var parts = path.Split('/');
            IHasTreeNodes parent = tree;
            for (var i = 0; i < parts.Length - 1; i++)
            {
                var key = string.Join('/', parts[..(i + 1)]);
                if (!folders.TryGetValue(key, out var node)) folders[key] = node = parent.AddNode(Markup.Escape(parts[i] + "/"));
                parent = node;
            }
            parent.AddNode(Markup.Escape(parts[^1]));
        }
        console.Write(tree);
        foreach (var group in written.GroupBy(w => w.Target))
        {
            var bytes = group.Sum(w => (long)System.Text.Encoding.UTF8.GetByteCount(w.File.Content));
            console.WriteLine($"  {group.Key,-14} {CheckCommand.Plural(group.Count(), "file"),-9} {bytes,9:N0} bytes");
        }
        console.WriteLine($"compiled {ir.Name} for {ir.Environment}: {CheckCommand.Plural(written.Count, "file")} in {SpecFiles.Display(outDir, context)}");
    }
}
