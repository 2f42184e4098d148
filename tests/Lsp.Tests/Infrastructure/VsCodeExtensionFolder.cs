namespace Pulse.Lsp.Tests.Infrastructure;

/// <summary>
/// The VS Code extension folder with its npm dependencies installed from the committed
/// package-lock.json (<c>npm ci</c>) the first time a test needs them; node_modules is not in git.
/// </summary>
public static class VsCodeExtensionFolder
{
    public static readonly string Path = System.IO.Path.Combine(Repo.Root, "lsp", "vscode");

    private static readonly Lazy<Task> Installed = new(InstallAsync);

    public static Task EnsureInstalledAsync() => Installed.Value;

    private static async Task InstallAsync()
    {
        var marker = System.IO.Path.Combine(Path, "node_modules", ".package-lock.json");
        var lockFile = System.IO.Path.Combine(Path, "package-lock.json");
        if (File.Exists(marker) && File.GetLastWriteTimeUtc(marker) >= File.GetLastWriteTimeUtc(lockFile)) return;
        var result = await ProcessRunner.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], Path, TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0) throw new InvalidOperationException($"npm ci failed in {Path}: {result}");
    }
}
