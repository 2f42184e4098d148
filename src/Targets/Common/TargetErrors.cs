using Pulse.Compiler.Ir;

namespace Pulse.Targets.Common;

/// <summary>
/// The target-limit errors (PULSE41xx PostgreSQL, 42xx Elasticsearch, 43xx Kafka), one method per
/// code with a fixed message, like the front end's DiagnosticBuilder. The checker rejects most of
/// these earlier; targets check again so they never emit an artifact the consumer would mangle.
/// </summary>
public static class TargetErrors
{
    public static TargetException PostgresNameTooLong(Origin origin, string name, int bytes) => new("PULSE4101", origin,
        $"the PostgreSQL name '{name}' is {bytes} bytes long; PostgreSQL keeps only the first 63 and would silently truncate it",
        "choose a shorter name (at most 63 bytes in UTF-8)");

    public static TargetException PostgresNulCharacter(Origin origin, string what) => new("PULSE4102", origin,
        $"{what} contains a NUL character, which PostgreSQL cannot store in text",
        "remove the \\u0000 escape from the spec");

    public static TargetException ElasticsearchInvalidIndex(Origin origin, string index, string why) => new("PULSE4201", origin,
        $"'{index}' is not a valid Elasticsearch index name: {why}",
        "use lower-case letters, digits, '-', '_' and '.', not starting with '-', '_' or '+', at most 255 bytes");

    public static TargetException KafkaInvalidTopic(Origin origin, string topic, string why) => new("PULSE4301", origin,
        $"'{topic}' is not a valid Kafka topic name: {why}",
        "use only letters, digits, '.', '_' and '-', at most 249 characters, and not '.' or '..'");
}
