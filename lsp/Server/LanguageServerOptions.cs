namespace Pulse.Lsp;

/// <summary>Tuning knobs; the defaults are what editors get, tests and benchmarks shorten them.</summary>
public sealed record LanguageServerOptions
{
    public static readonly LanguageServerOptions Default = new();

    /// <summary>Quiet time after the last edit before diagnostics are recomputed and published.</summary>
    public TimeSpan DiagnosticsDelay { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Whether to mirror log messages to stderr (off in tests to keep their output clean).</summary>
    public bool LogToStandardError { get; init; } = true;

    /// <summary>Test hook: runs before each compilation unit is bound and checked (tests hold it to prove what does not wait for the check).</summary>
    internal Action<CancellationToken>? BeforeCheck { get; init; }
}
