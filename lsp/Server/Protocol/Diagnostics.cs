namespace Pulse.Lsp.Protocol;

public static class DiagnosticSeverity
{
    public const int Error = 1;
    public const int Warning = 2;
    public const int Information = 3;
    public const int Hint = 4;
}

public sealed record CodeDescription(string Href);

public sealed record Diagnostic(LspRange Range, int Severity, string Code, string Source, string Message)
{
    /// <summary>The hint of the Pulse diagnostic, kept so code actions can read it back.</summary>
    public PulseDiagnosticData? Data { get; init; }
}

public sealed record PulseDiagnosticData(string? Hint);

public sealed record PublishDiagnosticsParams(string Uri, int? Version, Diagnostic[] Diagnostics);
