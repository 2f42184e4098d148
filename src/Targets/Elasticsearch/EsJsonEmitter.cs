using System.Globalization;
using System.Text.Json.Nodes;
using Pulse.Targets.Common.Json;
using Pulse.Targets.Elasticsearch.Model;

namespace Pulse.Targets.Elasticsearch;

/// <summary>
/// Writes the request bodies for one index: the composable index template, the ILM policy, the
/// ingest pipeline and the bootstrap index that carries the write alias. Every string goes through
/// the JSON writer, so no spec name can break the JSON.
/// </summary>
public static class EsJsonEmitter
{
    private static JsonObject Meta(EsIndexModel model) => new()
    {
        ["generated_by"] = "pulse",
        ["pipeline"] = model.Pipeline,
        ["sink"] = model.Sink,
    };

    /// <summary>Body of <c>PUT _index_template/{TemplateName}</c>.</summary>
    public static string IndexTemplate(EsIndexModel model)
    {
        var index = new JsonObject
        {
            ["number_of_shards"] = model.Shards,
            ["number_of_replicas"] = model.Replicas,
            ["default_pipeline"] = model.IngestPipelineName,
        };
        if (model.PolicyName is not null)
            index["lifecycle"] = new JsonObject { ["name"] = model.PolicyName, ["rollover_alias"] = model.Alias };

        var mappingMeta = Meta(model);
        if (!model.DocumentId.IsEmpty)
            mappingMeta["document_id"] = new JsonArray(model.DocumentId.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());

        var body = new JsonObject
        {
            ["index_patterns"] = new JsonArray(model.IndexPattern),
            // Above the built-in templates (100-ish) so ours wins for these indices.
            ["priority"] = 200,
            ["template"] = new JsonObject
            {
                ["settings"] = new JsonObject { ["index"] = index },
                ["mappings"] = new JsonObject
                {
                    ["dynamic"] = "strict",
                    ["_meta"] = mappingMeta,
                    ["properties"] = Properties(model.Fields),
                },
            },
            ["_meta"] = Meta(model),
        };
        if (model.Doc is not null) ((JsonObject)body["_meta"]!)["description"] = model.Doc;
        return JsonText.Write(body);
    }

    private static JsonObject Properties(IEnumerable<EsField> fields)
    {
        var properties = new JsonObject();
        foreach (var field in fields) properties[field.Name] = Field(field);
        return properties;
    }

    private static JsonObject Field(EsField field)
    {
        var json = new JsonObject { ["type"] = field.Type };
        if (field.Analyzer is not null) json["analyzer"] = field.Analyzer;
        if (field.KeywordSubfield)
            json["fields"] = new JsonObject { ["keyword"] = new JsonObject { ["type"] = "keyword", ["ignore_above"] = 256 } };
        if (field.ScalingFactor is { } factor) json["scaling_factor"] = factor;
        if (field.Format is not null) json["format"] = field.Format;
        if (field.Enabled is { } enabled) json["enabled"] = enabled;
        if (!field.Properties.IsDefault) json["properties"] = Properties(field.Properties);
        if (field.Doc is not null) json["meta"] = new JsonObject { ["description"] = Truncate(field.Doc, 50) };
        return json;
    }

    /// <summary>Field <c>meta</c> values are limited to 50 characters by Elasticsearch.</summary>
    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>Body of <c>PUT _ilm/policy/{PolicyName}</c>: roll over, then delete once the retention has passed.</summary>
    public static string LifecyclePolicy(EsIndexModel model)
    {
        var body = new JsonObject
        {
            ["policy"] = new JsonObject
            {
                ["_meta"] = Meta(model),
                ["phases"] = new JsonObject
                {
                    ["hot"] = new JsonObject
                    {
                        ["min_age"] = "0ms",
                        ["actions"] = new JsonObject
                        {
                            ["rollover"] = new JsonObject
                            {
                                ["max_age"] = Days(model.RolloverAge!.Value),
                                ["max_primary_shard_size"] = "50gb",
                            },
                        },
                    },
                    ["delete"] = new JsonObject
                    {
                        ["min_age"] = Days(model.Retention!.Value),
                        ["actions"] = new JsonObject { ["delete"] = new JsonObject() },
                    },
                },
            },
        };
        return JsonText.Write(body);
    }

    /// <summary>Elasticsearch time units: whole days, else whole hours, else milliseconds.</summary>
    public static string Days(TimeSpan span) =>
        span.Ticks % TimeSpan.TicksPerDay == 0 ? ((long)span.TotalDays).ToString(CultureInfo.InvariantCulture) + "d"
        : span.Ticks % TimeSpan.TicksPerHour == 0 ? ((long)span.TotalHours).ToString(CultureInfo.InvariantCulture) + "h"
        : ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";

    /// <summary>Body of <c>PUT _ingest/pipeline/{IngestPipelineName}</c>.</summary>
    public static string IngestPipeline(EsIndexModel model)
    {
        var processors = new JsonArray();
        foreach (var guard in model.Guards)
        {
            var processor = new JsonObject
            {
                ["tag"] = $"expect:{guard.Source}.{guard.Expectation}",
                // The script form (not a bare string) names the language explicitly and is what the client writes back.
                ["if"] = new JsonObject { ["lang"] = "painless", ["source"] = guard.Condition },
            };
            // The fail message is a mustache template: braces from a spec name are removed so they cannot inject one.
            if (guard.Processor == "fail")
                processor["message"] = NoMustache($"Pulse expectation {guard.Source}.{guard.Expectation} violated");
            processors.Add(new JsonObject { [guard.Processor] = processor });
        }
        var description = $"Pulse guards for {model.Alias}: row expectations of {model.Pipeline} re-checked at ingest.";
        if (!model.Skipped.IsEmpty)
            description += " Not enforced here: " + string.Join("; ", model.Skipped.Select(s => $"{s.Source}.{s.Expectation} ({s.Reason})")) + ".";
        var body = new JsonObject
        {
            ["description"] = description,
            ["processors"] = processors,
            ["_meta"] = Meta(model),
        };
        return JsonText.Write(body);
    }

    public static string NoMustache(string text) => text.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal);

    /// <summary>Body of <c>PUT /{BootstrapIndex}</c>: the first backing index, holding the write alias.</summary>
    public static string BootstrapIndex(EsIndexModel model) => JsonText.Write(new JsonObject
    {
        ["aliases"] = new JsonObject { [model.Alias] = new JsonObject { ["is_write_index"] = true } },
    });
}
