using Pulse.Lsp.Protocol;
using PulseDiagnostic = Pulse.Language.Diagnostics.Diagnostic;
using PulseSeverity = Pulse.Language.Diagnostics.DiagnosticSeverity;

namespace Pulse.Lsp.Analysis;

/// <summary>Turns a checker diagnostic into its protocol form: range, severity, PULSE code, message with the hint.</summary>
public static class DiagnosticConverter
{
    public static Diagnostic ToProtocol(DocumentAnalysis file, PulseDiagnostic diagnostic)
    {
        var severity = diagnostic.Severity switch
        {
            PulseSeverity.Error => DiagnosticSeverity.Error,
            PulseSeverity.Warning => DiagnosticSeverity.Warning,
            _ => DiagnosticSeverity.Information,
        };
        var message = diagnostic.Hint is null ? diagnostic.Message : $"{diagnostic.Message}\nhint: {diagnostic.Hint}";
        return new Diagnostic(file.RangeOf(diagnostic.Span), severity, diagnostic.Code, "pulse", message)
        {
            Data = new PulseDiagnosticData(diagnostic.Hint),
        };
    }
}
