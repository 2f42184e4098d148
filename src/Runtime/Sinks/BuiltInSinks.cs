using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;

namespace Pulse.Runtime.Sinks;

/// <summary>
/// The sinks the batch runtime writes itself. Embedded connections (the local environment) write
/// locally: postgres into the state database, elasticsearch into an NDJSON file. Kafka sinks are
/// left to an <see cref="ISinkFactory"/> from the speed layer (null here).
/// </summary>
public static class BuiltInSinks
{
    public static ISink? Create(SinkIr sink, Func<string, ResolvedConnection> resolve)
    {
        var connection = sink.Connection is { } name ? resolve(name) : null;
        var embedded = connection is null || connection.Embedded;
        return sink.Kind switch
        {
            SinkKind.Postgres => embedded ? new DuckDbTableSink(sink) : new PostgresSink(sink),
            SinkKind.Elasticsearch => embedded ? new NdjsonIndexSink(sink) : new ElasticsearchSink(sink),
            SinkKind.Parquet => new ParquetSink(sink, delta: false),
            SinkKind.Delta => new ParquetSink(sink, delta: true),
            _ => null,
        };
    }
}
