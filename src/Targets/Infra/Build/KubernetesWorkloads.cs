using Pulse.Compiler.Ir;
using Pulse.Targets.Infra.Model;
using Pulse.Targets.Monitoring;
using static Pulse.Targets.Infra.Model.TfDynamic;

namespace Pulse.Targets.Infra.Build;

/// <summary>
/// The Kubernetes side: providers from the cluster's credentials, Pulse's namespace with the
/// connection settings (config map) and secrets (a Kubernetes secret filled from the cloud's secret
/// manager), the shared Helm/manifest helpers, then the workloads (Kafka, Elasticsearch, Airflow,
/// monitoring), each in its own file.
/// </summary>
public sealed partial class InfraStackBuilder
{
    private const string Kubernetes = "kubernetes";
    private const string Helm = "helm";

    private void BuildKubernetes(CloudFoundation foundation)
    {
        var access = foundation.Kubernetes;
        void Connect(TfAttributes a) => a
            .Set("host", access.Host)
            .Set("cluster_ca_certificate", access.ClusterCaCertificate)
            .Set("client_certificate", access.ClientCertificate)
            .Set("client_key", access.ClientKey)
            .Set("token", access.Token);
        _stack.Provider(new TfProviderRequirement(Kubernetes, "hashicorp/kubernetes", ChartVersions.KubernetesProvider), Connect);
        _stack.Provider(new TfProviderRequirement(Helm, "hashicorp/helm", ChartVersions.HelmProvider), p => p.Block("kubernetes", Connect));

        var pulse = Namespace(InfraPlan.PulseNamespace, access.Ready);
        var environment = _stack.Resource(Kubernetes, "kubernetes_config_map_v1", "environment", a => a
            .Block("metadata", m => m.Set("name", InfraPlan.EnvironmentConfigMap).Set("namespace", InfraPlan.PulseNamespace))
            .Set("data", StringMap(EnvironmentValues(foundation))));
        environment.DependsOn.Add(pulse);
        if (!_plan.Secrets.IsEmpty)
        {
            var secrets = _stack.Resource(Kubernetes, "kubernetes_secret_v1", "secrets", a => a
                .Block("metadata", m => m.Set("name", InfraPlan.SecretsName).Set("namespace", InfraPlan.PulseNamespace))
                .Set("type", "Opaque")
                .Set("data", StringMap(_plan.Secrets.Select(s => new KeyValuePair<string, TfValue>(s.EnvironmentName, foundation.Secrets[s.Name])))));
            secrets.DependsOn.Add(pulse);
        }

        if (_plan.Deploy.Kafka is { } kafka) BuildKafka(kafka, access.Ready);
        if (_plan.Deploy.Elasticsearch is { } elasticsearch) BuildElasticsearch(elasticsearch, access.Ready);
        BuildAirflow(pulse);
        if (_plan.Deploy.Monitoring is { } monitoring && (monitoring.Prometheus || monitoring.Grafana))
            BuildMonitoring(monitoring, access.Ready);
    }

    private TfBlockInstance Namespace(string name, TfBlockInstance ready)
    {
        var ns = _stack.Resource(Kubernetes, "kubernetes_namespace_v1", name, a => a
            .Block("metadata", m => m
                .Set("name", name)
                .Set("labels", StringMap([new("app.kubernetes.io/part-of", "pulse")]))));
        ns.DependsOn.Add(ready);
        return ns;
    }

    /// <summary>
    /// Every <c>env("NAME")</c> a connection uses, as the workloads will see it: wired to what this
    /// stack provisions (PostgreSQL host, Kafka bootstrap, Elasticsearch URL) where it can be, else a
    /// Terraform variable the operator sets.
    /// </summary>
    private IEnumerable<KeyValuePair<string, TfValue>> EnvironmentValues(CloudFoundation foundation)
    {
        foreach (var use in _plan.EnvironmentSettings)
        {
            var value = ProvisionedValue(use, foundation) ?? new TfVariableRef(_stack.Variable(
                TfNames.Identifier("env_" + use.Variable.ToLowerInvariant()), TfVariableType.String,
                $"Value of the environment variable {use.Variable} (setting {use.Setting} of connection {use.Connection.Name})."));
            yield return new(use.Variable, value);
        }
        yield return new("PULSE_PIPELINE", _plan.Pipeline.Name);
        yield return new("PULSE_ENVIRONMENT", _plan.Deploy.Environment);
        yield return new("PULSE_LAKE_URL", foundation.LakeUrl);
    }

    private TfValue? ProvisionedValue(EnvUse use, CloudFoundation foundation)
    {
        var connection = use.Connection;
        switch (connection.Kind)
        {
            case ConnectionKind.Postgres when foundation.PostgresHost is { } host && _plan.ProvisionedPostgres.Contains(connection):
                return use.Setting switch
                {
                    "host" => host,
                    "user" => new TfVariableRef(PostgresAdminLogin()),
                    "url" => new TfInterpolation(["postgresql://", new TfVariableRef(PostgresAdminLogin()), "@", host, ":5432/",
                        DatabaseName(connection), "?sslmode=require"]),
                    _ => null,
                };
            case ConnectionKind.Kafka when _plan.Deploy.Kafka is not null && use.Setting is "brokers" or "bootstrap_servers":
                return _plan.KafkaBootstrap;
            case ConnectionKind.Elasticsearch when _plan.Deploy.Elasticsearch is not null && use.Setting == "url":
                return _plan.ElasticsearchUrl;
            default:
                return null;
        }
    }

    private TfBlockInstance HelmRelease(string localName, string name, string repository, string chart, string version, string @namespace,
        TfBlockInstance dependsOn, object? values, Action<TfAttributes>? more = null)
    {
        var release = _stack.Resource(Helm, "helm_release", localName, a =>
        {
            a.Set("name", name)
                .Set("repository", repository)
                .Set("chart", chart)
                .Set("version", version)
                .Set("namespace", @namespace)
                .Set("timeout", 900L);
            // JSON is YAML: values are written as JSON so every string is escaped exactly once.
            if (values is not null)
                a.Set("values", new TfList([System.Text.Json.JsonSerializer.Serialize(values, ValuesJson)], TfListElement.String));
            more?.Invoke(a);
        });
        release.DependsOn.Add(dependsOn);
        return release;
    }

    private static readonly System.Text.Json.JsonSerializerOptions ValuesJson = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new OrderedObjectConverter() },
    };

    private TfBlockInstance Manifest(string localName, object manifest, TfBlockInstance dependsOn)
    {
        var resource = _stack.Resource(Kubernetes, "kubernetes_manifest", localName, a => a.Set("manifest", From(manifest)));
        resource.DependsOn.Add(dependsOn);
        return resource;
    }

    private static List<KeyValuePair<string, object?>> Metadata(string name, string @namespace) =>
        Obj(("name", name), ("namespace", @namespace), ("labels", Obj(("app.kubernetes.io/part-of", "pulse"))));

    /// <summary>Serializes the ordered key/value lists used for values as JSON objects.</summary>
    private sealed class OrderedObjectConverter : System.Text.Json.Serialization.JsonConverter<List<KeyValuePair<string, object?>>>
    {
        public override List<KeyValuePair<string, object?>> Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert,
            System.Text.Json.JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(System.Text.Json.Utf8JsonWriter writer, List<KeyValuePair<string, object?>> value,
            System.Text.Json.JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            foreach (var (key, item) in value)
            {
                writer.WritePropertyName(key);
                System.Text.Json.JsonSerializer.Serialize(writer, item, item?.GetType() ?? typeof(object), options);
            }
            writer.WriteEndObject();
        }
    }
}
