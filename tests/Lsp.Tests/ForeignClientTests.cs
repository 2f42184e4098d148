using Pulse.Lsp.Tests.Infrastructure;

namespace Pulse.Lsp.Tests;

/// <summary>
/// A client that is not ours (vscode-languageserver-protocol in Node) drives the server as a
/// separate process. <c>PULSE_LSP_COMMAND</c> names the server command; when it is not set the
/// test uses the Pulse.Lsp.Host built next to the tests (<c>dotnet Pulse.Lsp.Host.dll lsp</c>).
/// </summary>
public class ForeignClientTests
{
    public static string ServerCommand =>
        Environment.GetEnvironmentVariable("PULSE_LSP_COMMAND") is { Length: > 0 } configured
            ? configured
            : $"dotnet {Path.Combine(AppContext.BaseDirectory, "Pulse.Lsp.Host.dll")} lsp";

    [Fact]
    public async Task The_node_language_client_gets_diagnostics_and_completion_and_shuts_the_server_down()
    {
        await VsCodeExtensionFolder.EnsureInstalledAsync();

        var result = await ProcessRunner.RunAsync("node", ["--test", "test/lsp-client.test.js"], VsCodeExtensionFolder.Path,
            TimeSpan.FromMinutes(3), new Dictionary<string, string> { ["PULSE_LSP_COMMAND"] = ServerCommand });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("# pass 1", result.Output);
        Assert.Contains("# fail 0", result.Output);
    }
}
