using Pulse.Compiler.Ir;
using Pulse.Language.Diagnostics;
using Pulse.Language.Syntax;
using Pulse.Language.Text;

namespace Pulse.Compiler.Binding;

/// <summary>
/// Shared state of one binding pass over a whole compilation: the global symbols, the diagnostics
/// found so far and the semantic facts recorded for the language server.
/// </summary>
internal sealed class BindingContext(GlobalSymbols globals, int expectedTokens = 0)
{
    private readonly List<Diagnostic> diagnostics = [];

    public GlobalSymbols Globals { get; } = globals;
    public SemanticInfo Info { get; } = new(expectedTokens);
    public IReadOnlyList<Diagnostic> Diagnostics => diagnostics;

    /// <summary>Stops the pass between declarations when the caller no longer wants the result.</summary>
    public CancellationToken Cancellation { get; init; }

    public void Add(Diagnostic diagnostic) => diagnostics.Add(diagnostic);

    public static DiagnosticBuilder At(SyntaxTree tree, SyntaxNode node) => DiagnosticBuilder.For(tree.Source, node.Span);
    public static DiagnosticBuilder At(SyntaxTree tree, SyntaxToken token) => DiagnosticBuilder.For(tree.Source, token.Span);
    public static DiagnosticBuilder At(SyntaxTree tree, TextSpan span) => DiagnosticBuilder.For(tree.Source, span);

    public static Origin OriginOf(SyntaxTree tree, SyntaxNode node) => OriginOf(tree, node.Span);

    public static Origin OriginOf(SyntaxTree tree, TextSpan span)
    {
        var start = tree.Source.GetPosition(span.Start);
        return new Origin(tree.Source.Path, start.Line + 1, start.Character + 1, span.Start, span.Length);
    }

    /// <summary>How a message points at another declaration: "line 3, column 8" in the same file, else <c>file(line,col)</c>.</summary>
    public static string Where(Symbol symbol, SyntaxTree from) => symbol.Location is { } location ? Where(location.Tree, location.Span.Start, from) : "built in";

    public static string Where(SyntaxTree tree, int position, SyntaxTree from)
    {
        var start = tree.Source.GetPosition(position);
        return ReferenceEquals(tree, from) || tree.Source.Path == from.Source.Path
            ? $"line {start.Line + 1}, column {start.Character + 1}"
            : $"{tree.Source.Path}({start.Line + 1},{start.Character + 1})";
    }
}
