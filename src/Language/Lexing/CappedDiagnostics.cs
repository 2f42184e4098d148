using System.Collections.Immutable;
using Pulse.Language.Diagnostics;
using Pulse.Language.Text;

namespace Pulse.Language.Lexing;

/// <summary>
/// Collects lexical diagnostics up to a per-file limit; past it a single PULSE0122 marks the cut, so
/// a megabyte of garbage costs neither a million messages nor the time to format them.
/// </summary>
internal sealed class CappedDiagnostics(SourceText source, int limit)
{
    private readonly ImmutableArray<Diagnostic>.Builder items = ImmutableArray.CreateBuilder<Diagnostic>();

    public bool IsFull => items.Count > limit;

    public void Add(Diagnostic diagnostic)
    {
        if (items.Count < limit) items.Add(diagnostic);
        else if (items.Count == limit) items.Add(DiagnosticBuilder.For(source, diagnostic.Span).TooManyErrors(limit));
    }

    public ImmutableArray<Diagnostic> ToImmutable() => items.ToImmutable();
}
