using Pulse.Targets.Common;
using System.Diagnostics;
using System.Text;
using Pulse.Compiler.Ir;

namespace Pulse.Targets.Tests.Infra;

/// <summary>Repository paths, golden files, external processes and CI rules for the infra tests.</summary>
internal static class InfraTestSupport
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string RepoRoot { get; } = FindRepoRoot();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CloudPulse.sln"))) return dir.FullName;
        throw new InvalidOperationException("CloudPulse.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// Compares <paramref name="actual"/> with the golden file, or rewrites it when
    /// PULSE_UPDATE_BASELINES=1. Returns a failure message, or null when they match.
    /// </summary>
    public static string? CompareBaseline(string relativePath, string actual)
    {
        var path = Path.Combine(RepoRoot, "tests", "Targets.Tests", "Baselines", relativePath);
        if (Environment.GetEnvironmentVariable("PULSE_UPDATE_BASELINES") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual, new UTF8Encoding(false));
            return null;
        }
        if (!File.Exists(path)) return $"missing baseline {relativePath} (run with PULSE_UPDATE_BASELINES=1 to create it)";
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected == actual) return null;
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        var line = 0;
        while (line < Math.Min(expectedLines.Length, actualLines.Length) && expectedLines[line] == actualLines[line]) line++;
        return $"{relativePath} differs from its baseline at line {line + 1}:\n  expected: {At(expectedLines, line)}\n  actual:   {At(actualLines, line)}\n" +
               "(PULSE_UPDATE_BASELINES=1 dotnet test tests/Targets.Tests rewrites the baselines; review the diff)";
    }

    private static string At(string[] lines, int index) => index < lines.Length ? lines[index] : "<end of file>";

    /// <summary>Writes emitted files below a fresh temporary folder and returns it.</summary>
    public static string WriteToTemp(IEnumerable<GeneratedFile> files, string label)
    {
        var root = Path.Combine(Path.GetTempPath(), $"pulse-infra-{label}-{Guid.NewGuid():N}");
        foreach (var file in files)
        {
            var path = Path.Combine(root, file.RelativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Content, new UTF8Encoding(false));
        }
        return root;
    }

    public sealed record ProcessResult(int ExitCode, string Output, TimeSpan Elapsed);

    /// <summary>Runs a process to completion (bounded by <paramref name="timeout"/>), capturing stdout+stderr.</summary>
    public static ProcessResult Run(string fileName, string arguments, string workingDirectory, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The test host's MSBuild variables would leak into a nested dotnet build.
        foreach (var key in new[] { "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "DOTNET_HOST_PATH" })
            info.Environment.Remove(key);
        if (environment is not null)
            foreach (var (key, value) in environment) info.Environment[key] = value;
        var output = new StringBuilder();
        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {arguments} did not finish within {timeout}:\n{output}");
        }
        process.WaitForExit();
        return new ProcessResult(process.ExitCode, output.ToString(), stopwatch.Elapsed);
    }

    public static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, PipelineIr> Compiled = new();

    /// <summary>
    /// An example with a deploy block (world-hunger, product-search), compiled from pipelines/&lt;name&gt;.pulse
    /// by the real front end and lowered for its (first) deploy environment, as <c>pulse compile</c> does.
    /// </summary>
    public static PipelineIr Example(string name) => Compiled.GetOrAdd(name, example =>
    {
        var compilation = CompileClean(Path.Combine(RepoRoot, "pipelines", example + ".pulse"));
        var environment = compilation.Lower("local").Deployments.Select(d => d.Environment).First();
        return compilation.Lower(environment);
    });

    /// <summary>tests/Targets.Tests/Infra/Specs/hostile-infra.pulse compiled by the front end, lowered for local (both deploy blocks).</summary>
    public static PipelineIr HostileSpec() => Compiled.GetOrAdd("hostile-spec", _ =>
        CompileClean(Path.Combine(RepoRoot, "tests", "Targets.Tests", "Infra", "Specs", "hostile-infra.pulse")).Lower("local"));

    private static Pulse.Compiler.Semantics.Compilation CompileClean(string path)
    {
        var compilation = Pulse.Compiler.Semantics.Compilation.FromFile(path);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == Pulse.Language.Diagnostics.DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0) throw new InvalidOperationException($"{path} does not compile:\n{string.Join("\n", errors)}");
        return compilation;
    }
}
