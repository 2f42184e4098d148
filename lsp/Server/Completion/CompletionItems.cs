using Pulse.Compiler.Functions;
using Pulse.Compiler.Properties;
using Pulse.Language.Syntax;
using Pulse.Lsp.Navigation;
using Pulse.Lsp.Protocol;

namespace Pulse.Lsp.Completion;

/// <summary>Builds completion items for each kind of thing, with details and documentation.</summary>
internal static class CompletionItems
{
    public static CompletionItem Keyword(string word, string? detail = null) =>
        new(word, CompletionItemKind.Keyword) { Detail = detail, SortText = "2" + word };

    public static IEnumerable<CompletionItem> Keywords(IEnumerable<string> words, string? detail = null) => words.Select(w => Keyword(w, detail));

    public static CompletionItem Column(ScopeColumn column)
    {
        var symbol = column.Symbol;
        var doc = string.Join("\n\n", new[] { symbol.Origin is null ? null : char.ToUpperInvariant(symbol.Origin[0]) + symbol.Origin[1..], symbol.Doc }.Where(s => !string.IsNullOrEmpty(s)));
        var label = SyntaxFacts.QuoteIdentifierIfNeeded(column.Name);
        return new CompletionItem(column.Name, CompletionItemKind.Field)
        {
            Detail = column.TypeText ?? (symbol.Expression is { } e ? $"= {e}" : "column"),
            Documentation = doc.Length == 0 ? null : MarkupContent.Markdown(doc),
            SortText = "0" + column.Name,
            InsertText = label != column.Name ? label : null,
        };
    }

    public static CompletionItem Relation(PulseSymbol relation) =>
        new(relation.Name, CompletionItemKind.Class)
        {
            Detail = relation.Category == SymbolCategory.Source ? $"source: {relation.KindText}" : $"{relation.KindText} view",
            Documentation = relation.Doc is null ? null : MarkupContent.Markdown(relation.Doc),
            SortText = "0" + relation.Name,
            InsertText = Quoted(relation.Name),
        };

    public static CompletionItem Named(PulseSymbol symbol, int kind, string detail) =>
        new(symbol.Name, kind)
        {
            Detail = detail,
            Documentation = symbol.Doc is null ? null : MarkupContent.Markdown(symbol.Doc),
            SortText = "0" + symbol.Name,
            InsertText = Quoted(symbol.Name),
        };

    /// <summary>A function's item: the same for every request (items are immutable records), so made once per function.</summary>
    public static CompletionItem Function(FunctionDefinition function) => FunctionItems.GetOrAdd(function, CreateFunction);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<FunctionDefinition, CompletionItem> FunctionItems = new(ReferenceEqualityComparer.Instance);

    private static CompletionItem CreateFunction(FunctionDefinition function) =>
        new(function.Name, CompletionItemKind.Function)
        {
            Detail = function.Signature,
            Documentation = MarkupContent.Markdown(function.Doc + (function.IsAggregate ? "\n\nAggregate: only inside `group by … { }`." : "")),
            SortText = "1" + function.Name,
        };

    public static CompletionItem Property(PropertyDefinition property) =>
        new(property.Name, CompletionItemKind.Property)
        {
            Detail = property.Kind == PropertyValueKind.Block ? "{ … }" : property.ExpectedText + (property.Required ? " (required)" : ""),
            Documentation = MarkupContent.Markdown(property.Doc + (property.Default is null ? "" : $"\n\nDefault: `{property.Default}`")),
            SortText = (property.Required ? "0" : "1") + property.Name,
            InsertText = property.Kind == PropertyValueKind.Block ? property.Name + " {" : property.Name + " = ",
        };

    public static CompletionItem Type(string name) =>
        new(name, CompletionItemKind.TypeParameter) { Detail = "type", SortText = "0" + name };

    public static CompletionItem Value(string value, string? detail = null) =>
        new(value, CompletionItemKind.EnumMember) { Detail = detail, SortText = "0" + value };

    private static string? Quoted(string name)
    {
        var quoted = SyntaxFacts.QuoteIdentifierIfNeeded(name);
        return quoted == name ? null : quoted;
    }
}
