// `Pulse.Lsp.Host lsp`: the Pulse language server over stdin/stdout. Exit code 0 after an orderly
// shutdown/exit, 1 when the client went away without one (as the protocol specifies).
if (args.Length != 1 || args[0] != "lsp")
{
    Console.Error.WriteLine("usage: Pulse.Lsp.Host lsp");
    return 2;
}

using var stdin = Console.OpenStandardInput();
using var stdout = Console.OpenStandardOutput();
return await Pulse.Lsp.LanguageServer.RunAsync(stdin, stdout, CancellationToken.None);
