using Pulse.Language.Text;

namespace Pulse.Language.Diagnostics;

/// <summary>
/// One finding about a spec: a stable code (<c>PULSE####</c>), a severity, the exact span it is
/// about, a message and, where it helps, a hint. Created only through <see cref="DiagnosticBuilder"/>.
/// </summary>
public sealed record Diagnostic(string Code, DiagnosticSeverity Severity, SourceText Source, TextSpan Span, string Message, string? Hint = null)
{
    public LinePosition Start => Source.GetPosition(Span.Start);
    public LinePosition End => Source.GetPosition(Span.End);

    /// <summary>The MSBuild-style line IDEs and CI parse: <c>path(line,col): error PULSE0102: message</c>.</summary>
    public override string ToString()
    {
        var start = Start;
        var severity = Severity.ToString().ToLowerInvariant();
        var hint = Hint is null ? "" : $" (hint: {Hint})";
        return $"{Source.Path}({start.Line + 1},{start.Character + 1}): {severity} {Code}: {Message}{hint}";
    }
}
