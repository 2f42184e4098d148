using Elastic.Clients.Elasticsearch;
using Elastic.Transport;

namespace Pulse.Runtime.Execution;

/// <summary>The client of an elasticsearch connection: <c>url</c> plus an optional <c>api_key</c> (or <c>user</c>/<c>password</c>).</summary>
public static class ElasticsearchClients
{
    public static ElasticsearchClient Create(ResolvedConnection connection, RunOptions options)
    {
        if (options.ElasticsearchClientFactory is { } factory) return factory(connection);
        var settings = new ElasticsearchClientSettings(new Uri(connection.Require("url")));
        if (connection.Get("api_key") is { } key) settings = settings.Authentication(new ApiKey(key));
        else if (connection.Get("user") is { } user) settings = settings.Authentication(new BasicAuthentication(user, connection.Require("password")));
        return new ElasticsearchClient(settings);
    }
}
