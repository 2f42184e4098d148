using System.Text;
using Pulse.Compiler.Functions;
using Pulse.Language.Syntax;
using Pulse.Lsp.Analysis;
using Pulse.Lsp.Navigation;
using Pulse.Lsp.Protocol;
using StreamJsonRpc;

namespace Pulse.Lsp.Handlers;

/// <summary>
/// <c>textDocument/hover</c>: for a column its type, nullability, where it comes from and its doc
/// comment; for a relation, connection or environment its kind, doc comment and columns; for a
/// function its signature and doc; for a setting what it expects and its default.
/// </summary>
public sealed class HoverHandler(RequestRunner runner)
{
    [JsonRpcMethod("textDocument/hover", UseSingleObjectParameterDeserialization = true)]
    public Task<Hover?> HoverAsync(TextDocumentPositionParams parameters, CancellationToken cancellation) =>
        runner.RunAsync("textDocument/hover", cancellation, (snapshot, token) => Compute(snapshot, parameters, token));

    /// <summary>The hover text; waits for the check of the unit (for exact types), unless <paramref name="cancellation"/> gives up first.</summary>
    public static Hover? Compute(WorkspaceSnapshot snapshot, TextDocumentPositionParams parameters, CancellationToken cancellation = default)
    {
        var at = SymbolAtPosition.Find(snapshot, parameters.TextDocument.Uri, parameters.Position);
        if (at is null) return null;
        var checkedType = CheckedColumnType(at, cancellation);
        var text = at.Symbol is { } symbol ? DescribeSymbol(at.Unit.Index, symbol, checkedType) : DescribeName(at.Name);
        return text is null ? null : new Hover(MarkupContent.Markdown(text), at.File.RangeOf(at.Name.Span));
    }

    /// <summary>The type the checker computed for the column under the cursor (exact for derived and aggregated columns).</summary>
    private static string? CheckedColumnType(SymbolAtPosition at, CancellationToken cancellation)
    {
        try
        {
            return at.Unit.ModelOf(at.File, cancellation).GetSymbolAt(at.Name.Span.Start) is Pulse.Compiler.Binding.ColumnSymbol column
                   && column.Type.Kind != Pulse.Compiler.Types.TypeKind.Error
                ? column.Type.ToString()
                : null;
        }
        catch (ArgumentException)
        {
            return null; // the file is not part of the unit's compilation
        }
    }

    public static string? DescribeSymbol(SemanticIndex index, PulseSymbol symbol, string? checkedType = null)
    {
        var text = new StringBuilder();
        switch (symbol.Category)
        {
            case SymbolCategory.Column:
                var type = checkedType ?? symbol.TypeText;
                Code(text, type is null ? symbol.Name : $"{Quote(symbol.Name)}: {type}");
                if (type is not null) text.Append(type.EndsWith('?') ? "nullable" : "not null").Append("\n\n");
                if (symbol.Origin is not null) text.Append(Capitalize(symbol.Origin)).Append("\n\n");
                if (symbol.Expression is not null) text.Append("`= ").Append(symbol.Expression).Append("`\n\n");
                break;
            case SymbolCategory.Source or SymbolCategory.View:
                Code(text, symbol.Category == SymbolCategory.Source ? $"source {Quote(symbol.Name)}: {symbol.KindText}" : $"{symbol.KindText} view {Quote(symbol.Name)}");
                AppendDoc(text, symbol.Doc);
                var columns = index.ColumnsOf(symbol);
                if (columns.Length > 0)
                {
                    text.Append("Columns:\n");
                    foreach (var column in columns) text.Append("- `").Append(Quote(column.Name)).Append(column.TypeText is null ? "" : ": " + column.TypeText).Append("`\n");
                }
                return text.ToString().TrimEnd();
            case SymbolCategory.Connection:
                Code(text, $"connection {Quote(symbol.Name)}: {symbol.KindText}");
                break;
            case SymbolCategory.Sink:
                Code(text, $"sink {Quote(symbol.Name)}: {symbol.KindText}");
                break;
            case SymbolCategory.Environment:
                Code(text, $"environment {Quote(symbol.Name)}");
                break;
            case SymbolCategory.Alias:
                Code(text, $"{Quote(symbol.Name)}");
                text.Append("Alias of ").Append(symbol.Target?.Category.ToString().ToLowerInvariant()).Append(" `").Append(symbol.Target?.Name).Append("`\n\n");
                break;
            case SymbolCategory.Expectation:
                Code(text, $"expect {Quote(symbol.Name)}");
                if (symbol.Origin is not null) text.Append(Capitalize(symbol.Origin)).Append("\n\n");
                break;
            default:
                Code(text, $"{symbol.Category.ToString().ToLowerInvariant()} {Quote(symbol.Name)}");
                break;
        }
        AppendDoc(text, symbol.Doc);
        return text.ToString().TrimEnd();
    }

    /// <summary>Names that are no symbol: functions, settings, types.</summary>
    private static string? DescribeName(NameSyntax name)
    {
        switch (NameClassifier.Classify(name))
        {
            case NameRole.Function when FunctionCatalog.Find(name.Text) is { } function:
                var text = new StringBuilder();
                Code(text, function.Signature);
                text.Append(function.Doc);
                if (function.IsAggregate) text.Append("\n\nAggregate: only inside `group by … { }`.");
                return text.ToString();
            case NameRole.PropertyKey when name.Parent is PropertySyntax property && PropertyBlocks.DefinitionOf(property) is { } definition:
                var setting = new StringBuilder();
                Code(setting, definition.Name);
                setting.Append(definition.Doc).Append("\n\nExpects ").Append(definition.ExpectedText).Append('.');
                if (definition.Required) setting.Append(" Required.");
                if (definition.Default is not null) setting.Append(" Default: `").Append(definition.Default).Append("`.");
                if (definition.IsSecret) setting.Append(" A credential: use `env(\"…\")` or `secret(\"…\")`, never a literal.");
                return setting.ToString();
            case NameRole.TypeName:
                return $"```pulse\n{name.Text}\n```\nBuilt-in type.";
            default:
                return null;
        }
    }

    private static void Code(StringBuilder text, string code) => text.Append("```pulse\n").Append(code).Append("\n```\n");

    private static void AppendDoc(StringBuilder text, string? doc)
    {
        if (!string.IsNullOrWhiteSpace(doc)) text.Append("\n").Append(doc).Append("\n\n");
    }

    private static string Quote(string name) => SyntaxFacts.QuoteIdentifierIfNeeded(name);

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
