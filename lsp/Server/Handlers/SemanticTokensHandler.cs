using Pulse.Language.Lexing;
using Pulse.Language.Syntax;
using Pulse.Lsp.Analysis;
using Pulse.Lsp.Navigation;
using Pulse.Lsp.Protocol;
using StreamJsonRpc;

namespace Pulse.Lsp.Handlers;

/// <summary>
/// <c>textDocument/semanticTokens/full</c>: what TextMate cannot know. A word is a keyword only
/// where the grammar makes it one (an identifier outside any name), and names are coloured by
/// their role (relation, column, connection, function, type, ...).
/// </summary>
public sealed class SemanticTokensHandler(RequestRunner runner)
{
    public static readonly string[] TokenTypes =
        ["keyword", "type", "class", "interface", "namespace", "enumMember", "property", "variable", "parameter", "function", "string", "number", "event"];

    public static readonly string[] TokenModifiers = ["declaration", "readonly"];

    public static SemanticTokensLegend Legend => new(TokenTypes, TokenModifiers);

    [JsonRpcMethod("textDocument/semanticTokens/full", UseSingleObjectParameterDeserialization = true)]
    public Task<SemanticTokens> GetAsync(SemanticTokensParams parameters, CancellationToken cancellation) =>
        runner.RunAsync("textDocument/semanticTokens/full", cancellation, (snapshot, _) =>
            new SemanticTokens(HandlerContext.FindFile(snapshot, parameters.TextDocument.Uri) is { } file ? Encode(file) : []));

    /// <summary>The classified tokens as LSP's relative five-integer groups.</summary>
    public static int[] Encode(DocumentAnalysis file)
    {
        var data = new List<int>();
        var previousLine = 0;
        var previousStart = 0;
        foreach (var token in file.Tree.Tokens)
        {
            if (token.IsMissing || token.Text.Length == 0) continue;
            if (Classify(token) is not ({ } type, var modifiers)) continue;
            var start = file.PositionOf(token.Position);
            var end = file.PositionOf(token.Span.End);
            if (end.Line != start.Line) continue; // tokens never span lines in valid Pulse; be safe anyway
            data.Add(start.Line - previousLine);
            data.Add(start.Line == previousLine ? start.Character - previousStart : start.Character);
            data.Add(end.Character - start.Character);
            data.Add(Array.IndexOf(TokenTypes, type));
            data.Add(modifiers);
            previousLine = start.Line;
            previousStart = start.Character;
        }
        return data.ToArray();
    }

    /// <summary>The token type and modifier bits of a token, or a null type when TextMate's colouring is enough.</summary>
    public static (string? Type, int Modifiers) Classify(SyntaxToken token)
    {
        const int declaration = 1;
        switch (token.Kind)
        {
            case TokenKind.String: return ("string", 0);
            case TokenKind.Integer or TokenKind.Number or TokenKind.Duration or TokenKind.Percent: return ("number", 0);
            case TokenKind.TrueKeyword or TokenKind.FalseKeyword or TokenKind.NullKeyword: return ("keyword", 0);
            case var kind when SyntaxFacts.IsReservedKeyword(kind): return ("keyword", 0);
            case TokenKind.Identifier or TokenKind.QuotedIdentifier:
                break;
            default: return (null, 0);
        }
        if (token.Parent is not NameSyntax name)
            return token.Parent is DecimalTypeSyntax or ListTypeSyntax or RecordTypeSyntax ? ("type", 0) : ("keyword", 0);

        return NameClassifier.Classify(name) switch
        {
            NameRole.Declaration => (DeclarationType(name.Parent), declaration),
            NameRole.Kind => ("enumMember", 0),
            NameRole.FieldDeclaration => ("property", declaration),
            NameRole.ColumnDeclaration => ("property", declaration),
            NameRole.ColumnReference => ("property", 0),
            NameRole.RelationReference => ("class", 0),
            NameRole.ConnectionReference or NameRole.EnvironmentReference => ("namespace", 0),
            NameRole.AliasDeclaration => ("variable", declaration),
            NameRole.AliasReference => ("variable", 0),
            NameRole.Function => ("function", 0),
            NameRole.TypeName => ("type", 0),
            NameRole.PropertyKey => ("parameter", 0),
            NameRole.EnumValue => ("enumMember", 0),
            NameRole.ExpectationName => ("event", declaration),
            _ => (null, 0),
        };
    }

    private static string DeclarationType(SyntaxNode? declaration) => declaration switch
    {
        SourceDeclarationSyntax or ViewDeclarationSyntax => "class",
        SinkDeclarationSyntax => "interface",
        TestDeclarationSyntax => "function",
        _ => "namespace",
    };
}
