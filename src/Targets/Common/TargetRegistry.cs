using System.Collections.Immutable;

namespace Pulse.Targets.Common;

/// <summary>Every target the compiler can run, by name, in a stable order.</summary>
public static class TargetRegistry
{
    public static ImmutableArray<ITarget> All { get; } =
    [
        new Postgres.PostgresTarget(),
        new Elasticsearch.ElasticsearchTarget(),
        new Kibana.KibanaTarget(),
        new Kafka.KafkaTopicsTarget(),
        new Spark.SparkTarget(),
        new Airflow.AirflowTarget(),
        new Consumers.ConsumersTarget(),
    ];

    public static ITarget? Find(string name) => All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
}
