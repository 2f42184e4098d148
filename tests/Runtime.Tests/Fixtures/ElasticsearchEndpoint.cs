using System.Text.Json;
using System.Text.Json.Nodes;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Pulse.Runtime.Execution;

namespace Pulse.Runtime.Tests.Fixtures;

/// <summary>
/// Where Elasticsearch integration tests run: the real cluster at <c>PULSE_ES_URL</c> when it is set,
/// otherwise <see cref="InMemoryIndexStore"/> behind the client's transport (Elasticsearch cannot be
/// installed on the build machine). The same test body runs against either, so CI never skips it and a
/// developer with a cluster gets the real check.
/// </summary>
public sealed class ElasticsearchEndpoint : IDisposable
{
    private readonly FakeElasticsearch? fake;

    private ElasticsearchEndpoint(string url, FakeElasticsearch? fake)
    {
        Url = url;
        this.fake = fake;
    }

    public static ElasticsearchEndpoint Open() =>
        Environment.GetEnvironmentVariable("PULSE_ES_URL") is { Length: > 0 } url
            ? new ElasticsearchEndpoint(url, null)
            : new ElasticsearchEndpoint("http://fake-es:9200", new FakeElasticsearch(new InMemoryIndexStore().Handle));

    public string Url { get; }

    public bool IsReal => fake is null;

    /// <summary>Run options whose Elasticsearch connections reach this endpoint.</summary>
    public RunOptions Options(RunOptions? options = null) =>
        (options ?? new RunOptions()) with { ElasticsearchClientFactory = fake is null ? null : _ => fake.Client() };

    public ElasticsearchClient Client() => fake?.Client() ?? new ElasticsearchClient(new Uri(Url));

    /// <summary>Sends one request and returns the parsed JSON body; fails the test on an error status.</summary>
    public async Task<JsonNode?> Call(Elastic.Transport.HttpMethod method, string path, string? body = null)
    {
        var response = await Client().Transport.RequestAsync<StringResponse>(method, path, body is null ? null : PostData.String(body));
        Assert.True(response.ApiCallDetails.HasSuccessfulStatusCode, $"{method} {path}: {response.ApiCallDetails.HttpStatusCode} {response.Body}");
        return string.IsNullOrEmpty(response.Body) ? null : JsonNode.Parse(response.Body);
    }

    public void Dispose() => fake?.Dispose();
}

/// <summary>
/// The few Elasticsearch APIs Pulse uses, kept in memory: index exists/create/delete/refresh/mapping,
/// <c>_bulk</c> index actions (documents replaced by id), <c>_search</c> with a scroll (everything in one
/// page) and clearing the scroll. Anything else answers 400 so a test notices a new kind of request.
/// </summary>
public sealed class InMemoryIndexStore
{
    private readonly Dictionary<string, (JsonNode? Mappings, SortedDictionary<string, string> Docs)> indices = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public (int Status, string Body) Handle(string method, string path, string body)
    {
        lock (gate)
        {
            var route = path.Split('?')[0].Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
            return (method, route) switch
            {
                ("HEAD", [var index]) => (indices.ContainsKey(index) ? 200 : 404, ""),
                ("PUT", [var index]) => Create(index, body),
                ("DELETE", ["_search", "scroll"]) => (200, "{\"succeeded\": true}"),
                ("DELETE", [var index]) => (indices.Remove(index) ? 200 : 404, "{\"acknowledged\": true}"),
                ("POST", [var index, "_refresh"]) => (200, "{}"),
                ("GET", [var index, "_mapping"]) when indices.TryGetValue(index, out var entry) =>
                    (200, new JsonObject { [index] = new JsonObject { ["mappings"] = entry.Mappings?.DeepClone() } }.ToJsonString()),
                ("POST" or "PUT", [var index, "_bulk"]) => Bulk(index, body),
                ("POST", [var index, "_search"]) => Search(index),
                ("POST", ["_search", "scroll"]) => (200, "{\"_scroll_id\": null, \"hits\": {\"hits\": []}}"),
                _ => (400, $"{{\"error\": \"in-memory store does not implement {method} {path}\"}}"),
            };
        }
    }

    private (int, string) Create(string index, string body)
    {
        if (indices.ContainsKey(index)) return (400, "{\"error\": {\"type\": \"resource_already_exists_exception\"}}");
        indices[index] = (string.IsNullOrEmpty(body) ? null : JsonNode.Parse(body)?["mappings"]?.DeepClone(), new(StringComparer.Ordinal));
        return (200, "{\"acknowledged\": true}");
    }

    private (int, string) Bulk(string index, string body)
    {
        if (!indices.TryGetValue(index, out var entry)) indices[index] = entry = (null, new(StringComparer.Ordinal));
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var items = new JsonArray();
        for (var i = 0; i + 1 < lines.Length; i += 2)
        {
            var action = JsonNode.Parse(lines[i])!.AsObject().Single();
            var id = action.Value?["_id"]?.GetValue<string>() ?? Guid.NewGuid().ToString("N");
            entry.Docs[id] = lines[i + 1];
            items.Add(new JsonObject { [action.Key] = new JsonObject { ["_index"] = index, ["_id"] = id, ["status"] = 201 } });
        }
        return (200, new JsonObject { ["took"] = 1, ["errors"] = false, ["items"] = items }.ToJsonString());
    }

    private (int, string) Search(string index)
    {
        if (!indices.TryGetValue(index, out var entry)) return (404, "{\"error\": {\"type\": \"index_not_found_exception\"}}");
        var hits = new JsonArray(entry.Docs.Select(d => (JsonNode)new JsonObject { ["_id"] = d.Key, ["_source"] = JsonNode.Parse(d.Value) }).ToArray());
        return (200, new JsonObject { ["_scroll_id"] = "in-memory", ["hits"] = new JsonObject { ["hits"] = hits } }.ToJsonString());
    }
}
