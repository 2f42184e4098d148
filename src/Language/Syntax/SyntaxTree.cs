using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Pulse.Language.Diagnostics;
using Pulse.Language.Parsing;
using Pulse.Language.Text;

namespace Pulse.Language.Syntax;

/// <summary>
/// One parsed .pulse file: its text, its full-fidelity tree (<c>Root.ToFullString() == Source.Text</c>
/// for any input), the lexical and syntax diagnostics, and the suppression comments.
/// </summary>
public sealed class SyntaxTree
{
    private SyntaxTree(SourceText source, FileSyntax root, ImmutableArray<Diagnostic> diagnostics, ImmutableDictionary<int, ImmutableArray<string>> suppressions, ParseState? state)
    {
        Source = source;
        Root = root;
        Diagnostics = diagnostics;
        Suppressions = suppressions;
        State = state;
    }

    /// <summary>What a later parse of this file's next version can reuse.</summary>
    internal ParseState? State { get; }

    public SourceText Source { get; }
    public FileSyntax Root { get; }

    /// <summary>Lexical (PULSE00xx) and syntax (PULSE01xx) diagnostics, ordered by position.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    /// <summary>
    /// 0-based line → codes silenced on that line by a <c>// pulse-disable-next-line PULSE5001, PULSE5002</c>
    /// comment on the line above (codes are upper-cased and de-duplicated).
    /// </summary>
    public ImmutableDictionary<int, ImmutableArray<string>> Suppressions { get; }

    /// <summary>True when a suppression comment silences <paramref name="code"/> on the 0-based <paramref name="line"/>.</summary>
    public bool IsSuppressed(string code, int line) =>
        Suppressions.TryGetValue(line, out var codes) && codes.Contains(code, StringComparer.OrdinalIgnoreCase);

    /// <summary>True when a suppression comment silences the diagnostic at its start line.</summary>
    public bool IsSuppressed(Diagnostic diagnostic) => IsSuppressed(diagnostic.Code, diagnostic.Start.Line);

    /// <summary>Parses a file. Never throws, whatever the text; problems are in <see cref="Diagnostics"/>.</summary>
    public static SyntaxTree Parse(SourceText source) => Parse(source, previous: null);

    /// <summary>
    /// Parses a new version of a file, reusing what it can of <paramref name="previous"/> (the tree of an
    /// earlier version of it): the top-level declarations before the first edit are taken over as they
    /// are, the rest is parsed. The result is the tree, diagnostics and suppressions
    /// <see cref="Parse(SourceText)"/> gives; only faster, for the language server's keystrokes.
    /// <paramref name="previous"/> keeps working, except that the declarations this tree took over now
    /// have this tree's root as their parent.
    /// </summary>
    public static SyntaxTree Parse(SourceText source, SyntaxTree? previous)
    {
        var result = PulseParser.ParseFile(source, previous?.State);
        SetParents(result.Root, result.ReusedElements);
        var suppressions = SuppressionScanner.Scan(source, result.LineComments, out var suppressionDiagnostics);
        var diagnostics = result.Diagnostics.AddRange(suppressionDiagnostics)
            .OrderBy(d => d.Span.Start).ThenBy(d => d.Code, StringComparer.Ordinal).ToImmutableArray();
        return new SyntaxTree(source, result.Root, diagnostics, suppressions, result.State);
    }

    /// <summary>Parses text held in memory; <paramref name="path"/> is only used in messages.</summary>
    public static SyntaxTree Parse(string text, string path = "input.pulse") => Parse(new SourceText(path, text));

    /// <summary>The token whose full span (trivia included) contains the offset; the end-of-file token at the end.</summary>
    public SyntaxToken FindToken(int position) => Root.FindToken(Math.Clamp(position, 0, Source.Text.Length));

    /// <summary>The deepest node whose span contains (or ends at) the offset; the root when none does.</summary>
    public SyntaxNode FindNode(int position) => Root.FindNode(Math.Clamp(position, 0, Source.Text.Length));

    /// <summary>Every token of the file in order, end-of-file token last.</summary>
    public IEnumerable<SyntaxToken> Tokens => Root.DescendantTokens();

    /// <summary>
    /// The tokens the lexer found (<see cref="Tokens"/> without the missing ones the parser inserted),
    /// end-of-file token last: the same objects as in the tree, kept from the parse instead of walking it.
    /// </summary>
    public ImmutableArray<SyntaxToken> LexedTokens => lexedTokens.IsDefault
        ? lexedTokens = State is { } state ? ImmutableCollectionsMarshal.AsImmutableArray(state.Tokens) : [.. Tokens.Where(t => !t.IsMissing)]
        : lexedTokens;

    private ImmutableArray<SyntaxToken> lexedTokens;

    /// <summary>Sets the parent of every element; the first <paramref name="reused"/> top-level elements only get the new root (their insides are set already).</summary>
    private static void SetParents(FileSyntax root, int reused)
    {
        // Iterative so that no tree shape can overflow the stack.
        var stack = new Stack<SyntaxNode>();
        var topLevel = root.Children;
        for (var i = 0; i < topLevel.Length; i++)
        {
            topLevel[i].Parent = root;
            if (i >= reused && topLevel[i] is SyntaxNode node) stack.Push(node);
        }
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            foreach (var child in node.Children)
            {
                child.Parent = node;
                if (child is SyntaxNode childNode) stack.Push(childNode);
            }
        }
    }
}
