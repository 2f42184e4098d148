using System.Globalization;
using System.Text.Json.Nodes;
using Pulse.Targets.Common.Json;

namespace Pulse.Targets.Kafka;

/// <summary>
/// Writes <c>kafka/topics.json</c>. Topic configs are strings, as Kafka's admin API and
/// <c>kafka-topics.sh --config</c> take them.
/// </summary>
public static class KafkaTopicsEmitter
{
    public static string Emit(KafkaTopicsModel model)
    {
        var topics = new JsonArray();
        foreach (var topic in model.Topics)
        {
            var config = new JsonObject { ["cleanup.policy"] = topic.CleanupPolicy };
            if (topic.RetentionMs is { } ms) config["retention.ms"] = ms.ToString(CultureInfo.InvariantCulture);
            topics.Add(new JsonObject
            {
                ["name"] = topic.Name,
                ["role"] = topic.Role.ToString().ToLowerInvariant(),
                ["declaredBy"] = topic.DeclaredBy,
                ["partitions"] = topic.Partitions,
                ["replicationFactor"] = topic.Replication,
                ["settingsFrom"] = topic.SettingsFrom,
                ["config"] = config,
                ["reasons"] = new JsonArray(topic.Reasons.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()),
            });
        }
        return JsonText.Write(new JsonObject
        {
            ["generatedBy"] = "pulse",
            ["pipeline"] = model.Pipeline,
            ["environment"] = model.Environment,
            ["topics"] = topics,
        });
    }
}
