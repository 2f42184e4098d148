using System.Collections.Immutable;
using System.Text.Json;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Tests.Fixtures;
using static Pulse.Runtime.Tests.Fixtures.E;

namespace Pulse.Runtime.Tests.Batch;

public sealed class HttpSourceTests : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    private sealed class Secrets(string token) : ISecretProvider
    {
        public string? GetSecret(string name) => name == "api-token" ? token : null;
    }

    private static readonly ConnectionIr Api = new("catalog_api", ConnectionKind.Http,
        ImmutableSortedDictionary<string, SettingValue>.Empty
            .Add("url", new LiteralSetting("https://catalog.invalid/v2"))
            .Add("token", new SecretSetting("api-token")), false, null, Origin.None);

    private static string Page(IEnumerable<object> items, string? next = null) =>
        JsonSerializer.Serialize(new { data = new { items, next_cursor = next } });

    private PipelineIr Products(Func<SourceOptions, SourceOptions> options)
    {
        var products = SourceBuilder.Http("products", "catalog_api").With(o => options(o with { RecordPath = "data.items", Url = "products" }))
            .Field("sku", Text).Field("price", Decimal(10, 2)).Build();
        return new PipelineBuilder("p", temp.Path).Source(products).Build() with { Connections = [Api] };
    }

    private RunOptions Pointing(LocalHttpServer server) => new()
    {
        Secrets = new Secrets("s3cret"),
        ConnectionOverrides = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["catalog_api"] = new Dictionary<string, string> { ["url"] = server.Url + "/v2" } },
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
    };

    [Fact]
    public async Task Page_pagination_retries_a_transient_503_and_stops_at_a_short_page()
    {
        using var server = new LocalHttpServer((request, n) =>
        {
            var page = int.Parse(request.QueryString["page"]!, System.Globalization.CultureInfo.InvariantCulture);
            if (n == 2) return (503, "{\"error\": \"busy\"}", TimeSpan.Zero);
            return page switch
            {
                1 => (200, Page([new { sku = "a1", price = 1.5 }, new { sku = "a2", price = "free" }]), TimeSpan.Zero),
                2 => (200, Page([new { sku = "b1", price = 2 }, new { sku = "b2", price = 3 }]), TimeSpan.Zero),
                _ => (200, Page([new { sku = "c1", price = 4 }]), TimeSpan.Zero),
            };
        });
        var report = await Runs.Succeed(Products(o => o with { Pagination = Pagination.Page, PageSize = 2, Retries = 2 }), temp, Pointing(server));

        Assert.Equal(["/v2/products?page=1&page_size=2", "/v2/products?page=2&page_size=2", "/v2/products?page=2&page_size=2", "/v2/products?page=3&page_size=2"],
            server.Requests.Select(r => r.PathAndQuery));
        Assert.All(server.Requests, r => Assert.Equal("Bearer s3cret", r.Authorization));
        Assert.Equal((5L, 4L, 1L), (report.Source("products")!.Read, report.Source("products")!.Kept, report.Source("products")!.Quarantined));
        Assert.Equal(["a1|1.50", "b1|2.00", "b2|3.00", "c1|4.00"], StateQuery.Rows(temp.State, "SELECT * FROM sources.products"));
        Assert.Equal("2|column price: 'free' is not a valid decimal(10, 2)", StateQuery.Scalar(temp.State, "SELECT position, reason FROM quarantine.products"));
    }

    [Fact]
    public async Task Cursor_pagination_follows_the_cursor_until_it_is_absent()
    {
        using var server = new LocalHttpServer((request, _) => request.QueryString["after"] switch
        {
            null => (200, Page([new { sku = "a", price = 1 }], "c2"), TimeSpan.Zero),
            "c2" => (200, Page([new { sku = "b", price = 2 }], "c3"), TimeSpan.Zero),
            _ => (200, Page([new { sku = "c", price = 3 }]), TimeSpan.Zero),
        });
        var report = await Runs.Succeed(Products(o => o with { Pagination = Pagination.Cursor, CursorParam = "after", CursorPath = "data.next_cursor", MaxPages = 10 }), temp, Pointing(server));

        Assert.Equal(["/v2/products", "/v2/products?after=c2", "/v2/products?after=c3"], server.Requests.Select(r => r.PathAndQuery));
        Assert.Equal(3, report.Source("products")!.Kept);
    }

    [Fact]
    public async Task Max_pages_bounds_the_reading()
    {
        using var server = new LocalHttpServer((_, n) => (200, Page([new { sku = "s" + n, price = n }], "next" + n), TimeSpan.Zero));
        var report = await Runs.Succeed(Products(o => o with { Pagination = Pagination.Cursor, CursorParam = "after", CursorPath = "data.next_cursor", MaxPages = 2 }), temp, Pointing(server));
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(2, report.Source("products")!.Kept);
    }

    [Fact]
    public async Task A_404_fails_at_once_and_a_persistent_503_fails_after_the_retries()
    {
        using (var notFound = new LocalHttpServer((_, _) => (404, "{\"error\": \"no such thing\"}", TimeSpan.Zero)))
        {
            var report = await Runs.Batch(Products(o => o with { Retries = 3 }), temp, Pointing(notFound));
            Assert.Equal(RuntimeCodes.HttpSourceFailed, report.Error!.Code);
            Assert.Contains("answered 404 Not Found: {\"error\": \"no such thing\"}", report.Error.Message);
            Assert.Single(notFound.Requests);
        }
        using var busy = new LocalHttpServer((_, _) => (503, "{}", TimeSpan.Zero));
        var failed = await Runs.Batch(Products(o => o with { Retries = 2 }), temp, Pointing(busy));
        Assert.Contains("failed after 3 attempts; last: 503", failed.Error!.Message);
        Assert.Equal(3, busy.Requests.Count);
    }

    [Fact]
    public async Task A_request_slower_than_the_timeout_is_retried()
    {
        using var server = new LocalHttpServer((_, n) => (200, Page([new { sku = "a", price = 1 }]), n == 1 ? TimeSpan.FromSeconds(5) : TimeSpan.Zero));
        var report = await Runs.Batch(Products(o => o with { Timeout = TimeSpan.FromMilliseconds(1500), Retries = 1 }), temp, Pointing(server));
        Assert.True(report.Error is null, string.Join(",", server.Requests.Select(r => r.PathAndQuery)) + report.Error);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(1, report.Source("products")!.Kept);
    }
}
