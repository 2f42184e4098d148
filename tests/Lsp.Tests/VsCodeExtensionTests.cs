using System.IO.Compression;
using System.Text.Json;
using Pulse.Lsp.Tests.Infrastructure;

namespace Pulse.Lsp.Tests;

/// <summary>The VS Code extension: its TextMate grammar (tokenized by vscode-textmate) and its .vsix.</summary>
public class VsCodeExtensionTests
{
    [Fact]
    public async Task The_grammar_gives_the_expected_scopes_on_every_example()
    {
        await VsCodeExtensionFolder.EnsureInstalledAsync();

        var result = await ProcessRunner.RunAsync("node", ["--test", "test/grammar.test.js"], VsCodeExtensionFolder.Path, TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("# fail 0", result.Output);
        Assert.DoesNotContain("# pass 0", result.Output);
    }

    [Fact]
    public async Task The_extension_packages_as_a_vsix_with_its_grammar_client_and_language()
    {
        await VsCodeExtensionFolder.EnsureInstalledAsync();
        var vsix = Path.Combine(Path.GetTempPath(), $"pulse-{Guid.NewGuid():N}.vsix");
        try
        {
            var result = await ProcessRunner.RunAsync("npx", ["vsce", "package", "--skip-license", "--out", vsix], VsCodeExtensionFolder.Path, TimeSpan.FromMinutes(3));
            Assert.True(result.ExitCode == 0, result.ToString());

            using var archive = ZipFile.OpenRead(vsix);
            var names = archive.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains("extension/syntaxes/pulse.tmLanguage.json", names);
            Assert.Contains("extension/language-configuration.json", names);
            Assert.Contains("extension/src/extension.js", names);
            Assert.Contains("extension/node_modules/vscode-languageclient/node.js", names);
            Assert.DoesNotContain(names, n => n.StartsWith("extension/node_modules/vscode-textmate/", StringComparison.Ordinal)); // dev-only
            using var manifest = JsonDocument.Parse(archive.GetEntry("extension/package.json")!.Open());
            var language = manifest.RootElement.GetProperty("contributes").GetProperty("languages")[0];
            Assert.Equal("pulse", language.GetProperty("id").GetString());
            Assert.Equal(".pulse", language.GetProperty("extensions")[0].GetString());
        }
        finally
        {
            File.Delete(vsix);
        }
    }

    [Fact]
    public async Task The_extension_launches_pulse_lsp_or_dotnet_for_a_dll()
    {
        await VsCodeExtensionFolder.EnsureInstalledAsync();
        const string script = """
            const { serverCommand } = require('./src/server-command');
            console.log(JSON.stringify([serverCommand('pulse', []), serverCommand('/opt/pulse/pulse.dll', ['--verbose']), serverCommand('', undefined)]));
            """;

        var result = await ProcessRunner.RunAsync("node", ["-e", script], VsCodeExtensionFolder.Path, TimeSpan.FromMinutes(1));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            """[{"command":"pulse","args":["lsp"]},{"command":"dotnet","args":["/opt/pulse/pulse.dll","lsp","--verbose"]},{"command":"pulse","args":["lsp"]}]""",
            result.Output.Trim());
    }
}
