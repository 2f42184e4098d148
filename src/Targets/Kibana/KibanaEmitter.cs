using System.Text;
using System.Text.Json.Nodes;
using Pulse.Targets.Common.Json;

namespace Pulse.Targets.Kibana;

/// <summary>
/// Writes the saved-objects NDJSON for Kibana's import API (data views, visualizations, dashboards).
/// Nested JSON that Kibana stores as strings (visState, panelsJSON, searchSourceJSON) is built as
/// JSON nodes and serialised, never concatenated, so names are always escaped.
/// </summary>
public static class KibanaEmitter
{
    private const string MigrationVersion = "8.8.0";

    public static string Emit(KibanaModel model)
    {
        var text = new StringBuilder();
        foreach (var view in model.DataViews) text.Append(JsonText.WriteCompact(DataView(view))).Append('\n');
        foreach (var dashboard in model.Dashboards)
            foreach (var panel in dashboard.Panels) text.Append(JsonText.WriteCompact(Visualization(panel))).Append('\n');
        foreach (var dashboard in model.Dashboards) text.Append(JsonText.WriteCompact(Dashboard(dashboard))).Append('\n');
        return text.ToString();
    }

    private static JsonObject DataView(KibanaDataView view)
    {
        var attributes = new JsonObject { ["title"] = view.Title, ["name"] = view.Name };
        if (view.TimeField is not null) attributes["timeFieldName"] = view.TimeField;
        return SavedObject(view.Id, "index-pattern", attributes, new JsonArray());
    }

    private static JsonObject SavedObject(string id, string type, JsonObject attributes, JsonArray references) => new()
    {
        ["id"] = id,
        ["type"] = type,
        ["attributes"] = attributes,
        ["references"] = references,
        ["coreMigrationVersion"] = MigrationVersion,
    };

    private static string SearchSource(string query, bool withIndex)
    {
        var source = new JsonObject
        {
            ["query"] = new JsonObject { ["query"] = query, ["language"] = "kuery" },
            ["filter"] = new JsonArray(),
        };
        if (withIndex) source["indexRefName"] = "kibanaSavedObjectMeta.searchSourceJSON.index";
        return JsonText.WriteCompact(source);
    }

    private static JsonObject Visualization(KibanaPanel panel)
    {
        var aggs = new JsonArray { new JsonObject { ["id"] = "1", ["enabled"] = true, ["type"] = "count", ["schema"] = "metric", ["params"] = new JsonObject() } };
        string type;
        JsonObject parameters;
        if (panel.Kind == PanelKind.CountOverTime)
        {
            type = "histogram";
            aggs.Add(new JsonObject
            {
                ["id"] = "2", ["enabled"] = true, ["type"] = "date_histogram", ["schema"] = "segment",
                ["params"] = new JsonObject { ["field"] = panel.Field, ["interval"] = "auto", ["min_doc_count"] = 1 },
            });
            parameters = new JsonObject { ["type"] = "histogram", ["addLegend"] = false, ["addTooltip"] = true };
        }
        else
        {
            type = "table";
            aggs.Add(new JsonObject
            {
                ["id"] = "2", ["enabled"] = true, ["type"] = "terms", ["schema"] = "bucket",
                ["params"] = new JsonObject { ["field"] = panel.Field, ["size"] = 10, ["order"] = "desc", ["orderBy"] = "1" },
            });
            parameters = new JsonObject { ["perPage"] = 10, ["showTotal"] = true, ["totalFunc"] = "sum" };
        }
        var visState = new JsonObject { ["title"] = panel.Title, ["type"] = type, ["aggs"] = aggs, ["params"] = parameters };
        var attributes = new JsonObject
        {
            ["title"] = panel.Title,
            ["description"] = "",
            ["visState"] = JsonText.WriteCompact(visState),
            ["uiStateJSON"] = "{}",
            ["version"] = 1,
            ["kibanaSavedObjectMeta"] = new JsonObject { ["searchSourceJSON"] = SearchSource(panel.Query, withIndex: true) },
        };
        var references = new JsonArray
        {
            new JsonObject { ["name"] = "kibanaSavedObjectMeta.searchSourceJSON.index", ["type"] = "index-pattern", ["id"] = panel.DataViewId },
        };
        return SavedObject(panel.Id, "visualization", attributes, references);
    }

    private static JsonObject Dashboard(KibanaDashboard dashboard)
    {
        var panels = new JsonArray();
        var references = new JsonArray();
        for (var i = 0; i < dashboard.Panels.Length; i++)
        {
            var index = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            panels.Add(new JsonObject
            {
                ["version"] = MigrationVersion,
                ["type"] = "visualization",
                ["gridData"] = new JsonObject { ["x"] = i % 2 * 24, ["y"] = i / 2 * 15, ["w"] = 24, ["h"] = 15, ["i"] = index },
                ["panelIndex"] = index,
                ["embeddableConfig"] = new JsonObject(),
                ["panelRefName"] = $"panel_{i}",
            });
            references.Add(new JsonObject { ["name"] = $"panel_{i}", ["type"] = "visualization", ["id"] = dashboard.Panels[i].Id });
        }
        var attributes = new JsonObject
        {
            ["title"] = dashboard.Title,
            ["description"] = dashboard.Description,
            ["panelsJSON"] = JsonText.WriteCompact(panels),
            ["optionsJSON"] = JsonText.WriteCompact(new JsonObject { ["useMargins"] = true, ["hidePanelTitles"] = false }),
            ["timeRestore"] = false,
            ["version"] = 1,
            ["kibanaSavedObjectMeta"] = new JsonObject { ["searchSourceJSON"] = SearchSource("", withIndex: false) },
        };
        return SavedObject(dashboard.Id, "dashboard", attributes, references);
    }
}
