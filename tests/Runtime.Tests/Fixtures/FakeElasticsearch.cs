using System.Collections.Concurrent;
using System.Text;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;

namespace Pulse.Runtime.Tests.Fixtures;

/// <summary>
/// An Elasticsearch cluster inside the client's transport: requests never leave the process. Built on
/// Elastic.Transport's <see cref="InMemoryRequestInvoker"/> (which builds real client responses from
/// bytes); the handler decides status and body per request, and every request is recorded.
/// </summary>
public sealed class FakeElasticsearch : IRequestInvoker
{
    private static readonly Dictionary<string, IEnumerable<string>> ProductHeader = new(StringComparer.OrdinalIgnoreCase) { ["x-elastic-product"] = ["Elasticsearch"] };
    private readonly InMemoryRequestInvoker inner = new([], 200, null, "application/json", ProductHeader);
    private readonly Func<string, string, string, (int Status, string Body)> handler;

    /// <param name="handler">Gets method, path and body; returns status and JSON body.</param>
    public FakeElasticsearch(Func<string, string, string, (int Status, string Body)> handler) => this.handler = handler;

    public ConcurrentQueue<(string Method, string Path, string Body)> Requests { get; } = new();

    public ElasticsearchClient Client() => new(new ElasticsearchClientSettings(new SingleNodePool(new Uri("http://fake-es:9200")), this).DisableDirectStreaming());

    public ResponseFactory ResponseFactory => inner.ResponseFactory;

    public void Dispose() => ((IDisposable)inner).Dispose();

    public TResponse Request<TResponse>(Endpoint endpoint, BoundConfiguration boundConfiguration, PostData? postData)
        where TResponse : TransportResponse, new()
    {
        var (status, body) = Handle(endpoint, boundConfiguration, postData);
        return inner.BuildResponse<TResponse>(endpoint, boundConfiguration, postData, Encoding.UTF8.GetBytes(body), status, "application/json");
    }

    public Task<TResponse> RequestAsync<TResponse>(Endpoint endpoint, BoundConfiguration boundConfiguration, PostData? postData, CancellationToken cancellationToken)
        where TResponse : TransportResponse, new()
    {
        var (status, body) = Handle(endpoint, boundConfiguration, postData);
        return inner.BuildResponseAsync<TResponse>(endpoint, boundConfiguration, postData, cancellationToken, Encoding.UTF8.GetBytes(body), status, "application/json");
    }

    private (int, string) Handle(Endpoint endpoint, BoundConfiguration configuration, PostData? postData)
    {
        var body = "";
        if (postData is not null)
        {
            using var stream = new MemoryStream();
            postData.Write(stream, configuration.ConnectionSettings, disableDirectStreaming: true);
            body = Encoding.UTF8.GetString(stream.ToArray());
        }
        var method = endpoint.Method.ToString().ToUpperInvariant();
        var path = "/" + endpoint.PathAndQuery.TrimStart('/');
        Requests.Enqueue((method, path, body));
        return handler(method, path, body);
    }
}
