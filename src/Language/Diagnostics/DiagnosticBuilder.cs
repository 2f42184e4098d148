using Pulse.Language.Text;

namespace Pulse.Language.Diagnostics;

/// <summary>
/// The one place diagnostics are made. Every code is one method with a fixed message template, so
/// a call site reads like a sentence: <c>DiagnosticBuilder.For(source, span).UnknownName(...)</c>.
/// The methods are split by stage over partial files (<c>DiagnosticBuilder.Syntax.cs</c>,
/// <c>DiagnosticBuilder.Binding.cs</c>, ...); a test asserts that no code is used twice and that
/// docs/diagnostics.md lists every code.
/// Code ranges: 0001-0099 lexical, 0100-0199 syntax, 1000-1999 names and binding, 2000-2999 types,
/// 3000-3999 pipeline semantics (streams, windows, serving, sinks, secrets), 4000-4999 target
/// limits, 5000-5999 warnings about style and unused declarations, 9000-9999 files and usage.
/// </summary>
public readonly partial struct DiagnosticBuilder
{
    private readonly SourceText source;
    private readonly TextSpan span;

    private DiagnosticBuilder(SourceText source, TextSpan span)
    {
        this.source = source;
        this.span = span;
    }

    public static DiagnosticBuilder For(SourceText source, TextSpan span) => new(source, span);

    private Diagnostic Error(string code, string message, string? hint = null) => new(code, DiagnosticSeverity.Error, source, span, message, hint);
    private Diagnostic Warning(string code, string message, string? hint = null) => new(code, DiagnosticSeverity.Warning, source, span, message, hint);
    private Diagnostic Info(string code, string message, string? hint = null) => new(code, DiagnosticSeverity.Info, source, span, message, hint);
}
