using Pulse.Compiler.Functions;
using Pulse.Compiler.Properties;
using Pulse.Language.Syntax;
using Pulse.Lsp.Analysis;
using Pulse.Lsp.Navigation;
using Pulse.Lsp.Protocol;

namespace Pulse.Lsp.Completion;

/// <summary>
/// What can be written at a position: keywords valid there, relation names after
/// <c>from</c>/<c>join</c>/<c>union</c>, columns with their types inside clean and view steps,
/// functions with signatures, settings per block kind and their values (connections, enums,
/// columns), environment names.
/// </summary>
public static class CompletionProvider
{
    private static readonly string[] TopLevel = ["import", "pipeline", "connection", "environment", "source", "batch view", "speed view", "serving view", "sink", "schedule", "deploy", "test"];
    private static readonly string[] CleanSteps = ["rename", "cast", "trim", "lower", "upper", "fill", "derive", "drop where", "dedupe by", "expect"];
    private static readonly string[] BatchSteps = ["from", "join", "left join", "inner join", "where", "derive", "select", "group by", "order by", "limit", "union", "incremental on", "window"];
    private static readonly string[] SpeedSteps = ["from", "join", "left join", "inner join", "where", "derive", "select", "group by", "window", "late", "retain"];
    private static readonly string[] ServingSteps = ["batch", "speed", "key", "time"];
    private static readonly string[] ExpressionWords = ["and", "or", "not", "is null", "is not null", "in", "between", "case", "when", "then", "else", "end", "true", "false", "null", "cast"];
    private static readonly string[] Types = ["string", "int", "long", "double", "bool", "date", "timestamp", "json", "decimal", "list", "record"];

    /// <summary>
    /// Completion at an offset of <paramref name="file"/> (a file of <paramref name="unit"/>). Keywords,
    /// settings, names and columns come from the syntax of the current text; column types the syntax
    /// does not say come from <paramref name="checkedUnit"/>, a checked unit of the same root (the same
    /// unit, or an older version of it; null when none is checked yet). Nothing here waits for a check.
    /// </summary>
    public static CompletionList Complete(DocumentAnalysis file, CompilationUnit unit, int offset, CompilationUnit? checkedUnit, CancellationToken cancellation = default)
    {
        var position = new CompletionPosition(file, offset);
        var types = CheckedTypes(file, checkedUnit, position.WordStart, cancellation);
        var items = Items(position, unit.Index)
            .Select(i => WithCheckedType(i, types))
            .GroupBy(i => i.Label).Select(g => g.First()).ToArray();
        return new CompletionList(false, items);
    }

    /// <summary>Completion with the unit's own checked types (checks the unit if needed): for callers that can wait.</summary>
    public static CompletionList Complete(DocumentAnalysis file, CompilationUnit unit, int offset) => Complete(file, unit, offset, unit);

    /// <summary>A column whose type the syntax does not say gets the checker's type; its expression stays in the detail.</summary>
    private static CompletionItem WithCheckedType(CompletionItem item, Dictionary<string, string> types)
    {
        if (item.Kind != CompletionItemKind.Field || !types.TryGetValue(item.Label, out var type)) return item;
        if (item.Detail == "column") return item with { Detail = type };
        if (item.Detail is { } detail && detail.StartsWith("= ", StringComparison.Ordinal)) return item with { Detail = $"{type} {detail}" };
        return item;
    }

    /// <summary>
    /// Column types as the checker computed them where the cursor is (for columns whose type the syntax
    /// does not say). From an older checked version the cursor is first mapped back across the edits.
    /// </summary>
    private static Dictionary<string, string> CheckedTypes(DocumentAnalysis file, CompilationUnit? checkedUnit, int offset, CancellationToken cancellation)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        if (checkedUnit?.FindFile(file.Path) is not { } checkedFile) return types;
        try
        {
            var at = ReferenceEquals(checkedFile, file) ? offset : new EditMap(checkedFile.Text, file.Text).ToOlder(offset);
            foreach (var column in checkedUnit.ModelOf(checkedFile, cancellation).GetVisibleColumns(at))
                if (column.Type.Kind != Pulse.Compiler.Types.TypeKind.Error) types.TryAdd(column.Name, column.Type.ToString());
        }
        catch (ArgumentException)
        {
            // The file is not part of the unit's compilation: no checked types.
        }
        return types;
    }

    private static IEnumerable<CompletionItem> Items(CompletionPosition at, SemanticIndex index)
    {
        var before = at.BeforeText();
        var before2 = at.BeforeText(2);
        var before3 = at.BeforeText(3);

        // Kind words after `source x:`, `sink x:`, `connection x:` (anywhere, so also in environments).
        if (before == ":" && before3 is "source" or "sink" or "connection" && at.Before(3)?.Parent is DeclarationSyntax or null)
            return CompletionItems.Keywords(before3 switch
            {
                "source" => SyntaxFacts.SourceFormats,
                "sink" => SyntaxFacts.SinkKinds,
                _ => SyntaxFacts.ConnectionKinds,
            }, before3 + " kind");

        var block = at.Block;
        if (block is null)
        {
            if (before == "deploy" && !at.IsMemberStart) return index.Environments.Values.Select(e => CompletionItems.Named(e, CompletionItemKind.Module, "environment"));
            if (before == "import") return [];
            return at.IsMemberStart ? CompletionItems.Keywords(TopLevel, "declaration") : [];
        }

        return block switch
        {
            SourceDeclarationSyntax source => InSettings(at, index, PropertyCatalog.ForSource(source.Format.Text), source, ["schema", "clean"]),
            SinkDeclarationSyntax sink => InSettings(at, index, PropertyCatalog.ForSink(sink.Kind.Text), sink, []),
            ConnectionDeclarationSyntax connection => InSettings(at, index, PropertyCatalog.ForConnection(connection.Kind.Text), connection, []),
            PipelineDeclarationSyntax pipeline => InSettings(at, index, PropertyCatalog.Pipeline, pipeline, []),
            EnvironmentDeclarationSyntax environment => InSettings(at, index, PropertyCatalog.Environment, environment, ["connection"]),
            ScheduleDeclarationSyntax schedule => InSettings(at, index, PropertyCatalog.Schedule, schedule, []),
            DeployDeclarationSyntax deploy => InSettings(at, index, PropertyCatalog.Deploy, deploy, []),
            PropertySyntax nested => InSettings(at, index, PropertyBlocks.DefinitionFor(nested), nested, []),
            SchemaBlockSyntax or RecordTypeSyntax => InSchema(at),
            CleanBlockSyntax clean => InClean(at, index, clean),
            ViewDeclarationSyntax view => InView(at, index, view, aggregates: false),
            GroupByStepSyntax group => group.Parent is ViewDeclarationSyntax view ? InView(at, index, view, aggregates: true) : [],
            TestDeclarationSyntax => at.IsMemberStart ? CompletionItems.Keywords(["given", "expect"]) :
                before == "given" ? index.Relations.Values.Select(CompletionItems.Relation) :
                before == "expect" ? index.Relations.Values.Where(r => r.Category == SymbolCategory.View).Select(CompletionItems.Relation) : [],
            GivenSyntax => at.IsMemberStart ? CompletionItems.Keywords(["at", "watermark"]) : Expression(at, [], false),
            TestRowSyntax row => InRow(at, index, row),
            _ => [],
        };
    }

    // ---- settings blocks ----

    private static IEnumerable<CompletionItem> InSettings(CompletionPosition at, SemanticIndex index, BlockDefinition? definition, SyntaxNode container, string[] extraWords)
    {
        var before = at.BeforeText();
        if (at.IsMemberStart)
        {
            var present = PropertiesOf(container).Select(p => p.Name.Text).ToHashSet(StringComparer.Ordinal);
            var settings = (definition?.Properties ?? []).Where(p => !present.Contains(p.Name)).Select(CompletionItems.Property);
            return settings.Concat(CompletionItems.Keywords(extraWords));
        }
        if (before == ":" && container is EnvironmentDeclarationSyntax) return CompletionItems.Keywords(SyntaxFacts.ConnectionKinds);

        // A value: find the setting it belongs to (`name = |`, `name = [a, |`).
        var key = SettingBeingWritten(at);
        if (key is null || definition?.Find(key) is not { } property) return [];
        return property.Kind switch
        {
            PropertyValueKind.Connection => index.Connections.Values.Select(c => CompletionItems.Named(c, CompletionItemKind.Module, $"connection: {c.KindText}")),
            PropertyValueKind.Relation => index.Relations.Values.Select(CompletionItems.Relation),
            PropertyValueKind.Enum => (property.EnumValues.IsDefault ? [] : property.EnumValues).Select(v => CompletionItems.Value(v, property.Name)),
            PropertyValueKind.Bool => [CompletionItems.Value("true"), CompletionItems.Value("false")],
            PropertyValueKind.Column or PropertyValueKind.ColumnList or PropertyValueKind.ColumnLists =>
                ColumnsForSettings(index, container).Select(c => CompletionItems.Column(c)),
            PropertyValueKind.Setting =>
            [
                new CompletionItem("env(\"…\")", CompletionItemKind.Function) { InsertText = "env(\"", Detail = "read an environment variable at run/deploy time", SortText = "0env" },
                new CompletionItem("secret(\"…\")", CompletionItemKind.Function) { InsertText = "secret(\"", Detail = "read a secret-manager entry", SortText = "0secret" },
            ],
            _ => [],
        };
    }

    private static string? SettingBeingWritten(CompletionPosition at)
    {
        var depth = 0;
        for (var n = 1; n < 200; n++)
        {
            var token = at.Before(n);
            if (token is null || token.Kind is Language.Lexing.TokenKind.OpenBrace or Language.Lexing.TokenKind.CloseBrace) return null;
            if (token.Kind == Language.Lexing.TokenKind.CloseBracket) depth++;
            if (token.Kind == Language.Lexing.TokenKind.OpenBracket) depth--;
            if (token.Kind == Language.Lexing.TokenKind.Equals && depth <= 0) return at.BeforeText(n + 1);
        }
        return null;
    }

    private static IEnumerable<PropertySyntax> PropertiesOf(SyntaxNode container) => container switch
    {
        SourceDeclarationSyntax s => s.Properties,
        SinkDeclarationSyntax s => s.Properties,
        ConnectionDeclarationSyntax c => c.Properties,
        PipelineDeclarationSyntax p => p.Properties,
        EnvironmentDeclarationSyntax e => e.Properties,
        ScheduleDeclarationSyntax s => s.Properties,
        DeployDeclarationSyntax d => d.Properties,
        PropertySyntax p => p.Properties,
        _ => [],
    };

    /// <summary>Columns a setting can name: a sink's <c>from</c> relation, or the source itself (kafka key, event_time).</summary>
    private static IEnumerable<ScopeColumn> ColumnsForSettings(SemanticIndex index, SyntaxNode container)
    {
        if (container is SourceDeclarationSyntax source && index.Relations.GetValueOrDefault(source.Name.Text) is { } self)
            return index.ColumnsOf(self);
        if (container is SinkDeclarationSyntax sink
            && sink.Properties.FirstOrDefault(p => p.Name.Text == "from")?.Value is NameExpressionSyntax from
            && index.Relations.GetValueOrDefault(from.Name.Text) is { } relation)
            return index.ColumnsOf(relation);
        return [];
    }

    // ---- schema, clean, view, test rows ----

    private static IEnumerable<CompletionItem> InSchema(CompletionPosition at)
    {
        var before = at.BeforeText();
        if (before is ":" or "<") return Types.Select(CompletionItems.Type);
        if (!at.IsMemberStart && at.Before()?.Parent is NameSyntax or NamedTypeSyntax or NullableTypeSyntax) return CompletionItems.Keywords(["from"]);
        return [];
    }

    private static IEnumerable<CompletionItem> InClean(CompletionPosition at, SemanticIndex index, CleanBlockSyntax clean)
    {
        if (at.IsMemberStart) return CompletionItems.Keywords(CleanSteps, "clean step");
        var before = at.BeforeText();
        switch (before)
        {
            case "as": return Types.Select(CompletionItems.Type);
            case "else": return CompletionItems.Keywords(SyntaxFacts.ExpectationActions, "action");
            case "keep": return CompletionItems.Keywords(["first", "latest"]);
            case "references": return index.Relations.Values.Select(CompletionItems.Relation);
            case "drop" when at.StatementStart() is { Text: "drop" }: return CompletionItems.Keywords(["where"]);
            case "dedupe": return CompletionItems.Keywords(["by"]);
        }
        if (before == "." && at.BeforeText(3) == "references" && index.Relations.GetValueOrDefault(at.BeforeText(2) ?? "") is { } target)
            return index.ColumnsOf(target).Select(c => CompletionItems.Column(c));

        var scope = CleanScope(at, index, clean);
        var items = Expression(at, scope, aggregates: false);
        if (before == ":" && at.StatementStart() is { Text: "expect" })
            items = items.Concat(CompletionItems.Keywords(["unique", "row_count between", "freshness"], "set rule"));
        return items;
    }

    private static IEnumerable<ScopeColumn> CleanScope(CompletionPosition at, SemanticIndex index, CleanBlockSyntax clean)
    {
        var step = clean.Steps.LastOrDefault(s => s.Span.Start <= at.WordStart);
        if (step is not null && index.ScopeBefore(step) is { } scope) return scope;
        return clean.Parent is SourceDeclarationSyntax source && index.Relations.GetValueOrDefault(source.Name.Text) is { } relation
            ? index.ColumnsOf(relation) : [];
    }

    private static IEnumerable<CompletionItem> InView(CompletionPosition at, SemanticIndex index, ViewDeclarationSyntax view, bool aggregates)
    {
        var before = at.BeforeText();
        var statement = at.StatementStart()?.Text;
        if (at.IsMemberStart && !aggregates)
        {
            return CompletionItems.Keywords(view.Kind switch
            {
                ViewKind.Speed => SpeedSteps,
                ViewKind.Serving => ServingSteps,
                _ => BatchSteps,
            }, $"{view.Keyword.Text} view step");
        }
        if (at.IsMemberStart) return []; // a new aggregate's name

        switch (before)
        {
            case "from" or "join" or "union":
                return index.Relations.Values.Where(r => r.Declaration != view).Select(CompletionItems.Relation);
            case "batch" or "speed" when view.Kind == ViewKind.Serving:
                return index.Relations.Values.Where(r => r.Category == SymbolCategory.View && r.KindText == before).Select(CompletionItems.Relation);
            case "left" or "inner": return CompletionItems.Keywords(["join"]);
            case "window": return CompletionItems.Keywords(["tumbling", "hopping", "session"], "window");
            case "late": return CompletionItems.Keywords(SyntaxFacts.LatePolicies, "late policy");
            case "group" or "order": return CompletionItems.Keywords(["by"]);
            case "incremental": return CompletionItems.Keywords(["on"]);
            case "as": return [];
        }

        var scope = ViewScope(at, index, view);
        if (before == "." && at.BeforeText(2) is { } qualifier)
            return scope.Where(c => c.Qualifier == qualifier).Select(c => CompletionItems.Column(c));

        var items = Expression(at, scope, aggregates);
        if (statement == "order") items = items.Concat(CompletionItems.Keywords(["asc", "desc"]));
        return items;
    }

    /// <summary>The columns visible where the cursor is: before the step it is in (or after the last step it follows).</summary>
    private static IEnumerable<ScopeColumn> ViewScope(CompletionPosition at, SemanticIndex index, ViewDeclarationSyntax view)
    {
        var step = view.Steps.LastOrDefault(s => s.Span.Start < at.WordStart);
        if (step is GroupByStepSyntax group && group.OpenBrace is { IsMissing: false } brace && brace.Position < at.WordStart)
        {
            // Inside the aggregates: the group's input columns.
            return index.ScopeBefore(step) ?? [];
        }
        if (step is not null && index.ScopeBefore(step) is { } scope)
        {
            // A `from` or `join` being finished: its columns are not in scope yet; show those of the step's relation.
            if (step is FromStepSyntax or JoinStepSyntax && index.Relations.GetValueOrDefault(step is FromStepSyntax f ? f.Relation.Text : ((JoinStepSyntax)step).Relation.Text) is { } relation)
                return scope.Concat(index.ColumnsOf(relation));
            return scope;
        }
        return [];
    }

    private static IEnumerable<CompletionItem> InRow(CompletionPosition at, SemanticIndex index, TestRowSyntax row)
    {
        if (at.BeforeText() is not ("{" or ",")) return [];
        var relationName = row.Ancestors().Select(a => a switch { GivenSyntax g => g.Relation, ExpectedRowsSyntax e => e.View, _ => null }).FirstOrDefault(n => n is not null);
        if (relationName is null || index.Relations.GetValueOrDefault(relationName.Text) is not { } relation) return [];
        var present = row.Cells.Select(c => c.Column.Text).ToHashSet(StringComparer.Ordinal);
        return index.ColumnsOf(relation).Where(c => !present.Contains(c.Name)).Select(c => CompletionItems.Column(c) with { InsertText = SyntaxFacts.QuoteIdentifierIfNeeded(c.Name) + ": " });
    }

    private static IEnumerable<CompletionItem> Expression(CompletionPosition at, IEnumerable<ScopeColumn> scope, bool aggregates)
    {
        var columns = scope.Select(c => CompletionItems.Column(c));
        var functions = FunctionCatalog.All.Where(f => aggregates || !f.IsAggregate).Select(CompletionItems.Function);
        return columns.Concat(functions).Concat(CompletionItems.Keywords(ExpressionWords));
    }
}
