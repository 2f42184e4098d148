using System.Text.Json;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Bulk;
using Elastic.Transport;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using HttpMethod = Elastic.Transport.HttpMethod;

namespace Pulse.Runtime.Sinks;

/// <summary>
/// Indexes the rows into an Elasticsearch index with the bulk API, 1000 documents per request. The
/// index is created with a mapping from the IR when missing (<see cref="DocumentSql.Mapping"/>).
/// A request that fails as a whole (no answer, 429, 5xx) is retried with exponential backoff, 3
/// times; documents the cluster rejects with 429 are retried the same way; any other per-document
/// error is reported (a warning with the count) and the document is quarantined in
/// <c>quarantine."sink:name"</c> with the cluster's reason. Bulk indexing is not transactional:
/// documents indexed before a failure stay indexed (re-running overwrites them by id).
/// The <c>retention</c> setting is for the deploy target (ILM policy) and not applied here.
/// </summary>
public sealed class ElasticsearchSink(SinkIr sink) : ISink
{
    private const int BatchSize = 1000;
    private const int Retries = 3;

    public string Target => sink.Index ?? sink.Name;

    public bool InPublishTransaction => false;

    public async Task<SinkResult> WriteAsync(SinkContext context, CancellationToken cancellation)
    {
        var index = sink.Index ?? throw Failure("has no index");
        var client = ElasticsearchClients.Create(context.SinkConnection!, context.Options);
        await EnsureIndexAsync(client, index, cancellation).ConfigureAwait(false);

        long written = 0, position = 0;
        var rejected = new List<RejectedRow>();
        var batch = new List<Document>(BatchSize);
        using (var command = context.Connection.CreateCommand())
        {
            command.CommandText = DocumentSql.Select(sink, context.RowsSql);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                batch.Add(new Document(++position, reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetString(1)));
                if (batch.Count == BatchSize) written += await SendAsync(client, index, batch, rejected, context, cancellation).ConfigureAwait(false);
            }
        }
        if (batch.Count > 0) written += await SendAsync(client, index, batch, rejected, context, cancellation).ConfigureAwait(false);
        context.Quarantine(rejected);
        if (rejected.Count > 0)
            context.Warn(RunWarning.At(sink.Origin, RuntimeCodes.DocumentsRejected,
                $"sink {sink.Name}: {rejected.Count} of {position} documents were rejected by {index} and quarantined; first: {rejected[0].Reason}"));
        return new SinkResult(written, rejected.Count);
    }

    private sealed record Document(long Position, string? Id, string Json);

    /// <summary>Sends one batch; returns how many documents were indexed and clears the batch.</summary>
    private async Task<long> SendAsync(ElasticsearchClient client, string index, List<Document> batch, List<RejectedRow> rejected,
        SinkContext context, CancellationToken cancellation)
    {
        long indexed = 0;
        var pending = batch.ToList();
        batch.Clear();
        for (var attempt = 0; pending.Count > 0; attempt++)
        {
            var request = new BulkRequest(index) { Operations = [] };
            foreach (var document in pending)
            {
                using var parsed = JsonDocument.Parse(document.Json);
                var operation = new BulkIndexOperation<JsonElement>(parsed.RootElement.Clone());
                if (document.Id is not null) operation.Id = document.Id;
                request.Operations.Add(operation);
            }
            BulkResponse? response = null;
            string? problem = null;
            try { response = await client.BulkAsync(request, cancellation).ConfigureAwait(false); }
            catch (TransportException e) { problem = e.Message; }
            if (response is null || !response.ApiCallDetails.HasSuccessfulStatusCode || response.Items is null || response.Items.Count != pending.Count)
            {
                var status = response?.ApiCallDetails.HttpStatusCode;
                var transient = status is null or 429 or >= 500;
                problem ??= response?.ApiCallDetails.OriginalException?.Message ?? Shorten(response?.ElasticsearchServerError?.ToString());
                if (!transient || attempt >= Retries)
                    throw Failure($"bulk request to {index} failed ({status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer"}) after {attempt + 1} attempts: {problem}");
                await Task.Delay(context.Options.RetryBaseDelay * Math.Pow(2, attempt), cancellation).ConfigureAwait(false);
                continue;
            }
            var retry = new List<Document>();
            var items = response.Items.ToList();
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                if (item.Error is null && item.Status is >= 200 and < 300) { indexed++; continue; }
                if (item.Status == 429 && attempt < Retries) { retry.Add(pending[i]); continue; }
                var reason = item.Error is { } error ? $"{error.Type}: {error.Reason}" : $"status {item.Status}";
                rejected.Add(new RejectedRow(pending[i].Position, "_rejected", $"document {pending[i].Id ?? "(no id)"} rejected by {index}: {reason}", pending[i].Json));
            }
            pending = retry;
            if (pending.Count > 0) await Task.Delay(context.Options.RetryBaseDelay * Math.Pow(2, attempt), cancellation).ConfigureAwait(false);
        }
        return indexed;
    }

    private async Task EnsureIndexAsync(ElasticsearchClient client, string index, CancellationToken cancellation)
    {
        var path = "/" + Uri.EscapeDataString(index);
        var exists = await client.Transport.RequestAsync<VoidResponse>(HttpMethod.HEAD, path, cancellation).ConfigureAwait(false);
        if (exists.ApiCallDetails.HttpStatusCode == 200) return;
        if (exists.ApiCallDetails.HttpStatusCode != 404)
            throw Failure($"cannot reach {index}: {exists.ApiCallDetails.OriginalException?.Message ?? exists.ApiCallDetails.HttpStatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        var created = await client.Transport.RequestAsync<StringResponse>(HttpMethod.PUT, path,
            PostData.String(JsonSerializer.Serialize(DocumentSql.Mapping(sink))), cancellation).ConfigureAwait(false);
        if (!created.ApiCallDetails.HasSuccessfulStatusCode && !(created.Body?.Contains("resource_already_exists_exception", StringComparison.Ordinal) ?? false))
            throw Failure($"cannot create index {index}: {Shorten(created.Body)}");
    }

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 300 ? text : text[..300] + "...";

    private PulseRunException Failure(string message) =>
        new(RunError.At(sink.Origin, RuntimeCodes.ElasticsearchFailed, $"sink {sink.Name}: {message}",
            "check the connection url and credentials, and that the cluster is healthy"));
}
