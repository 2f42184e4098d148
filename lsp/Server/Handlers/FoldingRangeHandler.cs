using Pulse.Language.Lexing;
using Pulse.Language.Syntax;
using Pulse.Lsp.Analysis;
using Pulse.Lsp.Protocol;
using StreamJsonRpc;

namespace Pulse.Lsp.Handlers;

/// <summary><c>textDocument/foldingRange</c>: every block spanning lines, runs of comment lines, and the imports.</summary>
public sealed class FoldingRangeHandler(RequestRunner runner)
{
    [JsonRpcMethod("textDocument/foldingRange", UseSingleObjectParameterDeserialization = true)]
    public Task<FoldingRange[]> GetAsync(FoldingRangeParams parameters, CancellationToken cancellation) =>
        runner.RunAsync<FoldingRange[]>("textDocument/foldingRange", cancellation, (snapshot, _) =>
            HandlerContext.FindFile(snapshot, parameters.TextDocument.Uri) is { } file ? Compute(file) : []);

    public static FoldingRange[] Compute(DocumentAnalysis file)
    {
        var ranges = new List<FoldingRange>();
        var open = new Stack<SyntaxToken>();
        var commentStart = -1;
        var commentEnd = -1;
        foreach (var token in file.Tree.Tokens)
        {
            foreach (var trivia in token.LeadingTrivia.Concat(token.TrailingTrivia))
            {
                if (!trivia.IsComment) continue;
                var first = file.PositionOf(trivia.Span.Start).Line;
                var last = file.PositionOf(trivia.Span.End).Line;
                if (trivia.Kind == SyntaxTriviaKind.BlockComment && last > first) ranges.Add(new FoldingRange(first, last) { Kind = "comment" });
                if (commentStart >= 0 && first == commentEnd + 1) commentEnd = last;
                else
                {
                    AddCommentRun(ranges, commentStart, commentEnd);
                    (commentStart, commentEnd) = (first, last);
                }
            }
            if (token.IsMissing) continue;
            if (token.Kind is TokenKind.OpenBrace or TokenKind.OpenBracket or TokenKind.OpenParen) open.Push(token);
            else if (token.Kind is TokenKind.CloseBrace or TokenKind.CloseBracket or TokenKind.CloseParen && open.Count > 0)
            {
                var start = file.PositionOf(open.Pop().Position).Line;
                var end = file.PositionOf(token.Position).Line;
                if (end > start) ranges.Add(new FoldingRange(start, end - 1)); // keep the closing line visible
            }
        }
        AddCommentRun(ranges, commentStart, commentEnd);

        var imports = file.Tree.Root.Imports.ToList();
        if (imports.Count > 1)
        {
            var first = file.PositionOf(imports[0].Span.Start).Line;
            var last = file.PositionOf(imports[^1].Span.End).Line;
            if (last > first) ranges.Add(new FoldingRange(first, last) { Kind = "imports" });
        }
        return ranges.Distinct().Where(r => r.EndLine > r.StartLine)
            .OrderBy(r => r.StartLine).ThenBy(r => r.EndLine).ToArray();
    }

    private static void AddCommentRun(List<FoldingRange> ranges, int start, int end)
    {
        if (start >= 0 && end > start) ranges.Add(new FoldingRange(start, end) { Kind = "comment" });
    }
}
