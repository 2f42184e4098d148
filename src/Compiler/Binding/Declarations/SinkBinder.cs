using System.Collections.Immutable;
using Pulse.Compiler.Checks;
using Pulse.Compiler.Common;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Properties;
using Pulse.Compiler.Types;
using Pulse.Language.Syntax;

namespace Pulse.Compiler.Binding;

/// <summary>
/// Binds a sink: the relation it writes, its connection (of the sink's kind), the columns its
/// properties name (keys, indexes, document id, text fields, partitions), and the rules of the target
/// (non-null keys, upserts need a key, PostgreSQL name lengths, Elasticsearch index names, topics).
/// </summary>
internal static class SinkBinder
{
    public static BoundSink Bind(Binder binder, SinkSymbol sink)
    {
        var context = binder.Context;
        var tree = sink.Tree!;
        var syntax = sink.Syntax;
        var kind = sink.SinkKind;
        var block = PropertyCatalog.ForSink(kind);
        var properties = block is null
            ? BoundProperties.Empty(new BlockDefinition("sink", []), tree)
            : PropertyBinder.Bind(context, tree, block, syntax.Properties, syntax.Name);

        RelationSymbol? relation = null;
        ImmutableArray<ColumnSymbol> columns = [];
        var broken = true;
        // With an unknown kind (reported by the parser) the properties are unchecked, but what the sink reads still counts.
        var fromName = properties.Name("from")
            ?? (block is null ? syntax.Properties.FirstOrDefault(p => p.Name.Text == "from")?.Value is NameExpressionSyntax { Name.IsMissing: false } n ? n.Name : null : null);
        if (fromName is not null)
        {
            relation = binder.ResolveRelation(tree, fromName);
            if (relation is not null && binder.ColumnsOf(relation, tree, fromName) is { } bound)
            {
                columns = bound;
                broken = false;
            }
        }
        sink.From = relation;
        var schema = new RelSchema(columns.Select(c => new Column(c.Name, c.Type, c.Doc)).ToImmutableArray());

        ConnectionSymbol? connection = null;
        if (block?.Find("connection") is not null)
            connection = binder.ResolveConnection(tree, properties.Name("connection"), kind, $"{kind} sink");

        var checker = new SinkColumns(context, tree, relation, columns, broken);
        foreach (var property in properties.Values.Values)
        {
            if (property.Definition.Kind is PropertyValueKind.Column or PropertyValueKind.ColumnList or PropertyValueKind.ColumnLists && property.Definition.Name != "from")
                checker.RecordScope(property.Syntax);
        }

        TableName? table = null;
        switch (kind)
        {
            case "postgres":
                if (properties.String("table") is { } tableText) table = TargetNames.CheckPostgresTable(context, tree, properties.ValueSyntaxOf("table")!, tableText);
                var key = checker.Resolve(properties.Names("key"));
                checker.RequireNonNull(key);
                foreach (var indexColumns in properties.NameLists("indexes") ?? []) checker.Resolve(indexColumns);
                if (properties.String("mode") == "upsert" && (properties.Names("key") is null || properties.Names("key")!.Value.IsEmpty))
                    context.Add(BindingContext.At(tree, properties.ValueSyntaxOf("mode")!).UpsertNeedsKey(sink.Name));
                if (!broken && properties.Name("from") is { } from)
                {
                    foreach (var column in columns) TargetNames.CheckPostgresIdentifier(context, tree, from, column.Name);
                }
                break;
            case "elasticsearch":
                if (properties.String("index") is { } index) TargetNames.CheckElasticsearchIndex(context, tree, properties.ValueSyntaxOf("index")!, index);
                checker.RequireNonNull(checker.Resolve(properties.Names("id")));
                foreach (var (name, column) in checker.Resolve(properties.Names("text")))
                {
                    if (column.Type.Kind is not (TypeKind.String or TypeKind.Error))
                        context.Add(BindingContext.At(tree, name).TextFieldNotString(column.Name, column.Type.ToString()));
                }
                break;
            case "delta" or "parquet":
                checker.Resolve(properties.Names("partition_by"));
                break;
            case "kafka":
                if (properties.String("topic") is { } topic) TargetNames.CheckKafkaTopic(context, tree, properties.ValueSyntaxOf("topic")!, topic);
                if (properties.Name("key") is { } keyName) checker.Resolve(ImmutableArray.Create(keyName));
                break;
        }
        return new BoundSink(sink, properties, relation, schema, connection?.Name, table);
    }

    /// <summary>Resolves the column names a sink's properties list against the relation it writes.</summary>
    private sealed class SinkColumns(BindingContext context, SyntaxTree tree, RelationSymbol? relation, ImmutableArray<ColumnSymbol> columns, bool broken)
    {
        public List<(NameSyntax Name, ColumnSymbol Column)> Resolve(ImmutableArray<NameSyntax>? names)
        {
            var resolved = new List<(NameSyntax, ColumnSymbol)>();
            foreach (var name in names ?? [])
            {
                if (name.IsMissing || broken) continue;
                var column = columns.FirstOrDefault(c => c.Name == name.Text);
                if (column is null)
                {
                    context.Add(BindingContext.At(tree, name).UnknownColumn(name.Text, $"`{relation!.Name}`", DidYouMean.Suggest(name.Text, columns.Select(c => c.Name))));
                    continue;
                }
                context.Info.RecordSymbol(name, column);
                resolved.Add((name, column));
            }
            return resolved;
        }

        public void RequireNonNull(List<(NameSyntax Name, ColumnSymbol Column)> keys)
        {
            foreach (var (name, column) in keys)
            {
                if (column.Type.Nullable && column.Type.Kind != TypeKind.Error)
                    context.Add(BindingContext.At(tree, name).SinkKeyNullable(column.Name, column.Type.ToString()));
            }
        }

        public void RecordScope(PropertySyntax property) => context.Info.RecordScope(new ScopeRecord(tree, property.Span,
            columns.Select(c => new VisibleColumn(c.Name, null, c.Type, c)).ToImmutableArray(), []));
    }
}
