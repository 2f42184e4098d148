namespace Pulse.Runtime.Tests.Fixtures;

/// <summary>A fresh folder per test (the spec folder and the state directory), deleted afterwards.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pulse-batch-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }
    public string State => System.IO.Path.Combine(Path, ".pulse");

    public string Write(string relative, string content)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content.ReplaceLineEndings("\n"));
        return full;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* a DuckDB file may still be closing; temp folders are cleaned by the OS */ }
    }
}

/// <summary>Locates the repository (the folder holding CloudPulse.sln).</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string PipelinesDirectory => Path.Combine(Root, "pipelines");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CloudPulse.sln"))) return dir.FullName;
        throw new InvalidOperationException("CloudPulse.sln not found above " + AppContext.BaseDirectory);
    }
}
