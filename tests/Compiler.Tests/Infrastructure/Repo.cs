using Pulse.Compiler.Semantics;
using Pulse.Language.Text;

namespace Pulse.Compiler.Tests.Infrastructure;

/// <summary>Finds the repository (the folder holding CloudPulse.sln) and compiles its example specs.</summary>
public static class Repo
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CloudPulse.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("CloudPulse.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Root => RootPath.Value;

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static readonly string[] Examples = ["world-hunger", "orders", "clickstream", "product-search"];

    /// <summary>An example compiled as the CLI would, with repository-relative paths so baselines do not depend on the checkout.</summary>
    public static Compilation CompileExample(string name)
    {
        var relative = $"pipelines/{name}.pulse";
        return Compilation.Create([new SourceText(relative, File.ReadAllText(PathOf(relative)))], new FileSystemSpecLoader(Root));
    }

    public static string ExampleText(string name) => File.ReadAllText(PathOf($"pipelines/{name}.pulse"));
}
