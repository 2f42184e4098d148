using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;

namespace Pulse.Runtime.Tests.Fixtures;

/// <summary>Runs a pipeline into a test's state directory at a fixed clock.</summary>
public static class Runs
{
    public static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static Task<RunReport> Batch(PipelineIr pipeline, TempDir temp, RunOptions? options = null, IProgress<RunEvent>? progress = null) =>
        PipelineRunner.RunBatchAsync(pipeline, (options ?? new RunOptions()) with
        {
            StateDirectory = options?.StateDirectory ?? temp.State,
            Now = options?.Now ?? Now,
            // Tests do not wait for production backoff; a test that cares passes its own delay.
            RetryBaseDelay = options is null || options.RetryBaseDelay == new RunOptions().RetryBaseDelay ? TimeSpan.FromMilliseconds(10) : options.RetryBaseDelay,
        }, progress);

    /// <summary>A run that must succeed; fails the test with the run's error otherwise.</summary>
    public static async Task<RunReport> Succeed(PipelineIr pipeline, TempDir temp, RunOptions? options = null)
    {
        var report = await Batch(pipeline, temp, options);
        Assert.True(report.Error is null, report.Error?.ToString());
        Assert.True(report.Status == RunStatus.Succeeded, string.Join("\n", report.Sinks.Where(s => s.Error is not null).Select(s => s.Error)));
        return report;
    }

    public static void AssertBooksBalance(SourceReport source) =>
        Assert.Equal(source.Read, source.Kept + source.Dropped + source.Quarantined);
}
