namespace Pulse.Lsp.Tests.Infrastructure;

/// <summary>Paths in the repository, found by walking up to the folder that holds CloudPulse.sln.</summary>
public static class Repo
{
    public static readonly string Root = FindRoot();

    public static string Pipelines => Path.Combine(Root, "pipelines");

    public static string Example(string name) => Path.Combine(Pipelines, name);

    public static IEnumerable<string> Examples => Directory.GetFiles(Pipelines, "*.pulse").Order(StringComparer.Ordinal);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CloudPulse.sln"))) return dir.FullName;
        throw new InvalidOperationException("CloudPulse.sln not found above " + AppContext.BaseDirectory);
    }
}
