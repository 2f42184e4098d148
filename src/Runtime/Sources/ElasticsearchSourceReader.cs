using System.Text.Json;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Pulse.Runtime.Execution;
using HttpMethod = Elastic.Transport.HttpMethod;

namespace Pulse.Runtime.Sources;

/// <summary>
/// An Elasticsearch index read with the scroll API (1000 hits per page, in index order), filtered by
/// the source's <c>query</c> (a JSON query clause; default match_all). Each hit's <c>_source</c> is a row.
/// </summary>
public sealed class ElasticsearchSourceReader : ISourceReader
{
    public async Task<RawInput> ReadAsync(SourceReadContext context, CancellationToken cancellation)
    {
        var source = context.Source;
        var connection = context.SourceConnection!;
        var client = ElasticsearchClients.Create(connection, context.Options);
        var index = source.Options.Index ?? throw new PulseRunException(RunError.At(source.Origin, RuntimeCodes.ElasticsearchFailed,
            $"source {source.Name} has no index", "add index = \"...\""));
        var query = string.IsNullOrWhiteSpace(source.Options.Query) ? "{\"match_all\": {}}" : source.Options.Query;
        using var loader = new JsonDocumentLoader(context);

        var body = $"{{\"size\": 1000, \"sort\": [\"_doc\"], \"query\": {query}}}";
        var response = await Call(client, source.Name, HttpMethod.POST, $"/{Uri.EscapeDataString(index)}/_search?scroll=1m", body, cancellation).ConfigureAwait(false);
        string? scrollId = null;
        try
        {
            while (true)
            {
                using var document = JsonDocument.Parse(response);
                scrollId = document.RootElement.TryGetProperty("_scroll_id", out var id) ? id.GetString() : null;
                var hits = document.RootElement.GetProperty("hits").GetProperty("hits");
                if (hits.GetArrayLength() == 0) break;
                foreach (var hit in hits.EnumerateArray())
                    loader.Add(hit.TryGetProperty("_source", out var doc) ? doc.GetRawText() : "{}");
                context.Progress?.Report(loader.Count);
                if (scrollId is null) break;
                response = await Call(client, source.Name, HttpMethod.POST, "/_search/scroll",
                    JsonSerializer.Serialize(new { scroll = "1m", scroll_id = scrollId }), cancellation).ConfigureAwait(false);
            }
        }
        finally
        {
            if (scrollId is not null)
                await client.Transport.RequestAsync<StringResponse>(HttpMethod.DELETE, "/_search/scroll",
                    PostData.String(JsonSerializer.Serialize(new { scroll_id = scrollId })), CancellationToken.None).ConfigureAwait(false);
        }
        return loader.Finish();
    }

    private static async Task<string> Call(ElasticsearchClient client, string source, HttpMethod method, string path, string body, CancellationToken cancellation)
    {
        var response = await client.Transport.RequestAsync<StringResponse>(method, path, PostData.String(body), cancellation).ConfigureAwait(false);
        if (!response.ApiCallDetails.HasSuccessfulStatusCode)
            throw new PulseRunException(RunError.At(null, RuntimeCodes.ElasticsearchFailed,
                $"elasticsearch source {source}: {method} {path} answered {response.ApiCallDetails.HttpStatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing"}: {response.Body}",
                "check the index name, the query and the connection"));
        return response.Body;
    }
}
