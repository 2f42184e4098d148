using System.Collections.Immutable;

namespace Pulse.Compiler.Ir;

/// <summary>When and how the batch layer runs.</summary>
public sealed record ScheduleIr(string Cron, int Retries, TimeSpan RetryDelay, TimeSpan? Sla, string? Owner,
    /// <summary>The longest gap between two runs the cron allows (e.g. 24h for a daily cron).</summary>
    TimeSpan Interval, Origin Origin);

public enum Cloud { Azure, Gcp }

public sealed record DatabricksDeployIr(string SparkVersion, string NodeType, int MinWorkers, int MaxWorkers);
public sealed record PostgresDeployIr(string Tier, bool HighAvailability, int BackupRetentionDays);
public sealed record KafkaDeployIr(int Partitions, int Replication);
public sealed record ElasticsearchDeployIr(int Nodes, string Memory, bool Kibana);
public sealed record MonitoringDeployIr(bool Prometheus, bool Grafana, string? AlertEmail);

/// <summary>The deploy block of one environment; a section left out of the spec is null.</summary>
public sealed record DeployIr(string Environment, Cloud Cloud, string Region,
    DatabricksDeployIr? Databricks, PostgresDeployIr? Postgres, KafkaDeployIr? Kafka,
    ElasticsearchDeployIr? Elasticsearch, MonitoringDeployIr? Monitoring, Origin Origin);
