using System.Globalization;
using System.Text.Json;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Tests.Fixtures;

namespace Pulse.Runtime.Tests.Batch;

/// <summary>
/// pipelines/world-hunger.pulse compiled by the real front end and run locally; every expected value is
/// computed here in plain C# from the data files, never taken from the runtime's output.
/// </summary>
public sealed class WorldHungerExampleTests : IClassFixture<WorldHungerExampleTests.Run>
{
    private readonly Run run;

    public WorldHungerExampleTests(Run run) => this.run = run;

    /// <summary>One run shared by the tests of this class (the data is ~8,000 rows).</summary>
    public sealed class Run : IAsyncLifetime
    {
        public TempDir Temp { get; } = new();
        public RunReport Report { get; private set; } = null!;

        public async Task InitializeAsync() => Report = await Runs.Succeed(Examples.Lower("world-hunger.pulse"), Temp);

        public Task DisposeAsync()
        {
            Temp.Dispose();
            return Task.CompletedTask;
        }

        public List<string> Rows(string sql) => StateQuery.Rows(Temp.State, sql);
    }

    private static string Data(string file) => Path.Combine(Repo.PipelinesDirectory, "data", file);

    private static double? Double(JsonElement row, string name) =>
        row.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private sealed record Country(string Name, int Year, int? Cluster, long? Pop, double? LifeExpect, double? Fertility);

    private static List<Country> Gapminder() =>
        JsonDocument.Parse(File.ReadAllText(Data("gapminder.json"))).RootElement.EnumerateArray()
            .Select(r => new Country(r.GetProperty("country").GetString()!.Trim(), r.GetProperty("year").GetInt32(),
                r.TryGetProperty("cluster", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : null,
                r.TryGetProperty("pop", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt64() : null,
                Double(r, "life_expect"), Double(r, "fertility")))
            .ToList();

    /// <summary>known_year, known_cluster and positive_pop quarantine; what is left is kept.</summary>
    private static List<Country> CleanGapminder() =>
        Gapminder().Where(c => c.Year is >= 1950 and <= 2010 && c.Cluster is >= 0 and <= 5 && c.Pop > 0).ToList();

    [Fact]
    public void Gapminder_and_countries_keep_what_their_rules_allow()
    {
        var gapminder = run.Report.Source("gapminder")!;
        Assert.Equal((Gapminder().Count, CleanGapminder().Count), ((int)gapminder.Read, (int)gapminder.Kept));
        Runs.AssertBooksBalance(gapminder);

        var countries = JsonDocument.Parse(File.ReadAllText(Data("countries.json"))).RootElement.EnumerateArray().ToList();
        var distinct = countries.Select(c => (c.GetProperty("country").GetString()!.Trim(), c.GetProperty("year").GetInt32())).Distinct().Count();
        Assert.Equal((countries.Count, distinct), ((int)run.Report.Source("countries")!.Read, (int)run.Report.Source("countries")!.Kept));
    }

    [Fact]
    public void Cluster_trends_sums_population_and_rounds_averages_half_away_from_zero()
    {
        var expected = CleanGapminder().GroupBy(c => (Cluster: c.Cluster!.Value, c.Year)).OrderBy(g => g.Key.Cluster).ThenBy(g => g.Key.Year)
            .Select(g =>
            {
                var life = g.Where(c => c.LifeExpect is not null).Select(c => c.LifeExpect!.Value).ToList();
                var fertility = g.Where(c => c.Fertility is not null).Select(c => c.Fertility!.Value).ToList();
                return string.Join("|", g.Key.Cluster, g.Key.Year, g.Sum(c => c.Pop!.Value),
                    Round2(life), Round2(fertility), g.Select(c => c.Name).Distinct().Count());
            }).ToList();
        Assert.Equal(66, expected.Count);
        Assert.Equal(expected, run.Rows("SELECT * FROM views.cluster_trends"));
        Assert.Equal(expected, run.Rows("SELECT * FROM hunger.cluster_trends ORDER BY cluster, year"));
    }

    private static string Round2(List<double> values) =>
        values.Count == 0 ? "∅" : Math.Round(values.Average(), 2, MidpointRounding.AwayFromZero).ToString("R", CultureInfo.InvariantCulture);

    [Fact]
    public void Life_gains_joins_on_country_and_year_and_subtracts_the_next_period()
    {
        var countries = JsonDocument.Parse(File.ReadAllText(Data("countries.json"))).RootElement.EnumerateArray()
            .Select(r => (Name: r.GetProperty("country").GetString()!.Trim(), Year: r.GetProperty("year").GetInt32(),
                Life: Double(r, "life_expect"), NextLife: Double(r, "n_life_expect"), Fertility: Double(r, "fertility"), NextFertility: Double(r, "n_fertility")))
            .GroupBy(c => (c.Name, c.Year)).Select(g => g.First()).ToDictionary(c => (c.Name, c.Year));
        var expected = CleanGapminder()
            .Where(g => countries.TryGetValue((g.Name, g.Year), out var c) && c.NextLife is not null)
            .Select(g => (g.Name, g.Year, Gain: countries[(g.Name, g.Year)].NextLife - countries[(g.Name, g.Year)].Life))
            .ToList();

        Assert.Equal(expected.Count, run.Report.View("life_gains")!.Rows);
        var afghanistan = expected.Single(e => e.Name == "Afghanistan" && e.Year == 1955);
        var actual = double.Parse(run.Rows("SELECT gain FROM views.life_gains WHERE country = 'Afghanistan' AND year = 1955").Single(), CultureInfo.InvariantCulture);
        Assert.Equal(afghanistan.Gain!.Value, actual, 12);
        Assert.Equal(expected.Count.ToString(CultureInfo.InvariantCulture),
            run.Rows($"SELECT count(*) FROM read_parquet('{Path.Combine(run.Temp.State, "lake", "life_gains")}/**/*.parquet')").Single());
        Assert.True(File.Exists(Path.Combine(run.Temp.State, "lake", "life_gains", "_delta_log", "00000000000000000000.json")));
    }

    private sealed record Price(string Market, string Commodity, decimal Price_, string Unit, DateTime ObservedAt);

    private static List<Price> Prices() => File.ReadAllLines(Data("food_prices.ndjson")).Where(l => l.Trim().Length > 0)
        .Select(l => JsonDocument.Parse(l).RootElement)
        .Select(r => new Price(r.GetProperty("market").GetString()!.Trim(), r.GetProperty("commodity").GetString()!.Trim().ToLowerInvariant(),
            r.GetProperty("price_usd").GetDecimal(), r.GetProperty("unit").GetString()!.ToLowerInvariant(),
            DateTime.Parse(r.GetProperty("observed_at").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal)))
        .ToList();

    [Fact]
    public void Food_prices_are_read_from_the_replay_file_and_bad_readings_quarantined()
    {
        var prices = Prices();
        var zeroPrice = prices.Count(p => p.Price_ <= 0);
        var wrongUnit = prices.Count(p => p.Price_ > 0 && p.Unit != "kg");
        var source = run.Report.Source("food_prices")!;
        Assert.Equal((prices.Count, prices.Count - zeroPrice - wrongUnit, zeroPrice + wrongUnit), ((int)source.Read, (int)source.Kept, (int)source.Quarantined));
        Assert.Equal((long)zeroPrice, source.Rules.Single(r => r.Rule == "positive_price").Quarantined);
        Assert.Equal((long)wrongUnit, source.Rules.Single(r => r.Rule == "per_kilogram").Quarantined);
    }

    [Fact]
    public void Hourly_prices_average_exactly_and_the_serving_view_stops_at_the_batch_horizon()
    {
        var kept = Prices().Where(p => p.Price_ > 0 && p.Unit == "kg").ToList();
        var hourly = kept.GroupBy(p => (Hour: new DateTime(p.ObservedAt.Ticks - p.ObservedAt.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc), p.Market, p.Commodity))
            .Select(g => (g.Key.Hour, g.Key.Market, g.Key.Commodity,
                Avg: Math.Round(g.Sum(p => p.Price_) / g.Count(), 8, MidpointRounding.AwayFromZero), Max: g.Max(p => p.Price_), Count: g.Count()))
            .OrderBy(h => h.Hour).ThenBy(h => h.Market, StringComparer.Ordinal).ThenBy(h => h.Commodity, StringComparer.Ordinal)
            .ToList();

        var actual = run.Rows("SELECT window_start, market, commodity, avg_price, max_price, observations, window_end - window_start = INTERVAL 1 HOUR " +
                              "FROM views.hourly_food_prices ORDER BY window_start, market, commodity")
            .Select(r => r.Split('|')).ToList();
        Assert.Equal(hourly.Count, actual.Count);
        for (var i = 0; i < hourly.Count; i++)
        {
            var (hour, market, commodity, avg, max, count) = hourly[i];
            Assert.Equal((hour.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture), market, commodity, avg, max, count.ToString(CultureInfo.InvariantCulture), "true"),
                (actual[i][0], actual[i][1], actual[i][2], decimal.Parse(actual[i][3], CultureInfo.InvariantCulture), decimal.Parse(actual[i][4], CultureInfo.InvariantCulture), actual[i][5], actual[i][6]));
        }

        var newest = kept.Max(p => p.ObservedAt);
        var horizon = new DateTime(newest.Ticks - newest.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc);
        var served = hourly.Count(h => h.Hour < horizon);
        Assert.Equal(served, run.Report.View("food_prices_now")!.Rows);
        Assert.Equal(served.ToString(CultureInfo.InvariantCulture), run.Rows("SELECT count(*) FROM hunger.food_prices").Single());
        Assert.Contains(run.Report.Warnings, w => w.Code == RuntimeCodes.SpeedResultsMissing);
    }

    [Fact]
    public void Disaster_decades_are_indexed_locally_with_entity_and_decade_ids()
    {
        var lines = File.ReadAllLines(Path.Combine(run.Temp.State, "elasticsearch", "disaster-decades.ndjson"));
        Assert.Equal(run.Report.View("disaster_decades")!.Rows, lines.Length);
        var drought = lines.Select(l => JsonDocument.Parse(l).RootElement).Single(d => d.GetProperty("_id").GetString() == "Drought|1920");
        var expected = File.ReadAllLines(Data("disasters.csv")).Skip(1).Select(l => l.Split(','))
            .Where(f => f[0] == "Drought" && int.Parse(f[1], CultureInfo.InvariantCulture) / 10 == 192)
            .Sum(f => f[2] is "" or "NA" ? 0 : long.Parse(f[2], CultureInfo.InvariantCulture));
        Assert.Equal(expected, drought.GetProperty("deaths").GetInt64());
        Assert.Equal(1920, drought.GetProperty("decade").GetInt32());
    }

    [Fact]
    public void Every_source_balances_and_every_sink_is_written()
    {
        Assert.All(run.Report.Sources, Runs.AssertBooksBalance);
        Assert.Equal(["cluster_trends_table", "food_prices_table", "disaster_search", "life_gains_lake"], run.Report.Sinks.Select(s => s.Name));
        Assert.All(run.Report.Sinks, s => Assert.True(s.Error is null && !s.Skipped, s.Name));
    }
}
