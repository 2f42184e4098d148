using System.Collections.Immutable;
using Pulse.Compiler.Binding;
using Pulse.Compiler.Ir;

namespace Pulse.Compiler.Lowering;

/// <summary>Sinks: what each kind writes where, with the column lists resolved to names.</summary>
internal static class SinkLowering
{
    public static SinkIr Lower(BoundSink sink)
    {
        var p = sink.Properties;
        var symbol = sink.Symbol;
        var kind = symbol.SinkKind switch
        {
            "postgres" => SinkKind.Postgres,
            "elasticsearch" => SinkKind.Elasticsearch,
            "delta" => SinkKind.Delta,
            "parquet" => SinkKind.Parquet,
            _ => SinkKind.Kafka,
        };
        ImmutableArray<string> Names(string property) => p.Names(property)?.Select(n => n.Text).ToImmutableArray() ?? [];
        var key = kind == SinkKind.Kafka
            ? p.Name("key") is { } keyName ? ImmutableArray.Create(keyName.Text) : []
            : Names("key");
        var mode = p.String("mode") switch
        {
            "upsert" => WriteMode.Upsert,
            "replace" => WriteMode.Replace,
            _ => WriteMode.Append,
        };
        return new SinkIr(
            symbol.Name,
            kind,
            sink.From?.Name ?? "",
            sink.Schema,
            sink.ConnectionName,
            sink.Table,
            key,
            p.NameLists("indexes")?.Select(list => list.Select(n => n.Text).ToImmutableArray()).ToImmutableArray() ?? [],
            mode,
            p.String("index"),
            Names("id"),
            Names("text"),
            p.String("analyzer"),
            p.Duration("retention"),
            p.String("path"),
            Names("partition_by"),
            p.String("topic"),
            symbol.Doc,
            BindingContext.OriginOf(symbol.Tree!, symbol.Declaration!));
    }
}
