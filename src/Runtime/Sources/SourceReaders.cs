using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;

namespace Pulse.Runtime.Sources;

/// <summary>Chooses the reader of a source from its format and whether its connection is embedded.</summary>
public static class SourceReaders
{
    public static ISourceReader For(SourceIr source, ResolvedConnection? connection) => source.Format switch
    {
        SourceFormat.Csv => new CsvSourceReader(),
        SourceFormat.Json => new JsonArraySourceReader(),
        SourceFormat.Ndjson => new NdjsonSourceReader(),
        SourceFormat.Parquet => new ParquetSourceReader(),
        SourceFormat.Kafka => new NdjsonSourceReader(replay: true),
        SourceFormat.Http => new HttpSourceReader(),
        SourceFormat.Postgres => connection is null or { Embedded: true } ? new EmbeddedTableSourceReader() : new PostgresSourceReader(),
        SourceFormat.Elasticsearch => connection is null or { Embedded: true } ? new EmbeddedIndexSourceReader() : new ElasticsearchSourceReader(),
        _ => throw new PulseRunException(RunError.At(source.Origin, RuntimeCodes.NotSupportedLocally,
            $"source {source.Name}: format {source.Format} is not supported by the batch runtime")),
    };
}
