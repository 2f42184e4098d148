namespace Pulse.Bench.Infrastructure;

/// <summary>Where things are: the repository (the folder holding CloudPulse.sln), the results folder, the data cache.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary><c>bench/results/</c>: one JSON file per suite, committed with the README's table.</summary>
    public static string Results => Path.Combine(Root, "bench", "results");

    /// <summary>
    /// Generated datasets are large (10M rows are ~0.6 GB of CSV) and deterministic, so they are cached
    /// outside the repository and reused by later runs of the same size.
    /// </summary>
    public static string DataCache(string suite)
    {
        var folder = Path.Combine(Environment.GetEnvironmentVariable("PULSE_BENCH_DATA") ?? Path.Combine(Path.GetTempPath(), "pulse-bench"), suite);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>A fresh scratch folder for one run (state databases and the like), deleted by the caller.</summary>
    public static string Scratch(string suite)
    {
        var folder = Path.Combine(DataCache(suite), "scratch-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "CloudPulse.sln"))) return folder.FullName;
        throw new BenchFailedException($"cannot find CloudPulse.sln above {AppContext.BaseDirectory}; run the benchmark from the repository");
    }
}
