using Pulse.Language.Syntax;
using Pulse.Lsp.Analysis;
using Pulse.Lsp.Protocol;
using StreamJsonRpc;

namespace Pulse.Lsp.Handlers;

/// <summary><c>textDocument/documentSymbol</c>: the outline — declarations with their fields, columns, expectations and settings.</summary>
public sealed class DocumentSymbolHandler(RequestRunner runner)
{
    [JsonRpcMethod("textDocument/documentSymbol", UseSingleObjectParameterDeserialization = true)]
    public Task<DocumentSymbol[]> GetAsync(DocumentSymbolParams parameters, CancellationToken cancellation) =>
        runner.RunAsync<DocumentSymbol[]>("textDocument/documentSymbol", cancellation, (snapshot, _) =>
            HandlerContext.FindFile(snapshot, parameters.TextDocument.Uri) is { } file ? Compute(file) : []);

    public static DocumentSymbol[] Compute(DocumentAnalysis file) =>
        file.Tree.Root.Declarations.Select(d => ForDeclaration(file, d)).OfType<DocumentSymbol>().ToArray();

    private static DocumentSymbol? ForDeclaration(DocumentAnalysis file, DeclarationSyntax declaration)
    {
        var (name, selection) = declaration switch
        {
            ImportDeclarationSyntax i => ($"import {i.Path.Text}", (SyntaxElement)i.Path),
            ScheduleDeclarationSyntax s => ("schedule", s.Keyword),
            DeployDeclarationSyntax d => ($"deploy {d.Name.Text}", d.Name),
            _ when declaration.Name is { IsMissing: false } n => (n.Text, (SyntaxElement)n),
            _ => ((string?)null, (SyntaxElement)declaration.Keyword),
        };
        if (name is null || name.Length == 0) return null;
        var children = ChildrenOf(file, declaration);
        return Symbol(file, name, DetailOf(declaration), KindOf(declaration), declaration, selection, children.Length == 0 ? null : children);
    }

    private static DocumentSymbol[] ChildrenOf(DocumentAnalysis file, DeclarationSyntax declaration)
    {
        var children = new List<DocumentSymbol>();
        switch (declaration)
        {
            case SourceDeclarationSyntax source:
                foreach (var field in source.Schema?.Fields ?? SyntaxList<FieldSyntax>.Empty)
                    if (!field.Name.IsMissing) children.Add(Symbol(file, field.Name.Text, field.Type.ToString(), SymbolKind.Field, field, field.Name));
                foreach (var step in source.Clean?.Steps ?? SyntaxList<CleanStepSyntax>.Empty)
                {
                    if (step is ExpectationSyntax { Name.IsMissing: false } expectation)
                        children.Add(Symbol(file, expectation.Name.Text, "expectation", SymbolKind.Event, expectation, expectation.Name));
                    else if (step is CleanDeriveStepSyntax { Name.IsMissing: false } derive)
                        children.Add(Symbol(file, derive.Name.Text, "derived", SymbolKind.Field, derive, derive.Name));
                }
                break;
            case ViewDeclarationSyntax view:
                foreach (var step in view.Steps)
                    foreach (var (column, node) in ColumnsDefinedBy(step))
                        children.Add(Symbol(file, column.Text, step.Keyword.Text, SymbolKind.Field, node, column));
                break;
            case EnvironmentDeclarationSyntax environment:
                foreach (var connection in environment.Connections)
                    if (!connection.Name.IsMissing) children.Add(Symbol(file, connection.Name.Text, $"connection: {connection.Kind.Text}", SymbolKind.Module, connection, connection.Name));
                foreach (var property in environment.Properties) children.Add(ForProperty(file, property));
                break;
            case PipelineDeclarationSyntax p: children.AddRange(p.Properties.Select(x => ForProperty(file, x))); break;
            case ConnectionDeclarationSyntax c: children.AddRange(c.Properties.Select(x => ForProperty(file, x))); break;
            case SinkDeclarationSyntax s: children.AddRange(s.Properties.Select(x => ForProperty(file, x))); break;
            case ScheduleDeclarationSyntax s: children.AddRange(s.Properties.Select(x => ForProperty(file, x))); break;
            case DeployDeclarationSyntax d: children.AddRange(d.Properties.Select(x => ForProperty(file, x))); break;
        }
        return children.ToArray();
    }

    private static DocumentSymbol ForProperty(DocumentAnalysis file, PropertySyntax property)
    {
        var children = property.Properties.Select(p => ForProperty(file, p)).ToArray();
        var detail = property.Value?.ToString();
        return Symbol(file, property.Name.Text, detail, property.IsBlock ? SymbolKind.Object : SymbolKind.Property, property, property.Name, children.Length == 0 ? null : children);
    }

    /// <summary>The columns a view step adds, with the node that defines each.</summary>
    public static IEnumerable<(NameSyntax Name, SyntaxNode Node)> ColumnsDefinedBy(ViewStepSyntax step)
    {
        switch (step)
        {
            case DeriveStepSyntax derive:
                foreach (var a in derive.Assignments) if (!a.Name.IsMissing) yield return (a.Name, a);
                break;
            case SelectStepSyntax select:
                foreach (var item in select.Items) if (item.Alias is { IsMissing: false } alias) yield return (alias, item);
                break;
            case GroupByStepSyntax group:
                foreach (var key in group.Keys) if (key.Alias is { IsMissing: false } alias) yield return (alias, key);
                foreach (var a in group.Aggregates) if (!a.Name.IsMissing) yield return (a.Name, a);
                break;
        }
    }

    private static DocumentSymbol Symbol(DocumentAnalysis file, string name, string? detail, int kind, SyntaxNode node, SyntaxElement selection, DocumentSymbol[]? children = null)
    {
        var range = file.RangeOf(node.Span);
        var selectionRange = file.RangeOf(selection.Span);
        return new DocumentSymbol(name, detail, kind, range, selectionRange, children);
    }

    private static string DetailOf(DeclarationSyntax declaration) => declaration switch
    {
        SourceDeclarationSyntax s => $"source: {s.Format.Text}",
        ViewDeclarationSyntax v => $"{v.Keyword.Text} view",
        SinkDeclarationSyntax s => $"sink: {s.Kind.Text}",
        ConnectionDeclarationSyntax c => $"connection: {c.Kind.Text}",
        _ => declaration.Keyword.Text,
    };

    public static int KindOf(DeclarationSyntax declaration) => declaration switch
    {
        ImportDeclarationSyntax => SymbolKind.File,
        PipelineDeclarationSyntax => SymbolKind.Package,
        ConnectionDeclarationSyntax => SymbolKind.Module,
        EnvironmentDeclarationSyntax or DeployDeclarationSyntax => SymbolKind.Namespace,
        SourceDeclarationSyntax => SymbolKind.Class,
        ViewDeclarationSyntax => SymbolKind.Struct,
        SinkDeclarationSyntax => SymbolKind.Interface,
        ScheduleDeclarationSyntax => SymbolKind.Event,
        TestDeclarationSyntax => SymbolKind.Method,
        _ => SymbolKind.Object,
    };
}
