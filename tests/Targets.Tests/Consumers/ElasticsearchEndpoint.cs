using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Pulse.Targets.Tests.Consumers;

/// <summary>
/// The Elasticsearch a test talks to, at a loopback URL (<see cref="Url"/>) a separate process can reach. With
/// <c>PULSE_ES_URL</c> set it is a proxy in front of that real cluster (authenticating with <c>PULSE_ES_API_KEY</c> when
/// that is set; the client's own Authorization header is recorded, not passed on); otherwise it answers itself from
/// <see cref="InMemoryElasticsearch"/> (Elasticsearch cannot be installed on the build machine). Either way it
/// records every request, and can answer the next <c>_bulk</c> requests with an error (<see cref="FailNextBulk"/>),
/// so one test body checks the same things against both and is never skipped. Reusable by any test of an
/// Elasticsearch writer: point the writer's url at <see cref="Url"/>, read back with <see cref="SearchAsync"/>.
/// </summary>
public sealed class ElasticsearchEndpoint : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly HttpClient? upstream;
    private readonly InMemoryElasticsearch? fake;
    private readonly CancellationTokenSource stop = new();
    private readonly Task serving;
    private readonly List<Request> requests = [];
    private readonly Lock gate = new();
    private int bulkFailures;
    private int bulkFailureStatus;
    private int throttledDocuments;

    /// <summary>One request as the endpoint saw it, with the status it answered.</summary>
    public sealed record Request(string Method, string Path, string Body, int Status, string? Authorization);

    private ElasticsearchEndpoint(string? real)
    {
        if (real is null) fake = new InMemoryElasticsearch();
        else
        {
            upstream = new HttpClient { BaseAddress = new Uri(real.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(60) };
            if (Environment.GetEnvironmentVariable("PULSE_ES_API_KEY") is { Length: > 0 } key)
                upstream.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("ApiKey", key);
        }
        Real = real;
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}";
        listener.Prefixes.Add(Url + "/");
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    /// <summary>A proxy to <c>PULSE_ES_URL</c> when it is set, else the in-memory cluster.</summary>
    public static ElasticsearchEndpoint Start() =>
        new(Environment.GetEnvironmentVariable("PULSE_ES_URL") is { Length: > 0 } url ? url : null);

    /// <summary>The in-memory cluster, whatever the environment says.</summary>
    public static ElasticsearchEndpoint InMemory() => new(null);

    /// <summary>A recording, fault-injecting proxy in front of the cluster at <paramref name="url"/>.</summary>
    public static ElasticsearchEndpoint Proxy(string url) => new(url);

    /// <summary>Where clients send requests (this process's loopback listener).</summary>
    public string Url { get; }

    /// <summary>The real cluster behind the proxy, or null for the in-memory one.</summary>
    public string? Real { get; }

    public IReadOnlyList<Request> Requests { get { lock (gate) return [.. requests]; } }

    /// <summary>Answers the next <paramref name="count"/> <c>_bulk</c> requests with <paramref name="status"/> without passing them on.</summary>
    public void FailNextBulk(int status, int count)
    {
        lock (gate) (bulkFailureStatus, bulkFailures) = (status, count);
    }

    /// <summary>
    /// In the next <c>_bulk</c> request that is not failed as a whole, answers the first <paramref name="count"/>
    /// documents with a per-document 429 (not stored or passed on); the others are handled as usual.
    /// </summary>
    public void ThrottleNextDocuments(int count)
    {
        lock (gate) throttledDocuments = count;
    }

    /// <summary>Creates an index with <paramref name="mappings"/> (the <c>mappings</c> object of the create-index body).</summary>
    public Task CreateIndexAsync(string index, JsonObject mappings) =>
        CallAsync(HttpMethod.Put, Uri.EscapeDataString(index), new JsonObject { ["mappings"] = mappings }.ToJsonString());

    public async Task DeleteIndexAsync(string index)
    {
        using var client = Client();
        await client.DeleteAsync(Uri.EscapeDataString(index));
    }

    /// <summary>Every document of <paramref name="index"/> by id (after a refresh), read through the endpoint with <c>_search</c>.</summary>
    public async Task<Dictionary<string, JsonObject>> SearchAsync(string index)
    {
        await CallAsync(HttpMethod.Post, Uri.EscapeDataString(index) + "/_refresh", null);
        var answer = await CallAsync(HttpMethod.Post, Uri.EscapeDataString(index) + "/_search?size=10000",
            "{\"query\": {\"match_all\": {}}, \"size\": 10000}");
        var result = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var hit in answer!["hits"]!["hits"]!.AsArray())
            result[hit!["_id"]!.GetValue<string>()] = hit["_source"]!.AsObject();
        return result;
    }

    private HttpClient Client() => new() { BaseAddress = new Uri(Url + "/") };

    private async Task<JsonNode?> CallAsync(HttpMethod method, string path, string? body)
    {
        using var client = Client();
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    private async Task ServeAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            try { await AnswerAsync(context); }
            catch (Exception e) when (e is HttpListenerException or IOException or HttpRequestException or TaskCanceledException) { context.Response.Abort(); }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var method = context.Request.HttpMethod;
        var path = context.Request.RawUrl ?? "/";
        string body;
        using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8)) body = await reader.ReadToEndAsync();
        int status;
        string answer;
        int failing = 0, throttled = 0;
        if (path.Split('?')[0].EndsWith("/_bulk", StringComparison.Ordinal))
            lock (gate)
            {
                if (bulkFailures > 0) { bulkFailures--; failing = bulkFailureStatus; }
                else { throttled = throttledDocuments; throttledDocuments = 0; }
            }
        if (failing != 0) (status, answer) = (failing, $"{{\"error\": {{\"type\": \"injected\", \"reason\": \"the test answers {failing}\"}}, \"status\": {failing}}}");
        else if (throttled > 0) (status, answer) = await ThrottledBulkAsync(method, path, body, context.Request.ContentType, throttled);
        else (status, answer) = await PassAsync(method, path, body, context.Request.ContentType);
        lock (gate) requests.Add(new Request(method, path, body, status, context.Request.Headers["Authorization"]));
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["X-Elastic-Product"] = "Elasticsearch";
        var bytes = Encoding.UTF8.GetBytes(answer);
        if (method != "HEAD") await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private async Task<(int, string)> PassAsync(string method, string path, string body, string? contentType) =>
        fake is not null ? fake.Handle(method, path, body) : await ForwardAsync(method, path, body, contentType);

    /// <summary>A bulk answer whose first <paramref name="count"/> items are 429s; the rest of the body goes on as a bulk of its own.</summary>
    private async Task<(int, string)> ThrottledBulkAsync(string method, string path, string body, string? contentType, int count)
    {
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        count = Math.Min(count, lines.Length / 2);
        var items = new JsonArray();
        for (var i = 0; i < count; i++)
            items.Add(new JsonObject
            {
                ["index"] = new JsonObject
                {
                    ["_id"] = JsonNode.Parse(lines[2 * i])!["index"]?["_id"]?.DeepClone(),
                    ["status"] = 429,
                    ["error"] = new JsonObject { ["type"] = "es_rejected_execution_exception", ["reason"] = "injected by the test" },
                },
            });
        if (lines.Length > 2 * count)
        {
            var (status, rest) = await PassAsync(method, path, string.Join('\n', lines[(2 * count)..]) + "\n", contentType);
            if (status != 200) return (status, rest);
            foreach (var item in JsonNode.Parse(rest)!["items"]!.AsArray()) items.Add(item!.DeepClone());
        }
        return (200, new JsonObject { ["took"] = 1, ["errors"] = true, ["items"] = items }.ToJsonString());
    }

    private async Task<(int, string)> ForwardAsync(string method, string path, string body, string? contentType)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/'));
        if (body.Length > 0 || method is "POST" or "PUT")
            request.Content = new StringContent(body, Encoding.UTF8, (contentType ?? "application/json").Split(';')[0]);
        using var response = await upstream!.SendAsync(request, stop.Token);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(stop.Token));
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Close();
        try { serving.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        upstream?.Dispose();
    }
}

/// <summary>
/// The few Elasticsearch APIs a writer and its test use, in memory: create (with a mapping)/exists/delete an
/// index, <c>_bulk</c> <c>index</c> actions (documents replaced by id; a value a numeric mapping cannot hold is
/// rejected with <c>mapper_parsing_exception</c>, as the real cluster does), <c>_refresh</c>, <c>_search</c>
/// (every document, one page) and <c>_doc/id</c>. Anything else answers 400, so a test notices a new kind of request.
/// </summary>
public sealed class InMemoryElasticsearch
{
    private static readonly Dictionary<string, (decimal Min, decimal Max)> Ranges = new(StringComparer.Ordinal)
    {
        ["byte"] = (sbyte.MinValue, sbyte.MaxValue),
        ["short"] = (short.MinValue, short.MaxValue),
        ["integer"] = (int.MinValue, int.MaxValue),
        ["long"] = (long.MinValue, long.MaxValue),
    };

    private readonly Dictionary<string, (JsonObject? Properties, SortedDictionary<string, string> Docs)> indices = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private long generated;

    public (int Status, string Body) Handle(string method, string path, string body)
    {
        lock (gate)
        {
            var route = path.Split('?')[0].Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
            return (method, route) switch
            {
                ("HEAD", [var index]) => (indices.ContainsKey(index) ? 200 : 404, ""),
                ("PUT", [var index]) => Create(index, body),
                ("DELETE", [var index]) => indices.Remove(index) ? (200, "{\"acknowledged\": true}") : Missing(index),
                ("POST", [var index, "_refresh"]) => indices.ContainsKey(index) ? (200, "{}") : Missing(index),
                ("POST" or "PUT", [var index, "_bulk"]) => Bulk(index, body),
                ("POST" or "GET", [var index, "_search"]) => Search(index),
                ("GET", [var index, "_doc", var id]) => Get(index, id),
                _ => (400, $"{{\"error\": \"the in-memory cluster does not implement {method} {path}\"}}"),
            };
        }
    }

    private static (int, string) Missing(string index) =>
        (404, $"{{\"error\": {{\"type\": \"index_not_found_exception\", \"reason\": \"no such index [{index}]\"}}, \"status\": 404}}");

    private (int, string) Create(string index, string body)
    {
        if (indices.ContainsKey(index)) return (400, "{\"error\": {\"type\": \"resource_already_exists_exception\"}, \"status\": 400}");
        var properties = body.Length == 0 ? null : JsonNode.Parse(body)?["mappings"]?["properties"]?.DeepClone().AsObject();
        indices[index] = (properties, new(StringComparer.Ordinal));
        return (200, "{\"acknowledged\": true}");
    }

    private (int, string) Bulk(string index, string body)
    {
        if (!indices.TryGetValue(index, out var entry)) indices[index] = entry = (null, new(StringComparer.Ordinal));
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length % 2 != 0) return (400, "{\"error\": {\"type\": \"illegal_argument_exception\", \"reason\": \"the bulk request must be terminated by a newline\"}}");
        var items = new JsonArray();
        var errors = false;
        for (var i = 0; i < lines.Length; i += 2)
        {
            var action = JsonNode.Parse(lines[i])!.AsObject().Single();
            if (action.Key != "index") return (400, $"{{\"error\": \"the in-memory cluster does not implement bulk {action.Key}\"}}");
            var id = action.Value?["_id"]?.GetValue<string>() ?? "generated-" + (++generated).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var item = new JsonObject { ["_index"] = index, ["_id"] = id };
            if (Rejection(entry.Properties, JsonNode.Parse(lines[i + 1])!.AsObject()) is { } reason)
            {
                errors = true;
                item["status"] = 400;
                item["error"] = new JsonObject { ["type"] = "mapper_parsing_exception", ["reason"] = reason };
            }
            else
            {
                item["result"] = entry.Docs.ContainsKey(id) ? "updated" : "created";
                item["status"] = entry.Docs.ContainsKey(id) ? 200 : 201;
                entry.Docs[id] = lines[i + 1];
            }
            items.Add(new JsonObject { ["index"] = item });
        }
        return (200, new JsonObject { ["took"] = 1, ["errors"] = errors, ["items"] = items }.ToJsonString());
    }

    /// <summary>Why a mapped integer field cannot hold the document's value (out of range, or not a whole number), else null.</summary>
    private static string? Rejection(JsonObject? properties, JsonObject document)
    {
        if (properties is null) return null;
        foreach (var (field, mapping) in properties)
        {
            if (mapping?["type"]?.GetValue<string>() is not { } type || !Ranges.TryGetValue(type, out var range)) continue;
            if (document[field] is not JsonValue value) continue;
            var number = value.TryGetValue<decimal>(out var n) ? n : decimal.TryParse(value.ToString(), System.Globalization.CultureInfo.InvariantCulture, out n) ? n : (decimal?)null;
            if (number is null || number != decimal.Truncate(number.Value) || number < range.Min || number > range.Max)
                return $"failed to parse field [{field}] of type [{type}]: value [{value.ToJsonString()}] is out of range for a {type}";
        }
        return null;
    }

    private (int, string) Search(string index)
    {
        if (!indices.TryGetValue(index, out var entry)) return Missing(index);
        var hits = new JsonArray([.. entry.Docs.Select(d => (JsonNode)new JsonObject { ["_index"] = index, ["_id"] = d.Key, ["_source"] = JsonNode.Parse(d.Value) })]);
        return (200, new JsonObject { ["hits"] = new JsonObject { ["total"] = new JsonObject { ["value"] = hits.Count }, ["hits"] = hits } }.ToJsonString());
    }

    private (int, string) Get(string index, string id)
    {
        if (!indices.TryGetValue(index, out var entry)) return Missing(index);
        return entry.Docs.TryGetValue(id, out var doc)
            ? (200, new JsonObject { ["_index"] = index, ["_id"] = id, ["found"] = true, ["_source"] = JsonNode.Parse(doc) }.ToJsonString())
            : (404, new JsonObject { ["_index"] = index, ["_id"] = id, ["found"] = false }.ToJsonString());
    }
}
