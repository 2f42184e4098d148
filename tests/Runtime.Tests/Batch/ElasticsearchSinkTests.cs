using System.Collections.Immutable;
using System.Text.Json;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Tests.Fixtures;
using Xunit.Abstractions;
using static Pulse.Runtime.Tests.Fixtures.E;

namespace Pulse.Runtime.Tests.Batch;

public sealed class ElasticsearchSinkTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    private static ConnectionIr Search(SettingValue url) => new("search", ConnectionKind.Elasticsearch,
        ImmutableSortedDictionary<string, SettingValue>.Empty.Add("url", url), false, null, Origin.None);

    private PipelineIr Pipeline(string index) => ScoresPipeline.With(temp.Path,
        PipelineBuilder.Sink("search_sink", SinkKind.Elasticsearch, ScoresPipeline.Totals.Schema, "totals", connection: "search",
            index: index, id: ["team"], text: ["team"])) with { Connections = [Search(new LiteralSetting("http://fake-es:9200"))] };

    /// <summary>Parses a bulk body into (id, document) pairs.</summary>
    private static List<(string Id, JsonElement Doc)> Bulk(string body)
    {
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var result = new List<(string, JsonElement)>();
        for (var i = 0; i + 1 < lines.Length; i += 2)
            result.Add((JsonDocument.Parse(lines[i]).RootElement.GetProperty("index").GetProperty("_id").GetString()!, JsonDocument.Parse(lines[i + 1]).RootElement));
        return result;
    }

    private static string Item(string id, int status, string? error = null) => error is null
        ? $"{{\"index\": {{\"_index\": \"scores\", \"_id\": \"{id}\", \"status\": {status}, \"result\": \"created\"}}}}"
        : $"{{\"index\": {{\"_index\": \"scores\", \"_id\": \"{id}\", \"status\": {status}, \"error\": {{\"type\": \"{error}\", \"reason\": \"{error} on {id}\"}}}}}}";

    [Fact]
    public async Task Bulk_indexing_creates_the_index_retries_429s_and_quarantines_rejected_documents()
    {
        temp.Write("scores.csv", ScoresPipeline.FirstRun + "c,3,2024-01-03\n");
        var bulkCalls = 0;
        using var cluster = new FakeElasticsearch((method, path, body) =>
        {
            if (method == "HEAD") return (404, "");
            if (method == "PUT") return (200, "{\"acknowledged\": true}");
            bulkCalls++;
            var items = Bulk(body).Select(d => d.Id switch
            {
                "b" => Item("b", 400, "mapper_parsing_exception"),
                "c" when bulkCalls == 1 => Item("c", 429, "es_rejected_execution_exception"),
                _ => Item(d.Id, 201),
            });
            return (200, $"{{\"took\": 1, \"errors\": true, \"items\": [{string.Join(",", items)}]}}");
        });
        var report = await Runs.Succeed(Pipeline("scores"), temp, new RunOptions { ElasticsearchClientFactory = _ => cluster.Client() });

        var sink = report.Sink("search_sink")!;
        Assert.Equal((2L, 1L), (sink.RowsWritten, sink.RowsRejected));
        var requests = cluster.Requests.ToList();
        Assert.Equal(["HEAD /scores", "PUT /scores", "POST /scores/_bulk", "POST /scores/_bulk"], requests.Select(r => $"{r.Method} {r.Path.Split('?')[0]}"));
        var mapping = JsonDocument.Parse(requests[1].Body).RootElement.GetProperty("mappings").GetProperty("properties");
        Assert.Equal("text", mapping.GetProperty("team").GetProperty("type").GetString());
        Assert.Equal("long", mapping.GetProperty("points").GetProperty("type").GetString());
        Assert.Equal("date", mapping.GetProperty("last_day").GetProperty("type").GetString());
        Assert.Equal(["a", "b", "c"], Bulk(requests[2].Body).Select(d => d.Id));
        Assert.Equal(["c"], Bulk(requests[3].Body).Select(d => d.Id));
        Assert.Equal("2024-01-01", Bulk(requests[2].Body)[0].Doc.GetProperty("last_day").GetString());

        Assert.Equal("2|_rejected|document b rejected by scores: mapper_parsing_exception: mapper_parsing_exception on b",
            StateQuery.Scalar(temp.State, "SELECT position, rule, reason FROM quarantine.\"sink:search_sink\""));
        Assert.Contains(report.Warnings, w => w.Code == RuntimeCodes.DocumentsRejected && w.Message.Contains("1 of 3 documents"));
    }

    [Fact]
    public async Task A_cluster_that_keeps_failing_fails_the_sink_but_not_the_published_state()
    {
        temp.Write("scores.csv", ScoresPipeline.FirstRun);
        using var cluster = new FakeElasticsearch((method, _, _) => method == "HEAD" ? (200, "") : (503, "{\"error\": \"unavailable\"}"));
        var report = await Runs.Batch(Pipeline("scores"), temp, new RunOptions { ElasticsearchClientFactory = _ => cluster.Client() });

        Assert.Equal(RunStatus.SinkFailed, report.Status);
        Assert.Contains("bulk request to scores failed (503) after 4 attempts", report.Sink("search_sink")!.Error);
        Assert.Equal(4, cluster.Requests.Count(r => r.Method == "POST"));
        Assert.Equal(2, StateQuery.Count(temp.State, "views.totals"));
    }

    [Fact]
    public async Task Indexes_and_reads_back_documents_WhenEsConfigured()
    {
        var url = Environment.GetEnvironmentVariable("PULSE_ES_URL");
        if (url is null)
        {
            output.WriteLine("PULSE_ES_URL is not set: this Elasticsearch integration test has nothing to run against and returns.");
            return;
        }
        var index = "pulse-batch-" + Guid.NewGuid().ToString("N")[..8];
        temp.Write("scores.csv", ScoresPipeline.FirstRun);
        var connection = Search(new EnvSetting("PULSE_ES_URL"));
        var write = Pipeline(index) with { Connections = [connection] };
        var written = await Runs.Succeed(write, temp);
        Assert.Equal(2, written.Sink("search_sink")!.RowsWritten);

        var client = new Elastic.Clients.Elasticsearch.ElasticsearchClient(new Uri(url));
        await client.Indices.RefreshAsync(index);
        var reviews = SourceBuilder.Elasticsearch("back", "search", index).Field("team", Text).Field("points", Long).Build();
        var read = await Runs.Succeed(new PipelineBuilder("read", temp.Path).Source(reviews).Build() with { Connections = [connection] }, temp);
        Assert.Equal(2, read.Source("back")!.Kept);
        Assert.Equal(["a|1", "b|2"], StateQuery.Rows(temp.State, "SELECT * FROM sources.back ORDER BY team"));
        await client.Indices.DeleteAsync(index);
    }
}
