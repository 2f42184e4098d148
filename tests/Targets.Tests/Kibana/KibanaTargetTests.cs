using System.Text.Json.Nodes;
using Pulse.Targets.Common;
using Pulse.Targets.Kibana;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Kibana;

public class KibanaTargetTests
{
    public static TheoryData<string> KibanaExamples => new(Examples.All.Keys.Where(k => Lines(k).Count > 0));

    private static List<JsonObject> Lines(string example) =>
        new KibanaTarget().Emit(Examples.Get(example), TargetOptions.Default).SelectMany(f => f.Content.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            .Select(line => JsonNode.Parse(line)!.AsObject()).ToList();

    [Fact]
    public void Uuid_v5_matches_the_rfc_4122_reference_vector()
    {
        // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org")
        Assert.Equal(new Guid("886313e1-3b8a-5372-9b90-0c9aee199e5d"),
            DeterministicUuid.Create(new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "python.org"));
    }

    [Theory]
    [MemberData(nameof(KibanaExamples))]
    public void Saved_objects_are_valid_unique_and_every_reference_resolves(string example)
    {
        var objects = Lines(example);
        var ids = objects.Select(o => ((string)o["type"]!, (string)o["id"]!)).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(5, Guid.Parse(id.Item2).Version));
        foreach (var o in objects)
            foreach (var reference in o["references"]!.AsArray())
                Assert.Contains(((string)reference!["type"]!, (string)reference["id"]!), ids);

        // The strings Kibana stores as JSON are JSON.
        foreach (var o in objects.Where(o => (string)o["type"]! == "visualization"))
        {
            Assert.NotNull(JsonNode.Parse((string)o["attributes"]!["visState"]!));
            Assert.NotNull(JsonNode.Parse((string)o["attributes"]!["kibanaSavedObjectMeta"]!["searchSourceJSON"]!));
        }
        var dashboard = objects.First(o => (string)o["type"]! == "dashboard");
        var panels = JsonNode.Parse((string)dashboard["attributes"]!["panelsJSON"]!)!.AsArray();
        Assert.Equal(dashboard["references"]!.AsArray().Count, panels.Count);
    }

    [Fact]
    public void Dashboard_has_counts_over_time_top_terms_and_quarantine_panels()
    {
        var model = KibanaModelParser.Parse(ProductSearchIr.Build());
        var dashboard = Assert.Single(model.Dashboards);
        Assert.Equal([PanelKind.CountOverTime, PanelKind.TopTerms, PanelKind.QuarantineCounts], dashboard.Panels.Select(p => p.Kind));
        Assert.Equal("updated_at", dashboard.Panels[0].Field);
        Assert.Equal("sku", dashboard.Panels[1].Field);
        Assert.Equal("rule", dashboard.Panels[2].Field);
        Assert.Contains(model.DataViews, v => v.Title == "pulse-quarantine*" && v.Id == dashboard.Panels[2].DataViewId);

        // No timestamp column: no time histogram, and the data view has no time field.
        var hunger = KibanaModelParser.Parse(WorldHungerIr.Build());
        Assert.DoesNotContain(hunger.Dashboards[0].Panels, p => p.Kind == PanelKind.CountOverTime);
        Assert.Equal("entity.keyword", hunger.Dashboards[0].Panels[0].Field);
    }

    [Fact]
    public void Ids_are_stable_across_runs_and_differ_between_pipelines()
    {
        Assert.Equal(KibanaModelParser.Parse(ProductSearchIr.Build()), KibanaModelParser.Parse(ProductSearchIr.Build()), new ModelComparer());
        var a = KibanaModelParser.Parse(ProductSearchIr.Build()).Dashboards[0].Id;
        var b = KibanaModelParser.Parse(WorldHungerIr.Build()).Dashboards[0].Id;
        Assert.NotEqual(a, b);
    }

    private sealed class ModelComparer : IEqualityComparer<KibanaModel>
    {
        public bool Equals(KibanaModel? x, KibanaModel? y) => KibanaEmitter.Emit(x!) == KibanaEmitter.Emit(y!);
        public int GetHashCode(KibanaModel obj) => 0;
    }

    [Fact]
    public void Hostile_pipeline_name_is_escaped_in_the_kql_query()
    {
        var model = KibanaModelParser.Parse(HostileIr.Build());
        var quarantine = model.Dashboards[0].Panels.Single(p => p.Kind == PanelKind.QuarantineCounts);
        Assert.Equal("pipeline : \"hostile \\\"pipe\\\"\"", quarantine.Query);
    }
}
