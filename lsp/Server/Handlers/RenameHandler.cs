using Pulse.Language.Syntax;
using Pulse.Lsp.Navigation;
using Pulse.Lsp.Protocol;
using StreamJsonRpc;

namespace Pulse.Lsp.Handlers;

/// <summary>
/// Rename across the files of the unit. The new name is checked (a name, not a reserved word
/// unless quoted) and written with backticks when it needs them; every occurrence the index
/// resolves to the same symbol is edited, declaration included.
/// </summary>
public sealed class RenameHandler(RequestRunner runner)
{
    [JsonRpcMethod("textDocument/prepareRename", UseSingleObjectParameterDeserialization = true)]
    public Task<PrepareRenameResult?> PrepareAsync(TextDocumentPositionParams parameters, CancellationToken cancellation) =>
        runner.RunAsync("textDocument/prepareRename", cancellation, (snapshot, _) =>
        {
            var at = SymbolAtPosition.Find(snapshot, parameters.TextDocument.Uri, parameters.Position);
            if (at?.Symbol is not { } symbol || symbol.DeclarationName is null)
                throw Refuse("nothing to rename here: put the cursor on a declared name (relation, column, connection, alias, ...)");
            return (PrepareRenameResult?)new PrepareRenameResult(at.File.RangeOf(at.Name.Span), symbol.Name);
        });

    [JsonRpcMethod("textDocument/rename", UseSingleObjectParameterDeserialization = true)]
    public Task<WorkspaceEdit> RenameAsync(RenameParams parameters, CancellationToken cancellation) =>
        runner.RunAsync("textDocument/rename", cancellation, (snapshot, _) =>
        {
            var at = SymbolAtPosition.Find(snapshot, parameters.TextDocument.Uri, parameters.Position);
            if (at?.Symbol is not { } symbol || symbol.DeclarationName is null)
                throw Refuse("nothing to rename here: put the cursor on a declared name (relation, column, connection, alias, ...)");
            var newText = SpellName(parameters.NewName);
            var newName = SyntaxTree.Parse(newText).Tokens.First().ValueText;
            if (newName == symbol.Name) return new WorkspaceEdit([]);
            RefuseConflicts(at.Unit.Index, symbol, newName);

            var edits = SymbolAtPosition.Occurrences(at.Unit, symbol, includeDeclaration: true)
                .Select(o => (o.File.Uri, Edit: new TextEdit(o.File.RangeOf(o.Name.Span), newText))).ToList();
            // A schema field without `from "…"` reads the input column of its own name: keep
            // reading the same input column after the rename.
            if (symbol.Declaration is FieldSyntax { FromKeyword: null, Parent: SchemaBlockSyntax } field)
                edits.Add((symbol.File.Uri, new TextEdit(symbol.File.RangeOf(field.Type.Span.End, field.Type.Span.End), $" from \"{Escape(symbol.Name)}\"")));
            var changes = edits.GroupBy(e => e.Uri, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(e => e.Edit).ToArray(), StringComparer.Ordinal);
            return new WorkspaceEdit(changes);
        });

    /// <summary>How a new name is written: bare when it can be, in backticks otherwise; refused when it is no name.</summary>
    public static string SpellName(string requested)
    {
        var name = requested.Trim();
        if (name.Length >= 2 && name[0] == '`' && name[^1] == '`')
            name = name[1..^1].Replace("``", "`", StringComparison.Ordinal);
        if (name.Length == 0) throw Refuse("the new name is empty");
        if (name.Any(c => c is '\r' or '\n')) throw Refuse("a name cannot span lines");
        return SyntaxFacts.QuoteIdentifierIfNeeded(name);
    }

    private static void RefuseConflicts(SemanticIndex index, PulseSymbol symbol, string newName)
    {
        var space = symbol.Category switch
        {
            SymbolCategory.Source or SymbolCategory.View => index.Relations,
            SymbolCategory.Connection => index.Connections,
            SymbolCategory.Environment => index.Environments,
            _ => null,
        };
        if (space is not null && space.TryGetValue(newName, out var existing) && !ReferenceEquals(existing, symbol))
            throw Refuse($"cannot rename to `{newName}`: {existing.Category.ToString().ToLowerInvariant()} `{newName}` already exists");
        if (symbol.Category == SymbolCategory.Column && symbol.Declaration.Parent is SchemaBlockSyntax schema
            && schema.Fields.Any(f => f.Name.Text == newName))
            throw Refuse($"cannot rename to `{newName}`: the schema already has a field `{newName}`");
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private static LocalRpcException Refuse(string message) => new(message) { ErrorCode = LspErrorCodes.RequestFailed };
}
