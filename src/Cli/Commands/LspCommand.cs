using Pulse.Lsp;

namespace Pulse.Cli.Commands;

/// <summary><c>pulse lsp</c>: the language server over stdio (what editors start).</summary>
public sealed class LspCommand : ICommand
{
    public string Name => "lsp";
    public string Summary => "start the language server on stdin/stdout (for editors)";
    public string Help => """
        usage: pulse lsp

        Speaks the Language Server Protocol over stdin/stdout. Editors start it; see lsp/README.md.
        """;

    public int Run(IReadOnlyList<string> args, CliContext context)
    {
        if (args.Count > 0) throw new Output.UsageException($"pulse lsp takes no arguments (got '{args[0]}')");
        using var input = Console.OpenStandardInput();
        using var output = Console.OpenStandardOutput();
        return LanguageServer.RunAsync(input, output, CancellationToken.None).GetAwaiter().GetResult();
    }
}
