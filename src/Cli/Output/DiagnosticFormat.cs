namespace Pulse.Cli.Output;

/// <summary>How <c>pulse check</c> prints diagnostics.</summary>
public enum DiagnosticFormat
{
    /// <summary><c>path(line,col): error PULSE0102: message</c>, what IDEs and CI parse.</summary>
    MsBuild,
    Json,
    /// <summary>SARIF 2.1.0, what code-scanning tools read.</summary>
    Sarif,
    /// <summary>GitHub Actions workflow commands (<c>::error file=…</c>).</summary>
    Github,
}
