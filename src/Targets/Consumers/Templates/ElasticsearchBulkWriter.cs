using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Expressions;
using Pulse.Runtime.Streaming.Sinks;

namespace Pulse.Consumer;

/// <summary>
/// An Elasticsearch sink over the <c>_bulk</c> API (plain HTTP: the service needs one endpoint, and the official
/// client would add megabytes and a product check to every consumer). Documents are the rows as <c>pulse run</c>
/// writes them (<see cref="RowJson"/>); the id is the sink's <c>id</c> columns (else the window and group keys)
/// joined by <c>|</c>, so replaying a checkpoint overwrites the same documents. A request that fails as a whole
/// (no answer, 429, 5xx) is retried with exponential backoff, as are documents rejected with 429; other
/// rejected documents are quarantined. Writes go to the index name, which the Elasticsearch target makes a write alias.
/// </summary>
public sealed class ElasticsearchBulkWriter : IRowSink
{
    private readonly HttpClient http;
    private readonly string view;
    private readonly string index;
    private readonly string path;
    private readonly RelSchema schema;
    private readonly int[] idSlots;
    private readonly int batchSize;
    private readonly SinkRetry retry;

    public ElasticsearchBulkWriter(string view, IReadOnlyList<Column> columns, SinkSettings settings, SinkRetry retry)
    {
        this.view = view;
        this.retry = retry;
        Name = settings.Sink;
        index = settings.Text("index");
        path = Uri.EscapeDataString(index) + "/_bulk";
        schema = new RelSchema([.. columns]);
        idSlots = [.. settings.List("id").Select(c => columns.Select(x => x.Name).ToList().IndexOf(c))];
        if (idSlots.Any(s => s < 0)) throw new InvalidDataException($"appsettings.json: sink {Name}: an id column is not a column of view {view}");
        batchSize = settings.Number("batchSize", 1000);
        var url = settings.Setting("url") ?? throw new SettingMissingException($"sink {Name}: the elasticsearch connection has no url");
        http = new HttpClient { BaseAddress = new Uri(url.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(60) };
        if (settings.Setting("api_key") is { } key) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        else if (settings.Setting("user") is { } user)
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + (settings.Setting("password") ?? ""))));
    }

    public string Name { get; }

    private sealed record BulkDocument(string? Id, string Json);

    public async Task<IReadOnlyList<QuarantinedEvent>> WriteAsync(IReadOnlyList<object?[]> rows, CancellationToken cancellation)
    {
        var rejected = new List<QuarantinedEvent>();
        for (var start = 0; start < rows.Count; start += batchSize)
            await SendAsync([.. rows.Skip(start).Take(batchSize).Select(ToDocument)], rejected, cancellation);
        return rejected;
    }

    private BulkDocument ToDocument(object?[] row) => new(Id(row), Encoding.UTF8.GetString(RowJson.Write(schema, row)));

    /// <summary>The id columns' values as text (timestamps with microseconds, as the batch sink writes them), null parts empty.</summary>
    private string? Id(object?[] row) => idSlots.Length == 0 ? null
        : string.Join("|", idSlots.Select(slot => row[slot] is { } value ? ValueCasts.ToText(value, schema.Columns[slot].Type) : ""));

    private async Task SendAsync(List<BulkDocument> pending, List<QuarantinedEvent> rejected, CancellationToken cancellation)
    {
        for (var attempt = 0; pending.Count > 0; attempt++)
        {
            var (status, body, problem) = await PostAsync(pending, cancellation);
            if (status is null or 429 or >= 500)
            {
                if (attempt >= retry.Attempts)
                    throw new SinkFailedException($"sink {Name}: bulk request to {index} failed after {attempt + 1} attempts: {problem}");
                await BackOffAsync(attempt, problem, cancellation);
                continue;
            }
            if (status is < 200 or >= 300) throw new SinkFailedException($"sink {Name}: bulk request to {index} was refused: {problem}");
            var items = Items(body, pending.Count);
            var again = new List<BulkDocument>();
            for (var i = 0; i < pending.Count; i++)
            {
                var (itemStatus, error) = items[i];
                if (itemStatus is >= 200 and < 300) { SinkMetrics.Rows.WithLabels(view, Name).Inc(); continue; }
                if (itemStatus == 429 && attempt < retry.Attempts) { again.Add(pending[i]); continue; }
                SinkMetrics.Rejected.WithLabels(view, Name).Inc();
                rejected.Add(new QuarantinedEvent(-1, -1, "_rejected", $"document {pending[i].Id ?? "(no id)"} rejected by {index}: {error}", pending[i].Json, view));
            }
            pending = again;
            if (pending.Count > 0) await BackOffAsync(attempt, $"{pending.Count} documents answered 429", cancellation);
        }
    }

    private async Task BackOffAsync(int attempt, string? problem, CancellationToken cancellation)
    {
        SinkMetrics.Retries.WithLabels(view, Name).Inc();
        var delay = retry.Delay(attempt);
        ConsumerHost.Log($"warning: sink {Name}: {problem}; retrying in {delay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s");
        await Task.Delay(delay, cancellation);
    }

    /// <summary>One <c>_bulk</c> request: an <c>index</c> action (with <c>_id</c> when there is one) and the document, a line each.</summary>
    private async Task<(int? Status, string Body, string Problem)> PostAsync(List<BulkDocument> documents, CancellationToken cancellation)
    {
        var ndjson = new StringBuilder();
        foreach (var document in documents)
        {
            ndjson.Append(document.Id is null ? "{\"index\":{}}" : "{\"index\":{\"_id\":" + JsonSerializer.Serialize(document.Id) + "}}").Append('\n');
            ndjson.Append(document.Json).Append('\n');
        }
        try
        {
            using var content = new StringContent(ndjson.ToString(), Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
            using var response = await http.PostAsync(path, content, cancellation);
            var body = await response.Content.ReadAsStringAsync(cancellation);
            return ((int)response.StatusCode, body, $"status {(int)response.StatusCode}: {Shorten(body)}");
        }
        catch (HttpRequestException e) { return (null, "", "no answer: " + e.Message); }
        catch (TaskCanceledException) when (!cancellation.IsCancellationRequested) { return (null, "", "no answer within " + http.Timeout.TotalSeconds + " s"); }
    }

    /// <summary>Each document's status and error from a <c>_bulk</c> answer, in request order.</summary>
    private (int Status, string Error)[] Items(string body, int expected)
    {
        try { return ParseItems(body, expected); }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new SinkFailedException($"sink {Name}: {index} answered what is not a bulk response: {Shorten(body)}");
        }
    }

    private (int Status, string Error)[] ParseItems(string body, int expected)
    {
        using var answer = JsonDocument.Parse(body);
        var items = answer.RootElement.GetProperty("items").EnumerateArray().Select(item =>
        {
            var result = item.EnumerateObject().First().Value;
            var status = result.GetProperty("status").GetInt32();
            var error = !result.TryGetProperty("error", out var e) ? $"status {status}"
                : e.ValueKind == JsonValueKind.Object ? $"{Field(e, "type")}: {Field(e, "reason")}" : e.ToString();
            return (status, error);
        }).ToArray();
        if (items.Length != expected) throw new SinkFailedException($"sink {Name}: {index} answered {items.Length} items for {expected} documents");
        return items;
    }

    private static string Field(JsonElement error, string name) => error.TryGetProperty(name, out var value) ? value.ToString() : "";

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";

    public void Dispose() => http.Dispose();
}
