using System.Collections.Immutable;
using Pulse.Compiler.Binding;
using Pulse.Compiler.Ir;

namespace Pulse.Compiler.Lowering;

/// <summary>
/// Resolves connections for one environment: an environment's own declaration of a connection
/// replaces the top-level one (all of its settings). In <c>local</c>, a connection the local block
/// does not declare is <see cref="ConnectionIr.Embedded"/> (DuckDB, the in-process Kafka mock
/// cluster, local files) — except http connections, which have no local stand-in. Another
/// environment gets the same defaults with <c>embedded = true</c>, so it can point one connection at a
/// real service (e.g. PostgreSQL) and keep the rest on this machine.
/// </summary>
internal static class ConnectionLowering
{
    public const string LocalEnvironment = "local";

    public static ImmutableArray<ConnectionIr> Lower(BoundPipeline pipeline, string environment)
    {
        var declared = pipeline.Environments.FirstOrDefault(e => e.Symbol.Name == environment);
        var overrides = declared?.Connections ?? [];
        var embeddedDefaults = environment == LocalEnvironment || declared?.Properties.Bool("embedded") == true;
        var result = ImmutableArray.CreateBuilder<ConnectionIr>();
        foreach (var connection in pipeline.Connections)
        {
            var own = overrides.FirstOrDefault(o => o.Symbol.Name == connection.Symbol.Name);
            var effective = own ?? connection;
            var kind = connection.Symbol.ConnectionKind switch
            {
                "postgres" => ConnectionKind.Postgres,
                "elasticsearch" => ConnectionKind.Elasticsearch,
                "kafka" => ConnectionKind.Kafka,
                _ => ConnectionKind.Http,
            };
            var settings = effective.Properties.Values
                .Where(p => p.Value.Value is SettingValue)
                .ToImmutableSortedDictionary(p => p.Key, p => (SettingValue)p.Value.Value!, StringComparer.Ordinal);
            var embedded = embeddedDefaults && own is null && kind != ConnectionKind.Http;
            var symbol = effective.Symbol;
            result.Add(new ConnectionIr(connection.Symbol.Name, kind, settings, embedded, symbol.Doc ?? connection.Symbol.Doc,
                BindingContext.OriginOf(symbol.Tree!, symbol.Declaration!)));
        }
        return result.ToImmutable();
    }
}
