namespace Pulse.Lsp;

/// <summary>Tuning knobs; the defaults are what editors get, tests and benchmarks shorten them.</summary>
public sealed record LanguageServerOptions
{
    public static readonly LanguageServerOptions Default = new();

    /// <summary>
    /// Quiet time after the last edit before diagnostics are recomputed and published. None by default:
    /// measured on a 2-core machine (bench/Lsp, lsp/README.md), checking an edit of a 2,000-line spec
    /// costs 3-6 ms of CPU, while keystrokes come 60-300 ms apart, so a delay short enough for the
    /// 50 ms target coalesces nothing and only adds itself to every publication. A newer edit cancels
    /// the check of the one before instead, so fast typing does not pile checks up.
    /// </summary>
    public TimeSpan DiagnosticsDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Collect garbage in the quiet moments after diagnostics are published (see <see cref="IdleCollector"/>).</summary>
    public bool CollectWhenIdle { get; init; } = true;

    /// <summary>Whether to mirror log messages to stderr (off in tests to keep their output clean).</summary>
    public bool LogToStandardError { get; init; } = true;

    /// <summary>Test hook: runs before each compilation unit is bound and checked (tests hold it to prove what does not wait for the check).</summary>
    internal Action<CancellationToken>? BeforeCheck { get; init; }
}
