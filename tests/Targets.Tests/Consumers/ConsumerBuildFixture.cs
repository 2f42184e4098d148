using System.Diagnostics;
using Pulse.Targets.Common;
using Pulse.Targets.Consumers;

namespace Pulse.Targets.Tests.Consumers;

/// <summary>
/// The generated consumer projects of the examples, written to a temporary folder (outside the repository, so
/// its Directory.Build.props do not apply) and built once with <c>dotnet build</c>, warnings as errors as the
/// generated csproj says. world-hunger is built for the <c>pg</c> environment (the one the end-to-end test runs);
/// every project from <see cref="ConsumerExamples.ForMockCluster"/>, so its appsettings.json reaches the mock cluster.
/// </summary>
public sealed class ConsumerBuildFixture : IDisposable
{
    public static readonly (string Example, string Environment, string View)[] Projects =
        [("world-hunger", "pg", "live_food_prices"), ("clickstream", "staging", "visits"), ("clickstream", "staging", "trending_pages"),
         ("clicks-search", "test", "page_minutes"), ("hostile-consumer", "local", "live \"counts\""),
         ("clicks-rollup", "test", "minute_views"), ("clicks-rollup", "test", "docs_clicks")];

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "pulse-consumers-" + Guid.NewGuid().ToString("N")[..12]);

    public Dictionary<string, BuildResult> Builds { get; } = [];

    public sealed record BuildResult(string Folder, int ExitCode, string Output, TimeSpan Elapsed, string? Assembly)
    {
        /// <summary>The appsettings.json the built service reads (next to its assembly).</summary>
        public string Settings => Path.Combine(Folder, "bin", "Release", "net10.0", "appsettings.json");
    }

    public ConsumerBuildFixture()
    {
        foreach (var group in Projects.GroupBy(p => (p.Example, p.Environment)))
            ConsumerExamples.WriteTo(Path.Combine(Root, group.Key.Example),
                new ConsumersTarget().Emit(ConsumerExamples.ForMockCluster(ConsumerExamples.Lower(group.Key.Example, group.Key.Environment)), TargetOptions.Default));
        foreach (var (example, _, view) in Projects)
        {
            var folder = Path.Combine(Root, example, "consumers", ConsumersTarget.FolderName(view));
            var project = Directory.GetFiles(folder, "*.csproj").Single();
            var clock = Stopwatch.StartNew();
            var (code, output) = Run("dotnet", ["build", project, "-c", "Release", "-nologo", "-v", "q", "-clp:NoSummary"], folder, TimeSpan.FromMinutes(5));
            var dll = Path.Combine(folder, "bin", "Release", "net10.0", Path.GetFileNameWithoutExtension(project) + ".dll");
            Builds[view] = new BuildResult(folder, code, output, clock.Elapsed, File.Exists(dll) ? dll : null);
        }
    }

    public static (int ExitCode, string Output) Run(string file, IEnumerable<string> arguments, string directory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out\n" + stdout.Result + stderr.Result);
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class ConsumerBuildCollection : ICollectionFixture<ConsumerBuildFixture>
{
    public const string Name = "consumer builds";
}

/// <summary><c>dotnet build</c> of each generated project succeeds with zero warnings (they are errors).</summary>
[Collection(ConsumerBuildCollection.Name)]
public class ConsumerBuildTests(ConsumerBuildFixture fixture, Xunit.Abstractions.ITestOutputHelper log)
{
    public static TheoryData<string> Views => new(ConsumerBuildFixture.Projects.Select(p => p.View));

    [Theory]
    [MemberData(nameof(Views))]
    public void Generated_project_builds_with_warnings_as_errors(string view)
    {
        var build = fixture.Builds[view];
        log.WriteLine($"dotnet build of {view}: {build.Elapsed.TotalSeconds:0.0}s");
        Assert.True(build.ExitCode == 0, $"dotnet build of {view} failed:\n{build.Output}");
        Assert.DoesNotMatch(@"warning [A-Z]+[0-9]+", build.Output);
        Assert.NotNull(build.Assembly);
        Assert.True(File.Exists(Path.Combine(build.Folder, "bin", "Release", "net10.0", "appsettings.json")), "appsettings.json is not copied to the output");
    }
}
