using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Tests.Fixtures;
using static Pulse.Runtime.Tests.Fixtures.E;
using HttpMethod = Elastic.Transport.HttpMethod;

namespace Pulse.Runtime.Tests.Batch;

/// <summary>
/// The Elasticsearch sink and source against a cluster: the real one at PULSE_ES_URL when it is set,
/// else the in-memory store (see <see cref="ElasticsearchEndpoint"/>). Writes an index, checks the
/// mapping the cluster accepted, reads the documents back through a Pulse source, and runs the writer
/// again to show the index is replaced by id, not appended to.
/// </summary>
public sealed class ElasticsearchClusterTests : IDisposable
{
    private readonly TempDir temp = new();
    private readonly ElasticsearchEndpoint endpoint = ElasticsearchEndpoint.Open();
    private readonly string index = $"pulse-it-{Guid.NewGuid():N}"[..20];

    public void Dispose()
    {
        try { endpoint.Call(HttpMethod.DELETE, $"/{index}").GetAwaiter().GetResult(); }
        catch (Exception) when (!endpoint.IsReal) { /* the in-memory store goes away with the test */ }
        endpoint.Dispose();
        temp.Dispose();
    }

    private ConnectionIr Search() => new("search", ConnectionKind.Elasticsearch,
        ImmutableSortedDictionary<string, SettingValue>.Empty.Add("url", new LiteralSetting(endpoint.Url)), false, null, Origin.None);

    private PipelineIr Writer() => ScoresPipeline.With(temp.Path,
        PipelineBuilder.Sink("search_sink", SinkKind.Elasticsearch, ScoresPipeline.Totals.Schema, "totals", connection: "search",
            index: index, id: ["team"], text: ["team"])) with { Connections = [Search()] };

    private async Task<List<string>> ReadBack()
    {
        await endpoint.Call(HttpMethod.POST, $"/{index}/_refresh");
        var back = SourceBuilder.Elasticsearch("back", "search", index).Field("team", Text).Field("points", Long).Field("last_day", Date).Build();
        var reader = new PipelineBuilder("reader", temp.Path).Source(back).Build() with { Connections = [Search()] };
        var state = Path.Combine(temp.Path, ".reader");
        var report = await Runs.Succeed(reader, temp, endpoint.Options(new RunOptions { StateDirectory = state }));
        Assert.Equal(0L, report.Source("back")!.Quarantined);
        return StateQuery.Rows(state, "SELECT * FROM sources.back ORDER BY team");
    }

    [Fact]
    public async Task A_batch_view_indexed_with_its_mapping_reads_back_through_a_source_and_reindexes_by_id()
    {
        temp.Write("scores.csv", ScoresPipeline.FirstRun + "c,3,2024-01-03\na,4,2024-01-04\n");

        var first = await Runs.Succeed(Writer(), temp, endpoint.Options());
        Assert.Equal((3L, 0L), (first.Sink("search_sink")!.RowsWritten, first.Sink("search_sink")!.RowsRejected));

        var properties = (await endpoint.Call(HttpMethod.GET, $"/{index}/_mapping"))![index]!["mappings"]!["properties"]!;
        Assert.Equal(("text", "long", "date"), (properties["team"]!["type"]!.GetValue<string>(),
            properties["points"]!["type"]!.GetValue<string>(), properties["last_day"]!["type"]!.GetValue<string>()));
        Assert.Equal(["a|5|2024-01-04", "b|2|2024-01-02", "c|3|2024-01-03"], await ReadBack());

        temp.Write("scores.csv", ScoresPipeline.FirstRun + "c,7,2024-01-05\n");
        await Runs.Succeed(Writer(), temp, endpoint.Options());
        Assert.Equal(["a|1|2024-01-01", "b|2|2024-01-02", "c|7|2024-01-05"], await ReadBack());
    }
}
