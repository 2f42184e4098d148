using System.Runtime.CompilerServices;
using Pulse.Language.Diagnostics;
using Pulse.Language.Lexing;
using Pulse.Language.Syntax;
using Pulse.Language.Text;

namespace Pulse.Language.Parsing;

/// <summary>
/// The state of one parse: the tokens (with trivia) behind Superpower's token list, the diagnostics
/// and the nesting depth. The grammar's parsers are static (built once); they reach the current
/// parse through <see cref="Current"/>, which is per thread, so parses on different threads never mix.
/// Index <c>i</c> of Superpower's <c>TokenList.Position</c> is index <c>i</c> of <see cref="Tokens"/>;
/// the end-of-file token sits after the last Superpower token.
/// </summary>
internal sealed class ParseSession(SourceText source, SyntaxToken[] tokens)
{
    /// <summary>Deepest allowed nesting of expressions, types and blocks (operator chains count one level per operator).</summary>
    public const int MaxDepth = 128;

    /// <summary>Syntax diagnostics kept per file; past it, one PULSE0122 says the rest were dropped.</summary>
    public const int MaxDiagnostics = 1000;

    [ThreadStatic] private static ParseSession? current;

    private int lastReportedIndex = -1;
    private int depth;
    private bool nestingReported;
    private bool unwinding;

    public static ParseSession Current => current ?? throw new InvalidOperationException("The Pulse grammar runs only inside PulseParser.ParseFile.");

    public static T Run<T>(ParseSession session, Func<T> parse)
    {
        var saved = current;
        current = session;
        try { return parse(); }
        finally { current = saved; }
    }

    public SourceText Source { get; } = source;
    public SyntaxToken[] Tokens { get; } = tokens;
    public List<Diagnostic> Diagnostics { get; } = [];

    /// <summary>The token of the last report; carried from one top-level element to the next.</summary>
    public int LastReportedIndex => lastReportedIndex;

    /// <summary>
    /// Continues after top-level elements taken from an earlier parse: their diagnostics (re-pointed at
    /// this source) count towards the cap, and a report at the token they last reported at is still dropped.
    /// </summary>
    public void ContinueAfter(ElementState state, IEnumerable<Diagnostic> earlier)
    {
        lastReportedIndex = state.LastReportedIndex;
        foreach (var diagnostic in earlier) Diagnostics.Add(diagnostic with { Source = Source });
    }
    public int EndOfFileIndex => Tokens.Length - 1;

    public SyntaxToken TokenAt(int index) => Tokens[Math.Min(index, Tokens.Length - 1)];
    public TokenKind KindAt(int index) => TokenAt(index).Kind;
    public bool IsWordAt(int index, string word) => KindAt(index) == TokenKind.Identifier && TokenAt(index).Text == word;
    public bool IsNameAt(int index) => SyntaxFacts.IsName(KindAt(index));

    /// <summary>True when the token is the first on its line.</summary>
    public bool StartsLine(int index)
    {
        if (index == 0) return true;
        var previous = TokenAt(index - 1);
        if (previous.TrailingTrivia.Length > 0 && previous.TrailingTrivia[^1].Kind == SyntaxTriviaKind.EndOfLine) return true;
        foreach (var trivia in TokenAt(index).LeadingTrivia)
        {
            if (trivia.Kind == SyntaxTriviaKind.EndOfLine) return true;
        }
        return false;
    }

    public int ColumnOf(int index) => Source.GetPosition(TokenAt(index).Position).Character;

    private int cachedLineStartIndex = -1;
    private int cachedLineEndIndex = -1;

    /// <summary>
    /// The index of the first token on the line of the token at <paramref name="index"/>. Remembers the
    /// last line asked about: recovery asks again and again on one long line, which must stay linear.
    /// </summary>
    public int LineStartIndex(int index)
    {
        if (cachedLineStartIndex >= 0 && index >= cachedLineStartIndex)
        {
            if (index <= cachedLineEndIndex) return cachedLineStartIndex;
            // Walk back only to the part of the line already known.
            var back = index;
            while (back > cachedLineEndIndex && !StartsLine(back)) back--;
            if (back == cachedLineEndIndex)
            {
                cachedLineEndIndex = index;
                return cachedLineStartIndex;
            }
            (cachedLineStartIndex, cachedLineEndIndex) = (back, index);
            return back;
        }
        var start = index;
        while (start > 0 && !StartsLine(start)) start--;
        (cachedLineStartIndex, cachedLineEndIndex) = (start, index);
        return start;
    }

    /// <summary>How messages name the token at <paramref name="index"/>: <c>`}`</c>, <c>`sourc`</c>, <c>end of file</c>.</summary>
    public string Describe(int index)
    {
        var token = TokenAt(index);
        if (token.Kind == TokenKind.EndOfFile) return "end of file";
        var text = token.Text.Length > 32 ? token.Text[..29] + "…" : token.Text;
        return $"`{text}`";
    }

    /// <summary>
    /// Where to report something missing before the token at <paramref name="index"/>: on that token
    /// when it is on the same line as the previous one, otherwise just after the previous token
    /// (so "expected `}`" points at the line that lacks it, not at the next declaration).
    /// </summary>
    public TextSpan MissingSpan(int index)
    {
        var token = TokenAt(index);
        if (index == 0) return token.Kind == TokenKind.EndOfFile ? new TextSpan(token.Position, 0) : token.Span;
        var previousEnd = TokenAt(index - 1).Span.End;
        var sameLine = Source.GetPosition(previousEnd).Line == Source.GetPosition(token.Position).Line;
        if (!sameLine || token.Kind == TokenKind.EndOfFile) return new TextSpan(previousEnd, 0);
        return token.Span;
    }

    /// <summary>Just after the token before <paramref name="index"/>: where a missing closing brace belongs.</summary>
    public TextSpan AfterPrevious(int index) =>
        index == 0 ? new TextSpan(0, 0) : new TextSpan(TokenAt(index - 1).Span.End, 0);

    public DiagnosticBuilder At(TextSpan span) => DiagnosticBuilder.For(Source, span);

    /// <summary>
    /// Records a syntax diagnostic caused at token <paramref name="index"/>. Only the first one per
    /// token is kept: one mistake (say a missing name) would otherwise cascade into "expected `:`",
    /// "expected `{`", ... all at the same place.
    /// </summary>
    public void Report(int index, Diagnostic diagnostic)
    {
        if (unwinding || index == lastReportedIndex) return;
        // The lexer already reported a bad character; "expected …, found `#`" would say it twice.
        if (KindAt(index) == TokenKind.Error) { lastReportedIndex = index; return; }
        lastReportedIndex = index;
        AddCapped(diagnostic);
    }

    /// <summary>False when a report at <paramref name="index"/> would be dropped: lets hot recovery paths skip formatting the message.</summary>
    public bool WouldReport(int index) =>
        !unwinding && index != lastReportedIndex && KindAt(index) != TokenKind.Error && Diagnostics.Count <= MaxDiagnostics;

    /// <summary>Adds a diagnostic unless the per-file limit is reached (then a single PULSE0122 marks the cut).</summary>
    public void AddCapped(Diagnostic diagnostic)
    {
        if (Diagnostics.Count < MaxDiagnostics) Diagnostics.Add(diagnostic);
        else if (Diagnostics.Count == MaxDiagnostics) Diagnostics.Add(At(diagnostic.Span).TooManyErrors(MaxDiagnostics));
    }

    /// <summary>
    /// Enters one nesting level; false (after reporting PULSE0103) when the limit or the thread's stack
    /// is exhausted: the caller then stops descending and the rest is skipped by block recovery.
    /// </summary>
    public bool TryEnter(int index)
    {
        if (unwinding) return false;
        if (depth >= MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            // Once per declaration: after the first refusal, operator chains and unary runs keep
            // meeting the limit a level higher up, which would otherwise repeat the same message.
            if (!nestingReported) Report(index, At(TokenAt(index).Span).NestingTooDeep(MaxDepth));
            nestingReported = true;
            // Unwind quietly: every level above would otherwise add "expected `)`" and the like.
            unwinding = true;
            return false;
        }
        depth++;
        return true;
    }

    public void Exit(int levels = 1) => depth -= levels;

    /// <summary>Called before each top-level declaration so each one can report nesting once.</summary>
    public void StartDeclaration()
    {
        nestingReported = false;
        unwinding = false;
    }

    /// <summary>Recovery has skipped past the too-deep part (or reached a fresh member): report again.</summary>
    public void Resync() => unwinding = false;
}
