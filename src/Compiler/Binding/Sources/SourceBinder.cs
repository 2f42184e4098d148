using System.Collections.Immutable;
using Pulse.Compiler.Checks;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Properties;
using Pulse.Compiler.Types;
using Pulse.Language.Syntax;

namespace Pulse.Compiler.Binding;

/// <summary>
/// Binds a source: its properties for its format, its schema fields and its cleaning steps. The
/// result carries the cleaning steps as IR (each with the row shape after it) and the cleaned schema
/// views read.
/// </summary>
internal static class SourceBinder
{
    public static BoundSource Bind(Binder binder, SourceSymbol source)
    {
        var context = binder.Context;
        var tree = source.Tree!;
        var syntax = source.Syntax;
        var block = PropertyCatalog.ForSource(source.Format);
        var properties = block is null
            ? BoundProperties.Empty(new BlockDefinition("source", []), tree)
            : PropertyBinder.Bind(context, tree, block, syntax.Properties, syntax.Name);

        var (inputFields, fieldSymbols) = BindSchema(context, tree, source);
        source.SetInputFields(fieldSymbols);

        var connection = CheckLocation(binder, tree, source, properties);
        var keyField = ResolveField(context, tree, source, properties.Name("key"), fieldSymbols);
        var eventTime = ResolveField(context, tree, source, properties.Name("event_time"), fieldSymbols);
        if (eventTime is { } eventField && eventField.Type.Kind is not (TypeKind.Timestamp or TypeKind.Error))
            context.Add(BindingContext.At(tree, properties.Name("event_time")!).NotATimestamp("event_time", eventField.Name, eventField.Type.ToString()));

        var state = new CleaningState(source, context, tree);
        foreach (var field in fieldSymbols)
        {
            state.Add(new ScopeColumn(field.Name, field.Name, null, field.Type, 0, field, [new ColumnKey(source.Name, field.Name)]));
        }
        var cleaner = new CleanStepBinder(binder, tree, state, eventTime?.Name);
        var steps = ImmutableArray.CreateBuilder<CleanStep>();
        if (syntax.Clean is { } clean)
        {
            foreach (var step in clean.Steps)
            {
                state.Record(step);
                if (cleaner.Bind(step) is { } bound) steps.Add(bound);
            }
        }

        // The cleaned columns: new symbols of role Column; a column that kept its field's name keeps the field as origin.
        var cleaned = state.Columns.Select(c => new ColumnSymbol(c.Name, c.Type, source, ColumnRole.Column,
            c.Symbol.Declaration, c.Symbol.Tree, c.Symbol.Doc, c.Symbol)).ToImmutableArray();
        source.SetColumns(cleaned);

        var lineage = new ColumnLineageMap(state.Columns.Select(c => (c.Name,
            c.Lineage.Where(k => !(k.Relation == source.Name && k.Column == c.Name)).Distinct().OrderBy(k => k.Column, StringComparer.Ordinal).ToImmutableArray())).ToImmutableArray());

        return new BoundSource(source, properties, inputFields, steps.ToImmutable(), state.Schema, lineage,
            cleaner.ReferencedSources.ToImmutableArray(), connection?.Name, keyField?.Name, eventTime?.Name);
    }

    private static (ImmutableArray<InputField> Fields, ImmutableArray<ColumnSymbol> Symbols) BindSchema(BindingContext context, SyntaxTree tree, SourceSymbol source)
    {
        var fields = ImmutableArray.CreateBuilder<InputField>();
        var symbols = ImmutableArray.CreateBuilder<ColumnSymbol>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var schema = source.Syntax.Schema;
        if (schema is not null)
        {
            foreach (var field in schema.Fields)
            {
                if (field.Name.IsMissing) continue;
                var name = field.Name.Text;
                var type = TypeBinder.Bind(field.Type, tree, context);
                if (!seen.Add(name))
                {
                    context.Add(BindingContext.At(tree, field.Name).DuplicateColumn(name, $"source `{source.Name}`"));
                    continue;
                }
                var doc = field.DocComment;
                var symbol = new ColumnSymbol(name, type, source, ColumnRole.InputField, field.Name, tree, doc, null);
                context.Info.RecordDeclaration(field, symbol);
                symbols.Add(symbol);
                fields.Add(new InputField(name, field.SourceColumn ?? name, type, doc, BindingContext.OriginOf(tree, field)));
            }
        }
        if (fields.Count == 0) context.Add(BindingContext.At(tree, source.Syntax.Name).SourceWithoutSchema(source.Name));
        return (fields.ToImmutable(), symbols.ToImmutable());
    }

    private static ColumnSymbol? ResolveField(BindingContext context, SyntaxTree tree, SourceSymbol source, NameSyntax? name, ImmutableArray<ColumnSymbol> fields)
    {
        if (name is null || name.IsMissing) return null;
        var field = fields.FirstOrDefault(f => f.Name == name.Text);
        if (field is null)
        {
            context.Add(BindingContext.At(tree, name).UnknownColumn(name.Text, $"source `{source.Name}`", Common.DidYouMean.Suggest(name.Text, fields.Select(f => f.Name))));
            return null;
        }
        context.Info.RecordSymbol(name, field);
        return field;
    }

    /// <summary>Checks where the source reads from: its connection (of the right kind), url/table/query choices, and target naming rules.</summary>
    private static ConnectionSymbol? CheckLocation(Binder binder, SyntaxTree tree, SourceSymbol source, BoundProperties properties)
    {
        var context = binder.Context;
        var format = source.Format;
        var block = $"{format} source";
        ConnectionSymbol? connection = null;
        if (format is "postgres" or "elasticsearch" or "kafka" or "http")
            connection = binder.ResolveConnection(tree, properties.Name("connection"), format, block);
        switch (format)
        {
            case "http" when properties.Has("connection") == properties.Has("url"):
                context.Add(BindingContext.At(tree, source.Syntax.Name).ExactlyOneOf(block, "connection", "url"));
                break;
            case "postgres":
                if (properties.Has("table") == properties.Has("query"))
                    context.Add(BindingContext.At(tree, source.Syntax.Name).ExactlyOneOf(block, "table", "query"));
                if (properties.String("table") is { } table)
                    TargetNames.CheckPostgresTable(context, tree, properties.ValueSyntaxOf("table")!, table);
                break;
            case "kafka":
                if (properties.String("topic") is { } topic)
                    TargetNames.CheckKafkaTopic(context, tree, properties.ValueSyntaxOf("topic")!, topic);
                break;
        }
        return connection;
    }
}
