namespace Pulse.Compiler.Common;

/// <summary>
/// Suggests the closest known name for a misspelt one, so "unknown X" diagnostics can say "did you
/// mean Y?". Uses the optimal-string-alignment edit distance (a swap of two neighbours costs one),
/// compared case-insensitively, because typos are mostly one slipped or swapped key.
/// </summary>
public static class DidYouMean
{
    /// <summary>
    /// The candidate closest to <paramref name="name"/>, or null when none is close enough (more than
    /// a third of the name's length, at least one edit, away, or nothing in common at all). Ties go to
    /// the ordinally first candidate so the suggestion is deterministic.
    /// </summary>
    public static string? Suggest(string name, IEnumerable<string> candidates)
    {
        if (string.IsNullOrEmpty(name)) return null;
        var limit = Math.Max(1, name.Length / 3);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            if (string.IsNullOrEmpty(candidate) || candidate == name) continue;
            if (Math.Abs(candidate.Length - name.Length) > limit) continue;
            var distance = Distance(name, candidate);
            // Replacing every character is no typo ("b" is not a misspelt "a").
            if (distance > limit || distance >= Math.Max(name.Length, candidate.Length)) continue;
            if (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0))
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /// <summary>Optimal string alignment distance, ignoring case.</summary>
    public static int Distance(string a, string b)
    {
        var previousPrevious = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 2])
                    && char.ToLowerInvariant(a[i - 2]) == char.ToLowerInvariant(b[j - 1]))
                {
                    value = Math.Min(value, previousPrevious[j - 2] + 1);
                }
                current[j] = value;
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious);
        }
        return previous[b.Length];
    }
}
