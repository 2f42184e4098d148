using Pulse.Compiler.Ir;
using static Pulse.Runtime.Tests.Fixtures.E;

namespace Pulse.Runtime.Tests.Fixtures;

/// <summary>
/// The IR of a subset of pipelines/world-hunger.pulse, written by hand while the front end is in
/// progress: the disasters CSV source with its cleaning and the disaster_decades view.
/// </summary>
public static class WorldHungerIr
{
    public static SourceIr Disasters(string path = "data/disasters.csv")
    {
        var source = SourceBuilder.Csv("disasters", path)
            .With(o => o with { NullTokens = ["", "NA"] })
            .Field("entity", Text, "Entity")
            .Field("year", Int, "Year")
            .Field("deaths", N(Long), "Deaths")
            .Trim("entity");
        source.Fill(Int64(0), "deaths");
        source.DropWhere(Eq(source.Col("entity"), Str("All natural disasters")));
        source.Derive("decade", Sub(source.Col("year"), Mod(source.Col("year"), Int32(10))));
        source.ExpectRow("deaths_not_negative", Ge(source.Col("deaths"), Int64(0)), ViolationAction.Quarantine);
        source.ExpectRow("plausible_year", Between(source.Col("year"), Int32(1900), Int32(2030)), ViolationAction.Quarantine, warnAbove: 0.01);
        return source.Build();
    }

    public static ViewIr DisasterDecades(SourceIr disasters)
    {
        var scan = R.Scan(disasters);
        var deaths = Col("deaths", Long);
        var grouped = R.GroupBy(scan,
            [("entity", Col("entity", Text)), ("decade", Col("decade", Int))],
            [R.Sum("deaths", deaths), R.Count("years_with_deaths"), R.Max("worst_year_deaths", deaths)]);
        var sorted = R.OrderBy(grouped, (Col("decade", Int), true), (Col("deaths", N(Long)), true));
        return R.Batch("disaster_decades", sorted);
    }

    public static PipelineIr Pipeline(string baseDirectory, string path = "data/disasters.csv")
    {
        var disasters = Disasters(path);
        return new PipelineBuilder("world_hunger", baseDirectory).Source(disasters).View(DisasterDecades(disasters)).Build();
    }
}
