using System.Text;
using System.Text.Json.Nodes;

namespace Pulse.Targets.Tests.Consumers;

/// <summary>
/// The test endpoint itself, so its proxy mode (used only when PULSE_ES_URL is set) is exercised here too: a proxy
/// in front of an in-memory cluster passes requests on, records them, and injects 503s and per-document 429s.
/// </summary>
public class ElasticsearchEndpointTests
{
    [Fact]
    public async Task The_proxy_passes_requests_on_records_them_and_injects_faults()
    {
        using var cluster = ElasticsearchEndpoint.InMemory();
        using var proxy = ElasticsearchEndpoint.Proxy(cluster.Url);
        await proxy.CreateIndexAsync("i-1", new JsonObject { ["properties"] = new JsonObject { ["n"] = new JsonObject { ["type"] = "byte" } } });
        using var http = new HttpClient { BaseAddress = new Uri(proxy.Url + "/") };
        static StringContent Bulk(params (string Id, int N)[] documents) => new(
            string.Concat(documents.Select(d => $"{{\"index\":{{\"_id\":\"{d.Id}\"}}}}\n{{\"n\":{d.N}}}\n")), Encoding.UTF8, "application/x-ndjson");

        proxy.FailNextBulk(503, 1);
        Assert.Equal(503, (int)(await http.PostAsync("i-1/_bulk", Bulk(("a", 1)))).StatusCode);

        var answer = JsonNode.Parse(await (await http.PostAsync("i-1/_bulk", Bulk(("a", 1), ("b", 300)))).Content.ReadAsStringAsync())!;
        Assert.Equal([201, 400], answer["items"]!.AsArray().Select(i => i!["index"]!["status"]!.GetValue<int>()));
        Assert.Contains("out of range for a byte", answer["items"]![1]!["index"]!["error"]!["reason"]!.GetValue<string>());

        proxy.ThrottleNextDocuments(1);
        answer = JsonNode.Parse(await (await http.PostAsync("i-1/_bulk", Bulk(("c", 3), ("d", 4)))).Content.ReadAsStringAsync())!;
        Assert.Equal([429, 201], answer["items"]!.AsArray().Select(i => i!["index"]!["status"]!.GetValue<int>()));

        Assert.Equal(["a", "d"], (await cluster.SearchAsync("i-1")).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["a", "d"], (await proxy.SearchAsync("i-1")).Keys.Order(StringComparer.Ordinal));
        Assert.Equal([503, 200, 200], proxy.Requests.Where(r => r.Path.EndsWith("/_bulk", StringComparison.Ordinal)).Select(r => r.Status));
        // The cluster behind saw the two bulks the proxy passed on, the second without its throttled document.
        var passed = cluster.Requests.Where(r => r.Path.EndsWith("/_bulk", StringComparison.Ordinal)).Select(r => r.Body).ToList();
        Assert.Equal(2, passed.Count);
        Assert.Equal("{\"index\":{\"_id\":\"d\"}}\n{\"n\":4}\n", passed[1]);
    }
}
