using Pulse.Cli.Output;
using Pulse.Lsp.Formatting;

namespace Pulse.Cli.Commands;

/// <summary><c>pulse fmt</c>: rewrites specs in canonical layout (the language server's formatter); <c>--check</c> for CI.</summary>
public sealed class FmtCommand : ICommand
{
    public string Name => "fmt";
    public string Summary => "format specs in canonical layout (--check for CI)";
    public string Help => """
        usage: pulse fmt [paths...] [--check]

        Rewrites each spec in place in the canonical layout, keeping every comment. With --check, writes
        nothing and exits 1 when a file is not formatted. Files with syntax errors are left alone (exit 1).
        """;

    public int Run(IReadOnlyList<string> args, CliContext context)
    {
        var line = CommandLine.Parse(args, [], ["check"]);
        var check = line.Switch("check");
        var exit = ExitCodes.Ok;
        foreach (var file in SpecFiles.Expand(line.Positionals, context))
        {
            var display = SpecFiles.Display(file, context);
            var result = PulseFormatter.FormatFile(File.ReadAllText(file), display);
            if (result.Refused)
            {
                foreach (var error in result.Errors) context.Error.WriteLine(error.ToString());
                context.Error.WriteLine($"{display}: not formatted, it has syntax errors");
                exit = ExitCodes.Failed;
            }
            else if (result.Changed)
            {
                if (check)
                {
                    context.Out.WriteLine($"{display}: not formatted");
                    exit = ExitCodes.Failed;
                }
                else
                {
                    File.WriteAllText(file, result.Text);
                    context.Out.WriteLine($"{display}: formatted");
                }
            }
        }
        return exit;
    }
}
