using System.Globalization;
using System.Net;
using System.Text.Json;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;

namespace Pulse.Runtime.Sources;

/// <summary>
/// A JSON API read page by page. The URL is the source's <c>url</c>, or its connection's <c>url</c>
/// (a relative source url is appended to it); a connection <c>token</c> is sent as a Bearer token.
/// <list type="bullet">
/// <item><c>record_path</c> ("data.items") selects the array of records in each response; without it the
/// response itself must be an array.</item>
/// <item><c>pagination = page</c>: <c>page_param</c> (default "page") counts from 1, <c>page_size</c> is sent as
/// "page_size"; it stops at an empty page, a page shorter than page_size, or <c>max_pages</c>.</item>
/// <item><c>pagination = cursor</c>: the next cursor is read at <c>cursor_path</c> and sent as
/// <c>cursor_param</c> (default "cursor"); it stops when the cursor is missing, empty or repeats, or at <c>max_pages</c>.</item>
/// <item>Each request has <c>timeout</c> (default 30s) and is retried <c>retries</c> times (default 3) on
/// network errors, timeouts, 408, 429 and 5xx, after exponential backoff (base delay × 2^attempt,
/// or the server's Retry-After when shorter than 30s). Other statuses fail the source at once.</item>
/// </list>
/// </summary>
public sealed class HttpSourceReader : ISourceReader
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task<RawInput> ReadAsync(SourceReadContext context, CancellationToken cancellation)
    {
        var source = context.Source;
        var options = source.Options;
        var connection = context.SourceConnection;
        var baseUrl = BuildUrl(source, connection);
        var token = connection?.Get("token");
        var maxPages = options.MaxPages ?? int.MaxValue;
        using var loader = new JsonDocumentLoader(context);

        string? cursor = null;
        var seenCursors = new HashSet<string>();
        for (var page = 1; page <= maxPages; page++)
        {
            var query = new List<(string, string)>();
            if (options.Pagination == Pagination.Page) query.Add((options.PageParam ?? "page", page.ToString(CultureInfo.InvariantCulture)));
            if (options.Pagination != Pagination.None && options.PageSize is { } size) query.Add(("page_size", size.ToString(CultureInfo.InvariantCulture)));
            if (options.Pagination == Pagination.Cursor && cursor is not null) query.Add((options.CursorParam ?? "cursor", cursor));
            var url = WithQuery(baseUrl, query);

            using var document = await FetchAsync(context, url, token, cancellation).ConfigureAwait(false);
            var records = Select(document.RootElement, options.RecordPath);
            if (records is not { ValueKind: JsonValueKind.Array } array)
                throw Failure(source, $"the response of {Redact(url)} has no array at {options.RecordPath ?? "its root"}");
            var count = 0;
            foreach (var record in array.EnumerateArray())
            {
                loader.Add(record.GetRawText());
                count++;
            }
            context.Progress?.Report(loader.Count);

            if (options.Pagination == Pagination.None) break;
            if (options.Pagination == Pagination.Page && (count == 0 || (options.PageSize is { } pageSize && count < pageSize))) break;
            if (options.Pagination == Pagination.Cursor)
            {
                var next = Select(document.RootElement, options.CursorPath ?? "next_cursor");
                cursor = next is { ValueKind: JsonValueKind.String } text ? text.GetString()
                    : next is { ValueKind: JsonValueKind.Number } number ? number.GetRawText() : null;
                if (string.IsNullOrEmpty(cursor) || !seenCursors.Add(cursor)) break;
            }
        }
        return loader.Finish();
    }

    private static async Task<JsonDocument> FetchAsync(SourceReadContext context, string url, string? token, CancellationToken cancellation)
    {
        var options = context.Source.Options;
        var retries = options.Retries ?? 3;
        var timeout = options.Timeout ?? TimeSpan.FromSeconds(30);
        for (var attempt = 0; ; attempt++)
        {
            string problem;
            TimeSpan? retryAfter = null;
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timer.CancelAfter(timeout);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Accept.ParseAdd("application/json");
                if (token is not null) request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                using var response = await Client.SendAsync(request, timer.Token).ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync(timer.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    try { return JsonDocument.Parse(body); }
                    catch (JsonException e) { throw Failure(context.Source, $"{Redact(url)} did not return JSON ({e.Message})"); }
                }
                problem = $"{(int)response.StatusCode} {response.ReasonPhrase}: {Shorten(body)}";
                if (!IsTransient(response.StatusCode))
                    throw Failure(context.Source, $"{Redact(url)} answered {problem}");
                retryAfter = response.Headers.RetryAfter?.Delta;
            }
            catch (HttpRequestException e) { problem = e.Message; }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested) { problem = $"no answer within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s"; }

            if (attempt >= retries)
                throw Failure(context.Source, $"{Redact(url)} failed after {attempt + 1} attempts; last: {problem}");
            var delay = retryAfter is { } wait && wait < TimeSpan.FromSeconds(30) ? wait : context.Options.RetryBaseDelay * Math.Pow(2, attempt);
            await Task.Delay(delay, cancellation).ConfigureAwait(false);
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static string BuildUrl(SourceIr source, ResolvedConnection? connection)
    {
        var own = source.Options.Url;
        var base_ = connection?.Get("url");
        if (own is not null && Uri.TryCreate(own, UriKind.Absolute, out _)) return own;
        if (base_ is null)
            throw new PulseRunException(RunError.At(source.Origin, RuntimeCodes.SettingUnresolved,
                $"http source {source.Name} has no url", "set url = \"https://...\" or connection = <an http connection with url>"));
        return own is null ? base_ : base_.TrimEnd('/') + "/" + own.TrimStart('/');
    }

    private static string WithQuery(string url, List<(string Name, string Value)> query)
    {
        if (query.Count == 0) return url;
        var separator = url.Contains('?') ? "&" : "?";
        return url + separator + string.Join("&", query.Select(q => Uri.EscapeDataString(q.Name) + "=" + Uri.EscapeDataString(q.Value)));
    }

    /// <summary>Follows a dotted path ("data.items"); null when a step is missing.</summary>
    public static JsonElement? Select(JsonElement root, string? path)
    {
        if (string.IsNullOrEmpty(path)) return root;
        var current = root;
        foreach (var part in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out var next)) return null;
            current = next;
        }
        return current;
    }

    private static string Redact(string url) => url.Split('?')[0];

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "...";

    private static PulseRunException Failure(SourceIr source, string message) =>
        new(RunError.At(source.Origin, RuntimeCodes.HttpSourceFailed, $"http source {source.Name}: {message}",
            "check the url and the service; transient errors are retried (retries = N, timeout = 30s)"));
}
