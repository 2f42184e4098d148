using System.Collections.Immutable;
using Pulse.Language.Diagnostics;
using Pulse.Language.Syntax;

namespace Pulse.Lsp.Formatting;

/// <summary>The outcome of formatting one file.</summary>
/// <param name="Text">The formatted text, or the input unchanged when formatting was refused.</param>
/// <param name="Changed">True when <paramref name="Text"/> differs from the input (what <c>pulse fmt --check</c> reports).</param>
/// <param name="Errors">Syntax errors that made the formatter refuse; empty when it formatted.</param>
public sealed record FormatResult(string Text, bool Changed, ImmutableArray<Diagnostic> Errors)
{
    public bool Refused => !Errors.IsEmpty;
}

/// <summary>
/// The canonical Pulse formatter, shared by the language server and <c>pulse fmt</c>. Idempotent
/// (formatting formatted text changes nothing) and comment-preserving. A file with syntax errors
/// is returned unchanged with the errors: rearranging text the parser did not understand could
/// lose the author's intent.
/// </summary>
public static class PulseFormatter
{
    /// <summary>The formatted text (the input itself when it has syntax errors).</summary>
    public static string Format(string text) => FormatFile(text).Text;

    /// <summary>True when the text is already in canonical form (and parses); what <c>--check</c> asks.</summary>
    public static bool IsFormatted(string text, string path = "input.pulse") => FormatFile(text, path) is { Refused: false, Changed: false };

    public static FormatResult FormatFile(string text, string path = "input.pulse")
    {
        var tree = SyntaxTree.Parse(text, path);
        var errors = tree.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
        if (!errors.IsEmpty) return new FormatResult(text, false, errors);

        var formatted = new FormattingWriter(tree).Write();
        if (!PreservesMeaning(tree, formatted))
            throw new InvalidOperationException($"the formatter would change the tokens or comments of {path}; this is a formatter bug");
        return new FormatResult(formatted, !string.Equals(formatted, text, StringComparison.Ordinal), []);
    }

    /// <summary>Same tokens, same comments, in the same order: the only things layout may not touch.</summary>
    private static bool PreservesMeaning(SyntaxTree original, string formatted)
    {
        var reparsed = SyntaxTree.Parse(formatted, original.Source.Path);
        return Signature(original).SequenceEqual(Signature(reparsed), StringComparer.Ordinal);
    }

    private static IEnumerable<string> Signature(SyntaxTree tree)
    {
        foreach (var token in tree.Tokens)
        {
            foreach (var trivia in token.LeadingTrivia.Concat(token.TrailingTrivia))
                if (trivia.IsComment) yield return trivia.Kind == SyntaxTriviaKind.BlockComment ? trivia.Text : trivia.Text.TrimEnd();
            yield return $"{token.Kind}:{token.Text}";
        }
    }
}
