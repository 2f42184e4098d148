using System.Text;
using Pulse.Language.Diagnostics;
using Pulse.Language.Text;

namespace Pulse.Compiler.Tests.Infrastructure;

/// <summary>
/// Prints a file with each diagnostic under the line it starts on (the Bicep baseline style):
/// <c>//@[line:col-line:col) PULSE1002 error: message (hint: …)</c>. Empty when there are none.
/// </summary>
public static class DiagnosticPrinter
{
    public static string Print(SourceText source, IEnumerable<Diagnostic> diagnostics)
    {
        var byLine = diagnostics.Where(d => d.Source.Path == source.Path).GroupBy(d => d.Start.Line).ToDictionary(g => g.Key, g => g.ToList());
        if (byLine.Count == 0) return "";
        var text = new StringBuilder();
        for (var line = 0; line < source.LineCount; line++)
        {
            text.Append(source.GetLineText(line)).Append('\n');
            if (!byLine.TryGetValue(line, out var list)) continue;
            foreach (var d in list)
            {
                text.Append($"//@[{d.Start.Line + 1}:{d.Start.Character + 1}-{d.End.Line + 1}:{d.End.Character + 1}) {d.Code} {d.Severity.ToString().ToLowerInvariant()}: {d.Message}");
                if (d.Hint is not null) text.Append($" (hint: {d.Hint})");
                text.Append('\n');
            }
        }
        return text.ToString();
    }
}
