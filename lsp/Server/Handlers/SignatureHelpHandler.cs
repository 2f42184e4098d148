using Pulse.Compiler.Functions;
using Pulse.Language.Lexing;
using Pulse.Lsp.Analysis;
using Pulse.Lsp.Protocol;
using StreamJsonRpc;

namespace Pulse.Lsp.Handlers;

/// <summary><c>textDocument/signatureHelp</c>: the signature of the function whose argument list the cursor is in, with the active parameter.</summary>
public sealed class SignatureHelpHandler(RequestRunner runner)
{
    public static readonly string[] TriggerCharacters = ["(", ","];

    [JsonRpcMethod("textDocument/signatureHelp", UseSingleObjectParameterDeserialization = true)]
    public Task<SignatureHelp?> HelpAsync(TextDocumentPositionParams parameters, CancellationToken cancellation) =>
        runner.RunAsync("textDocument/signatureHelp", cancellation, (snapshot, _) =>
            HandlerContext.FindFile(snapshot, parameters.TextDocument.Uri) is { } file ? Compute(file, file.OffsetOf(parameters.Position)) : null);

    public static SignatureHelp? Compute(DocumentAnalysis file, int offset)
    {
        var tokens = file.PresentTokens;
        var depth = 0;
        var commas = 0;
        for (var i = file.LastTokenIndexBefore(offset); i >= 0; i--)
        {
            var token = tokens[i];
            if (token.Span.End > offset) continue; // the cursor is inside this token
            switch (token.Kind)
            {
                case TokenKind.CloseParen or TokenKind.CloseBracket: depth++; break;
                case TokenKind.OpenBracket: if (depth > 0) depth--; break;
                case TokenKind.Comma when depth == 0: commas++; break;
                case TokenKind.OpenBrace or TokenKind.CloseBrace: return null;
                case TokenKind.OpenParen when depth > 0: depth--; break;
                case TokenKind.OpenParen:
                    if (i == 0 || FunctionCatalog.Find(tokens[i - 1].Text) is not { } function) return null;
                    return Help(function, commas);
            }
        }
        return null;
    }

    private static SignatureHelp Help(FunctionDefinition function, int argumentIndex)
    {
        var parameters = function.Parameters.Select(p => new ParameterInformation(LabelOf(function.Signature, p.Name), null)).ToArray();
        var active = parameters.Length == 0 ? 0 : Math.Min(argumentIndex, parameters.Length - 1);
        var signature = new SignatureInformation(function.Signature, MarkupContent.Markdown(function.Doc), parameters);
        return new SignatureHelp([signature], 0, active);
    }

    /// <summary>The parameter's text inside the signature (<c>start: int</c>), which LSP clients underline.</summary>
    private static string LabelOf(string signature, string name)
    {
        var open = signature.IndexOf('(');
        var start = signature.IndexOf(name + ":", open + 1, StringComparison.Ordinal);
        if (start < 0) return name;
        var end = start;
        while (end < signature.Length && signature[end] is not (',' or ')' or '[' or ']')) end++;
        return signature[start..end].TrimEnd();
    }
}
