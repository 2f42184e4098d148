using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Targets.Infra.Model;

namespace Pulse.Targets.Infra.Build;

/// <summary>
/// What one deploy block asks for, read from the IR once: names, the secrets and environment
/// variables the connections use, which connections this stack provisions, the Kafka topics and the
/// Spark batch views. Every stack section reads this instead of walking the IR again.
/// </summary>
public sealed record InfraPlan(
    PipelineIr Pipeline,
    DeployIr Deploy,
    /// <summary>A DNS label for cloud resource names: "&lt;pipeline&gt;-&lt;environment&gt;".</summary>
    string Prefix,
    ImmutableArray<SecretUse> Secrets,
    ImmutableArray<EnvUse> EnvironmentSettings,
    ImmutableArray<ConnectionIr> ProvisionedPostgres,
    ImmutableArray<string> KafkaTopics,
    ImmutableArray<ViewIr> BatchViews)
{
    public static InfraPlan From(PipelineIr pipeline, DeployIr deploy)
    {
        var connections = pipeline.Connections.OrderBy(c => c.Name, StringComparer.Ordinal).ToImmutableArray();
        var secrets = connections
            .SelectMany(c => c.Settings.Where(s => s.Value is SecretSetting).Select(s => ((SecretSetting)s.Value).Name))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(name => new SecretUse(name, TfNames.Identifier("secret_" + name), "PULSE_SECRET_" + TfNames.EnvironmentVariable(name)))
            .ToImmutableArray();
        var env = connections
            .SelectMany(c => c.Settings.Where(s => s.Value is EnvSetting).Select(s => new EnvUse(((EnvSetting)s.Value).Variable, c, s.Key)))
            .GroupBy(e => e.Variable, StringComparer.Ordinal).Select(g => g.First())
            .OrderBy(e => e.Variable, StringComparer.Ordinal)
            .ToImmutableArray();
        // The managed PostgreSQL hosts the databases the pipeline writes to; sources read existing databases.
        var sinkConnections = pipeline.Sinks.Select(s => s.Connection).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var postgres = deploy.Postgres is null ? [] : connections
            .Where(c => c.Kind == ConnectionKind.Postgres && sinkConnections.Contains(c.Name)).ToImmutableArray();
        var topics = pipeline.Sources.Select(s => s.Options.Topic).Concat(pipeline.Sinks.Select(s => s.Topic))
            .OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
        var batch = pipeline.Views.Where(v => v.Layer == ViewLayer.Batch).ToImmutableArray();
        return new InfraPlan(pipeline, deploy, TfNames.DnsLabel($"{pipeline.Name}-{deploy.Environment}", 40),
            secrets, env, postgres, topics, batch);
    }

    public string Owner => Pipeline.Schedule?.Owner ?? Pipeline.Owner ?? "";

    /// <summary>The Kubernetes namespace of Pulse's own workloads (Airflow, connection settings, secrets).</summary>
    public const string PulseNamespace = "pulse";
    public const string KafkaNamespace = "kafka";
    public const string ElasticNamespace = "elastic";
    public const string MonitoringNamespace = "monitoring";
    public const string EnvironmentConfigMap = "pulse-environment";
    public const string SecretsName = "pulse-secrets";

    public string KafkaClusterName => "pulse-kafka";
    public string ElasticsearchName => "pulse-es";
    public string KafkaBootstrap => $"{KafkaClusterName}-kafka-bootstrap.{KafkaNamespace}.svc:9092";
    public string ElasticsearchUrl => $"https://{ElasticsearchName}-es-http.{ElasticNamespace}.svc:9200";
}

/// <summary>A <c>secret("name")</c> of a connection; mounted in the cluster as <see cref="EnvironmentName"/>.</summary>
public sealed record SecretUse(string Name, string LocalName, string EnvironmentName);

/// <summary>An <c>env("NAME")</c> of a connection setting.</summary>
public sealed record EnvUse(string Variable, ConnectionIr Connection, string Setting);
