using System.Text;
using System.Text.Json.Nodes;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.IndexLifecycleManagement;
using Elastic.Clients.Elasticsearch.IndexManagement;
using Elastic.Clients.Elasticsearch.Ingest;
using Elastic.Transport.Extensions;
using Pulse.Targets.Common;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Elasticsearch;

/// <summary>
/// The generated JSON read by the official client (Elastic.Clients.Elasticsearch 9.x) into its own
/// request types and written back: the trees must be equal, so no field is unknown to the client or lost.
/// </summary>
public class ClientRoundTripTests
{
    private static readonly Elastic.Transport.Serializer Serializer =
        new ElasticsearchClient(new ElasticsearchClientSettings(new Uri("http://localhost:9200"))).ElasticsearchClientSettings.RequestResponseSerializer;

    public static TheoryData<string> EsFiles()
    {
        var data = new TheoryData<string>();
        foreach (var example in Examples.All.Keys)
            foreach (var file in Emit(example).Where(f => f.RelativePath.EndsWith(".json", StringComparison.Ordinal)))
                data.Add($"{example}|{file.RelativePath}");
        return data;
    }

    private static IEnumerable<GeneratedFile> Emit(string example) =>
        new Pulse.Targets.Elasticsearch.ElasticsearchTarget().Emit(Examples.Get(example), TargetOptions.Default);

    [Theory]
    [MemberData(nameof(EsFiles))]
    public void Json_round_trips_through_the_client_request_types(string id)
    {
        var (example, path) = (id.Split('|')[0], id.Split('|')[1]);
        var json = Emit(example).Single(f => f.RelativePath == path).Content;
        var reserialized = Path.GetFileName(path) switch
        {
            "index-template.json" => RoundTrip<PutIndexTemplateRequest>(json),
            "ilm-policy.json" => RoundTrip<PutLifecycleRequest>(json),
            "ingest-pipeline.json" => RoundTrip<PutPipelineRequest>(json),
            "bootstrap-index.json" => RoundTrip<CreateIndexRequest>(json),
            var other => throw new InvalidOperationException($"no request type for {other}"),
        };
        var expected = Canonical(JsonNode.Parse(json));
        var actual = Canonical(JsonNode.Parse(reserialized));
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{path} changed through the client:\nexpected {expected!.ToJsonString()}\nactual   {actual!.ToJsonString()}");
    }

    [Fact]
    public void The_round_trip_detects_a_field_the_client_does_not_know()
    {
        var json = Emit("world-hunger").Single(f => f.RelativePath.EndsWith("index-template.json", StringComparison.Ordinal)).Content;
        var tampered = JsonNode.Parse(json)!.AsObject();
        tampered["template"]!["mappings"]!["properties"]!["entity"]!["not_a_mapping_option"] = true;
        var reserialized = RoundTrip<PutIndexTemplateRequest>(tampered.ToJsonString());
        Assert.False(JsonNode.DeepEquals(Canonical(tampered), Canonical(JsonNode.Parse(reserialized))));
    }

    /// <summary>
    /// Key order is not meaningful in JSON, and the client writes a one-element list such as
    /// <c>index_patterns</c> as a bare string (Elasticsearch accepts both); everything else must match.
    /// </summary>
    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray { Count: 1 } a when a[0] is JsonValue v => Canonical(v),
        JsonArray a => new JsonArray(a.Select(Canonical).ToArray()),
        JsonValue v => v.DeepClone(),
        _ => null,
    };

    private static string RoundTrip<T>(string json)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        var request = Serializer.Deserialize<T>(stream);
        Assert.NotNull(request);
        return Serializer.SerializeToString(request);
    }
}
