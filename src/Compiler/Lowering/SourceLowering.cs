using System.Collections.Immutable;
using Pulse.Compiler.Binding;
using Pulse.Compiler.Ir;

namespace Pulse.Compiler.Lowering;

/// <summary>Sources: the format's options from the checked properties, the fields as read, the cleaning steps and the cleaned schema.</summary>
internal static class SourceLowering
{
    public static SourceIr Lower(BoundSource source)
    {
        var symbol = source.Symbol;
        return new SourceIr(symbol.Name, FormatOf(symbol.Format), Options(source), source.InputFields, source.Steps, source.Schema,
            symbol.Doc, BindingContext.OriginOf(symbol.Tree!, symbol.Declaration!));
    }

    public static SourceFormat FormatOf(string format) => format switch
    {
        "csv" => SourceFormat.Csv,
        "json" => SourceFormat.Json,
        "ndjson" => SourceFormat.Ndjson,
        "parquet" => SourceFormat.Parquet,
        "http" => SourceFormat.Http,
        "postgres" => SourceFormat.Postgres,
        "elasticsearch" => SourceFormat.Elasticsearch,
        _ => SourceFormat.Kafka,
    };

    private static SourceOptions Options(BoundSource source)
    {
        var p = source.Properties;
        var isStream = source.Symbol.IsStream;
        var defaults = new SourceOptions();
        return new SourceOptions
        {
            Path = p.String("path"),
            Header = p.Bool("header") ?? defaults.Header,
            Delimiter = p.String("delimiter") ?? defaults.Delimiter,
            Quote = p.String("quote") ?? defaults.Quote,
            NullTokens = p.Strings("nulls") ?? defaults.NullTokens,
            Connection = source.ConnectionName,
            Url = p.String("url"),
            RecordPath = p.String("record_path"),
            Pagination = p.String("pagination") switch
            {
                "page" => Pagination.Page,
                "cursor" => Pagination.Cursor,
                _ => Pagination.None,
            },
            PageParam = p.String("page_param"),
            CursorParam = p.String("cursor_param"),
            CursorPath = p.String("cursor_path"),
            PageSize = p.Int("page_size"),
            MaxPages = p.Int("max_pages"),
            Timeout = p.Duration("timeout"),
            Retries = p.Int("retries"),
            Table = p.String("table"),
            Query = p.String("query"),
            Index = p.String("index"),
            Topic = p.String("topic"),
            KeyField = source.KeyField,
            EventTimeField = source.EventTimeField,
            Watermark = isStream ? p.Duration("watermark") ?? TimeSpan.Zero : null,
            Lateness = isStream ? p.Duration("lateness") ?? TimeSpan.Zero : null,
            Replay = p.String("replay"),
        };
    }
}
