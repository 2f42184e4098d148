using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Pulse.Language.Diagnostics;
using Pulse.Language.Text;

namespace Pulse.Language.Syntax;

/// <summary>Finds <c>// pulse-disable-next-line PULSE5001, PULSE5002</c> comments and maps the line below to the codes.</summary>
internal static partial class SuppressionScanner
{
    private const string Directive = "pulse-disable-next-line";

    [GeneratedRegex(@"^PULSE\d{4}$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex CodePattern();

    public static ImmutableDictionary<int, ImmutableArray<string>> Scan(SourceText source, ImmutableArray<SyntaxTrivia> lineComments, out ImmutableArray<Diagnostic> diagnostics)
    {
        var map = new SortedDictionary<int, SortedSet<string>>();
        var problems = ImmutableArray.CreateBuilder<Diagnostic>();
        foreach (var trivia in lineComments)
        {
            var body = trivia.Text[2..].Trim();
            if (!body.StartsWith(Directive, StringComparison.Ordinal)) continue;
            var rest = body[Directive.Length..];
            if (rest.Length > 0 && !char.IsWhiteSpace(rest[0])) continue; // some other word that merely starts the same
            var codes = rest.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var valid = codes.Where(c => CodePattern().IsMatch(c)).Select(c => c.ToUpperInvariant()).ToList();
            if (valid.Count == 0 || valid.Count != codes.Length)
            {
                problems.Add(DiagnosticBuilder.For(source, trivia.Span).InvalidSuppression());
            }
            if (valid.Count == 0) continue;
            var line = source.GetPosition(trivia.Span.Start).Line + 1;
            if (!map.TryGetValue(line, out var set)) map[line] = set = new SortedSet<string>(StringComparer.Ordinal);
            set.UnionWith(valid);
        }
        diagnostics = problems.ToImmutable();
        return map.ToImmutableDictionary(p => p.Key, p => p.Value.ToImmutableArray());
    }
}
