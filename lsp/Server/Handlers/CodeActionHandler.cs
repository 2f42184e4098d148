using System.Text.RegularExpressions;
using Pulse.Compiler.Properties;
using Pulse.Language.Lexing;
using Pulse.Language.Syntax;
using Pulse.Lsp.Analysis;
using Pulse.Lsp.Navigation;
using Pulse.Lsp.Protocol;
using StreamJsonRpc;

namespace Pulse.Lsp.Handlers;

/// <summary>
/// <c>textDocument/codeAction</c>: quick fixes for "did you mean" diagnostics, adding a missing
/// field to the schema of the source a column should come from, and replacing a literal credential
/// with a <c>secret("…")</c> reference.
/// </summary>
public sealed partial class CodeActionHandler(RequestRunner runner)
{
    [GeneratedRegex(@"did you mean `(?<name>(?:[^`]|``)+)`\?")]
    private static partial Regex DidYouMean();

    [JsonRpcMethod("textDocument/codeAction", UseSingleObjectParameterDeserialization = true)]
    public Task<CodeAction[]> ActionsAsync(CodeActionParams parameters, CancellationToken cancellation) =>
        runner.RunAsync<CodeAction[]>("textDocument/codeAction", cancellation, (snapshot, _) =>
        {
            var analysis = snapshot.Analysis;
            var file = analysis.GetFile(parameters.TextDocument.Uri);
            var unit = file is null ? null : analysis.UnitOf(file.Path);
            if (file is null || unit is null) return [];
            file = unit.FindFile(file.Path) ?? file;
            var actions = new List<CodeAction>();
            actions.AddRange(DidYouMeanFixes(file, parameters.Context.Diagnostics));
            var start = file.OffsetOf(parameters.Range.Start);
            actions.AddRange(AddMissingField(file, unit, start, parameters.Context.Diagnostics));
            actions.AddRange(ReplaceLiteralSecret(file, start, parameters.Context.Diagnostics));
            return actions.ToArray();
        });

    /// <summary>For each diagnostic whose hint says "did you mean `x`?": replace its range with x.</summary>
    public static IEnumerable<CodeAction> DidYouMeanFixes(DocumentAnalysis file, IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            var hint = diagnostic.Data?.Hint ?? diagnostic.Message;
            var match = DidYouMean().Match(hint);
            if (!match.Success) continue;
            var replacement = match.Groups["name"].Value;
            yield return new CodeAction($"Change to `{replacement}`", CodeActionKinds.QuickFix)
            {
                Diagnostics = [diagnostic],
                IsPreferred = true,
                Edit = new WorkspaceEdit(new Dictionary<string, TextEdit[]> { [file.Uri] = [new TextEdit(diagnostic.Range, replacement)] }),
            };
        }
    }

    /// <summary>
    /// On a column name that does not resolve: add it to the schema of the source it would come
    /// from (the source being cleaned, or the source the view reads through the qualifier or its <c>from</c>).
    /// </summary>
    public static IEnumerable<CodeAction> AddMissingField(DocumentAnalysis file, CompilationUnit unit, int offset, Diagnostic[] diagnostics)
    {
        var name = PositionLookup.NameAt(file.Tree, offset);
        if (name is null || unit.Index.SymbolOf(name) is not null) yield break;
        if (NameClassifier.Classify(name) != NameRole.ColumnReference) yield break;
        var source = SourceFor(name, unit.Index);
        if (source?.Declaration is not SourceDeclarationSyntax { Schema: { } schema } || unit.FindFile(source.File.Path) is not { } sourceFile) yield break;

        var indent = schema.Fields.Count > 0
            ? new string(' ', sourceFile.PositionOf(schema.Fields[^1].Span.Start).Character)
            : new string(' ', sourceFile.PositionOf(schema.Keyword.Position).Character + 2);
        var anchor = schema.Fields.Count > 0 ? schema.Fields[^1].Span.End : schema.OpenBrace.Span.End;
        var newline = sourceFile.Text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var field = $"{newline}{indent}{SyntaxFacts.QuoteIdentifierIfNeeded(name.Text)}: string?";
        yield return new CodeAction($"Add field `{name.Text}` to the schema of source `{source.Name}`", CodeActionKinds.QuickFix)
        {
            Diagnostics = diagnostics.Where(d => d.Range.Start.Line == file.PositionOf(name.Span.Start).Line).ToArray(),
            Edit = new WorkspaceEdit(new Dictionary<string, TextEdit[]> { [sourceFile.Uri] = [new TextEdit(sourceFile.RangeOf(anchor, anchor), field)] }),
        };
    }

    private static PulseSymbol? SourceFor(NameSyntax name, SemanticIndex index)
    {
        foreach (var ancestor in name.Ancestors())
        {
            switch (ancestor)
            {
                case SourceDeclarationSyntax source:
                    return index.Relations.GetValueOrDefault(source.Name.Text);
                case ViewDeclarationSyntax view:
                    if (name.Parent is MemberAccessExpressionSyntax { Expression: NameExpressionSyntax qualifier })
                    {
                        var target = index.SymbolOf(qualifier.Name);
                        target = target?.Category == SymbolCategory.Alias ? target.Target : target;
                        return target?.Category == SymbolCategory.Source ? target : null;
                    }
                    var from = view.Steps.OfType<FromStepSyntax>().FirstOrDefault();
                    var relation = from is null ? null : index.Relations.GetValueOrDefault(from.Relation.Text);
                    return relation?.Category == SymbolCategory.Source ? relation : null;
            }
        }
        return null;
    }

    /// <summary>On a credential setting holding a string literal: reference a secret-manager entry instead.</summary>
    public static IEnumerable<CodeAction> ReplaceLiteralSecret(DocumentAnalysis file, int offset, Diagnostic[] diagnostics)
    {
        var node = file.Tree.FindNode(offset);
        var property = node as PropertySyntax ?? node.Ancestors().OfType<PropertySyntax>().FirstOrDefault();
        if (property is not { Value: LiteralExpressionSyntax { Token.Kind: TokenKind.String } literal }) yield break;
        var isSecret = PropertyBlocks.DefinitionOf(property)?.IsSecret == true || PropertyCatalog.LooksSecret(property.Name.Text);
        if (!isSecret) yield break;

        var owner = property.Ancestors().OfType<DeclarationSyntax>().FirstOrDefault()?.Name?.Text
                    ?? property.Ancestors().OfType<ConnectionDeclarationSyntax>().FirstOrDefault()?.Name.Text;
        var secretName = string.Join("-", new[] { owner, property.Name.Text }.Where(s => !string.IsNullOrEmpty(s)))
            .Replace('_', '-').ToLowerInvariant();
        yield return new CodeAction($"Replace the literal with secret(\"{secretName}\")", CodeActionKinds.QuickFix)
        {
            Diagnostics = diagnostics.Where(d => d.Code == "PULSE3010").ToArray() is { Length: > 0 } related ? related : null,
            IsPreferred = true,
            Edit = new WorkspaceEdit(new Dictionary<string, TextEdit[]> { [file.Uri] = [new TextEdit(file.RangeOf(literal.Span), $"secret(\"{secretName}\")")] }),
        };
    }
}
