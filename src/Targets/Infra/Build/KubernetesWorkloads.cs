using Pulse.Compiler.Ir;
using Pulse.Targets.Infra.Model;
using Pulse.Targets.Monitoring;
using static Pulse.Targets.Infra.Model.TfDynamic;

namespace Pulse.Targets.Infra.Build;

/// <summary>
/// What runs on the Kubernetes cluster: Pulse's namespace with the connection settings (config map)
/// and secrets (a Kubernetes secret filled from the cloud's secret manager), Kafka (Strimzi), Elasticsearch
/// and Kibana (ECK), Airflow, and Prometheus + Grafana (kube-prometheus-stack) with the pipeline's
/// dashboard and alert rules.
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

    /// <summary>Strimzi operator, a KRaft Kafka cluster (one node pool of combined controller/broker nodes) and the pipeline's topics.</summary>
    private void BuildKafka(KafkaDeployIr kafka, TfBlockInstance ready)
    {
        var ns = Namespace(InfraPlan.KafkaNamespace, ready);
        var strimzi = HelmRelease("strimzi", "strimzi", ChartVersions.StrimziRepository, ChartVersions.StrimziChart,
            ChartVersions.Strimzi, InfraPlan.KafkaNamespace, ns, Obj(("watchNamespaces", new List<object?>())));
        var cluster = _plan.KafkaClusterName;
        var minInsync = Math.Max(1, Math.Min(2, kafka.Replication - 1));
        var pool = Manifest("kafka_node_pool", Obj(
            ("apiVersion", "kafka.strimzi.io/v1beta2"),
            ("kind", "KafkaNodePool"),
            ("metadata", Obj(("name", "combined"), ("namespace", InfraPlan.KafkaNamespace), ("labels", Obj(("strimzi.io/cluster", cluster))))),
            ("spec", Obj(
                ("replicas", kafka.Replication),
                ("roles", new List<object?> { "controller", "broker" }),
                ("storage", Obj(("type", "persistent-claim"), ("size", "100Gi"), ("deleteClaim", false)))))), strimzi);
        var kafkaCluster = Manifest("kafka_cluster", Obj(
            ("apiVersion", "kafka.strimzi.io/v1beta2"),
            ("kind", "Kafka"),
            ("metadata", Obj(("name", cluster), ("namespace", InfraPlan.KafkaNamespace),
                ("annotations", Obj(("strimzi.io/node-pools", "enabled"), ("strimzi.io/kraft", "enabled"))))),
            ("spec", Obj(
                ("kafka", Obj(
                    ("version", ChartVersions.Kafka),
                    ("listeners", new List<object?>
                    {
                        Obj(("name", "plain"), ("port", 9092), ("type", "internal"), ("tls", false)),
                        Obj(("name", "tls"), ("port", 9093), ("type", "internal"), ("tls", true)),
                    }),
                    ("config", Obj(
                        ("num.partitions", kafka.Partitions),
                        ("default.replication.factor", kafka.Replication),
                        ("min.insync.replicas", minInsync),
                        ("offsets.topic.replication.factor", kafka.Replication),
                        ("transaction.state.log.replication.factor", kafka.Replication),
                        ("transaction.state.log.min.isr", minInsync))))),
                ("entityOperator", Obj(("topicOperator", Obj()), ("userOperator", Obj())))))), strimzi);
        kafkaCluster.DependsOn.Add(pool);
        foreach (var topic in _plan.KafkaTopics)
            Manifest(TfNames.Identifier("kafka_topic_" + topic), Obj(
                ("apiVersion", "kafka.strimzi.io/v1beta2"),
                ("kind", "KafkaTopic"),
                ("metadata", Obj(("name", TfNames.DnsLabel(topic)), ("namespace", InfraPlan.KafkaNamespace),
                    ("labels", Obj(("strimzi.io/cluster", cluster))))),
                ("spec", Obj(("topicName", topic), ("partitions", kafka.Partitions), ("replicas", kafka.Replication)))), kafkaCluster);
    }

    /// <summary>ECK operator, an Elasticsearch cluster of the spec's size and memory, and Kibana when asked for.</summary>
    private void BuildElasticsearch(ElasticsearchDeployIr elasticsearch, TfBlockInstance ready)
    {
        var ns = Namespace(InfraPlan.ElasticNamespace, ready);
        var operatorRelease = HelmRelease("eck_operator", "eck-operator", ChartVersions.EckRepository, ChartVersions.EckChart,
            ChartVersions.Eck, InfraPlan.ElasticNamespace, ns, Obj(("managedNamespaces", new List<object?> { InfraPlan.ElasticNamespace })));
        var resources = Obj(("requests", Obj(("memory", elasticsearch.Memory))), ("limits", Obj(("memory", elasticsearch.Memory))));
        var cluster = Manifest("elasticsearch", Obj(
            ("apiVersion", "elasticsearch.k8s.elastic.co/v1"),
            ("kind", "Elasticsearch"),
            ("metadata", Metadata(_plan.ElasticsearchName, InfraPlan.ElasticNamespace)),
            ("spec", Obj(
                ("version", ChartVersions.Elasticsearch),
                ("nodeSets", new List<object?>
                {
                    Obj(("name", "default"),
                        ("count", elasticsearch.Nodes),
                        ("config", Obj(("node.store.allow_mmap", false))),
                        ("podTemplate", Obj(("spec", Obj(("containers", new List<object?>
                        {
                            Obj(("name", "elasticsearch"), ("resources", resources)),
                        })))))),
                })))), operatorRelease);
        if (elasticsearch.Kibana)
            Manifest("kibana", Obj(
                ("apiVersion", "kibana.k8s.elastic.co/v1"),
                ("kind", "Kibana"),
                ("metadata", Metadata("pulse-kibana", InfraPlan.ElasticNamespace)),
                ("spec", Obj(
                    ("version", ChartVersions.Elasticsearch),
                    ("count", 1),
                    ("elasticsearchRef", Obj(("name", _plan.ElasticsearchName)))))), cluster);
    }

    /// <summary>Airflow (the official chart, KubernetesExecutor) with the connection settings and secrets as environment.</summary>
    private void BuildAirflow(TfBlockInstance pulseNamespace)
    {
        var dagsRepository = _stack.Variable("airflow_dags_repository", TfVariableType.String,
            "Git repository (https) holding the generated Airflow DAGs (build/airflow).");
        var envFrom = new List<object?> { Obj(("configMapRef", Obj(("name", InfraPlan.EnvironmentConfigMap)))) };
        if (!_plan.Secrets.IsEmpty) envFrom.Add(Obj(("secretRef", Obj(("name", InfraPlan.SecretsName)))));
        HelmRelease("airflow", "airflow", ChartVersions.AirflowRepository, ChartVersions.AirflowChart, ChartVersions.Airflow,
            InfraPlan.PulseNamespace, pulseNamespace, Obj(
                ("executor", "KubernetesExecutor"),
                ("extraEnvFrom", YamlText(envFrom)),
                ("dags", Obj(("gitSync", Obj(("enabled", true), ("branch", "main"), ("subPath", "build/airflow")))))),
            a => a.Set("set", new TfBlockList("set", [new TfBlock(new TfAttributes()
                .Set("name", "dags.gitSync.repo")
                .Set("value", new TfVariableRef(dagsRepository)))])));
    }

    /// <summary>kube-prometheus-stack with the pipeline's dashboard (Grafana sidecar) and alert rules (PrometheusRule).</summary>
    private void BuildMonitoring(MonitoringDeployIr monitoring, TfBlockInstance ready)
    {
        var ns = Namespace(InfraPlan.MonitoringNamespace, ready);
        var values = Obj(
            ("grafana", Obj(("enabled", monitoring.Grafana),
                ("sidecar", Obj(("dashboards", Obj(("enabled", true), ("label", "grafana_dashboard"), ("labelValue", "1"))))))),
            ("prometheus", Obj(("enabled", monitoring.Prometheus), ("prometheusSpec", Obj(
                ("ruleSelectorNilUsesHelmValues", false),
                ("serviceMonitorSelectorNilUsesHelmValues", false),
                ("podMonitorSelectorNilUsesHelmValues", false))))));
        Action<TfAttributes>? alerting = null;
        if (monitoring.AlertEmail is { } email)
        {
            var smarthost = _stack.Variable("alertmanager_smtp_smarthost", TfVariableType.String, "SMTP server (host:port) Alertmanager sends mail through.");
            var from = _stack.Variable("alertmanager_smtp_from", TfVariableType.String, "Sender address of alert mails.");
            var password = _stack.SensitiveVariable("alertmanager_smtp_password", "Password of the SMTP account Alertmanager uses.");
            values.Add(new("alertmanager", Obj(("config", Obj(
                ("route", Obj(("receiver", "pulse-email"), ("group_by", new List<object?> { "alertname", "pipeline" }))),
                ("receivers", new List<object?>
                {
                    Obj(("name", "null")),
                    Obj(("name", "pulse-email"), ("email_configs", new List<object?> { Obj(("to", email), ("send_resolved", true)) })),
                }))))));
            alerting = a => a
                .Set("set", new TfBlockList("set", [
                    new TfBlock(new TfAttributes().Set("name", "alertmanager.config.global.smtp_smarthost").Set("value", new TfVariableRef(smarthost))),
                    new TfBlock(new TfAttributes().Set("name", "alertmanager.config.global.smtp_from").Set("value", new TfVariableRef(from))),
                ]))
                .Set("set_sensitive", new TfBlockList("set_sensitive", [
                    new TfBlock(new TfAttributes().Set("name", "alertmanager.config.global.smtp_auth_password").Set("value", new TfVariableRef(password))),
                ]));
        }
        var stack = HelmRelease("kube_prometheus_stack", "kube-prometheus-stack", ChartVersions.PrometheusRepository,
            ChartVersions.PrometheusChart, ChartVersions.KubePrometheusStack, InfraPlan.MonitoringNamespace, ns, values, alerting);

        if (monitoring.Grafana)
        {
            var dashboard = _stack.Resource(Kubernetes, "kubernetes_config_map_v1", "grafana_dashboard", a => a
                .Block("metadata", m => m
                    .Set("name", TfNames.DnsLabel($"pulse-dashboard-{_plan.Pipeline.Name}"))
                    .Set("namespace", InfraPlan.MonitoringNamespace)
                    .Set("labels", StringMap([new("grafana_dashboard", "1")])))
                .Set("data", StringMap([new($"{TfNames.DnsLabel(_plan.Pipeline.Name)}.json", GrafanaDashboard.Emit(_plan.Pipeline))])));
            dashboard.DependsOn.Add(ns);
        }
        if (monitoring.Prometheus)
            Manifest("alert_rules", Obj(
                ("apiVersion", "monitoring.coreos.com/v1"),
                ("kind", "PrometheusRule"),
                ("metadata", Metadata(TfNames.DnsLabel($"pulse-{_plan.Pipeline.Name}"), InfraPlan.MonitoringNamespace)),
                ("spec", AlertRules.RuleFile(_plan.Pipeline))), stack);
    }

    /// <summary>Airflow's chart takes extraEnvFrom as a YAML string; JSON is YAML.</summary>
    private static string YamlText(object value) => System.Text.Json.JsonSerializer.Serialize(value, ValuesJson);

    private void BuildOutputs(CloudFoundation foundation)
    {
        _stack.Output("kubernetes_cluster_name", "Name of the Kubernetes cluster running Kafka, Elasticsearch, Airflow and monitoring.",
            foundation.KubernetesClusterName);
        _stack.Output("lake_url", "Root URL of the lakehouse storage (delta and parquet sinks write below it).", foundation.LakeUrl);
        if (foundation.PostgresHost is { } host)
            _stack.Output("postgres_host", "Private host name or address of the managed PostgreSQL server.", host);
        if (_databricksCluster is { } cluster)
            _stack.Output("databricks_cluster_id", "Id of the Databricks cluster the batch jobs run on.", cluster.Ref("id"));
        foreach (var (view, job) in _jobs)
            _stack.Output(TfNames.Identifier("databricks_job_" + view.Name), $"Databricks job id of batch view {view.Name} (Airflow triggers it).",
                job.Ref("id"));
    }

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
