using Pulse.Compiler.Ir;
using Pulse.Targets.Common;

namespace Pulse.Targets.Kafka;

/// <summary>Kafka's topic naming rule: <c>[a-zA-Z0-9._-]</c>, 1 to 249 characters, not "." or "..".</summary>
public static class KafkaNames
{
    public const int MaxTopicLength = 249;

    public static bool IsValidTopic(string topic, out string reason)
    {
        reason = topic.Length == 0 ? "it is empty"
            : topic.Length > MaxTopicLength ? $"it is {topic.Length} characters long (at most {MaxTopicLength})"
            : topic is "." or ".." ? "'.' and '..' are reserved"
            : topic.FirstOrDefault(c => !(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '.' or '_' or '-')) is var bad && bad != default
                ? $"it contains '{bad}'"
            : "";
        return reason.Length == 0;
    }

    public static string RequireValidTopic(string topic, Origin origin) =>
        IsValidTopic(topic, out var reason) ? topic : throw TargetErrors.KafkaInvalidTopic(origin, topic, reason);
}
