using Pulse.Compiler.Ir;
using Pulse.Targets.Infra.Model;

namespace Pulse.Targets.Infra.Build;

/// <summary>
/// Builds the infrastructure model of one deploy block: the cloud foundation (network, managed
/// PostgreSQL, object storage, secrets, Kubernetes cluster, Databricks workspace), then what runs
/// on it (Databricks cluster and jobs, Kafka, Elasticsearch, Airflow, monitoring). A pure function
/// of the IR: the same IR always gives the same model.
/// </summary>
public sealed partial class InfraStackBuilder
{
    private readonly InfraPlan _plan;
    private readonly TfStackBuilder _stack;

    private InfraStackBuilder(InfraPlan plan)
    {
        _plan = plan;
        _stack = new TfStackBuilder(
            TfNames.DnsLabel($"{plan.Pipeline.Name}-{plan.Deploy.Environment}"),
            $"Pulse pipeline {plan.Pipeline.Name}, environment {plan.Deploy.Environment} ({plan.Deploy.Cloud}, {plan.Deploy.Region})");
    }

    public static TfStack Build(PipelineIr pipeline, DeployIr deploy)
    {
        var builder = new InfraStackBuilder(InfraPlan.From(pipeline, deploy));
        return builder.BuildStack();
    }

    private TfStack BuildStack()
    {
        var foundation = _plan.Deploy.Cloud switch
        {
            Cloud.Azure => BuildAzure(),
            Cloud.Gcp => BuildGcp(),
            _ => throw new NotSupportedException($"cloud {_plan.Deploy.Cloud}"),
        };
        if (_plan.Deploy.Databricks is { } databricks) BuildDatabricks(databricks, foundation);
        BuildKubernetes(foundation);
        BuildOutputs(foundation);
        return _stack.Build();
    }

    /// <summary>How many Kubernetes nodes the workloads need: one per Elasticsearch node and per Kafka replica, at least three.</summary>
    private (long Min, long Max) NodeCount()
    {
        var min = Math.Max(3, Math.Max(_plan.Deploy.Elasticsearch?.Nodes ?? 0, _plan.Deploy.Kafka?.Replication ?? 0));
        return (min, min * 2);
    }

    private TfVariable NodeSizeVariable(string defaultSize) =>
        _stack.Variable("kubernetes_node_size", TfVariableType.String, "Machine type of the Kubernetes nodes.", defaultSize);

    private TfVariable PostgresAdminLogin() =>
        _stack.Variable("postgres_admin_login", TfVariableType.String, "Administrator login of the managed PostgreSQL server.", "pulse_admin");

    /// <summary>
    /// The administrator password: the secret-manager entry of the provisioned connection's
    /// <c>password</c> when the spec names one, else a sensitive variable. Never a literal.
    /// </summary>
    private TfValue PostgresAdminPassword(IReadOnlyDictionary<string, TfValue> secrets)
    {
        foreach (var connection in _plan.ProvisionedPostgres)
            if (connection.Settings.TryGetValue("password", out var setting) && setting is SecretSetting secret)
                return secrets[secret.Name];
        return new TfVariableRef(_stack.SensitiveVariable("postgres_admin_password",
            "Administrator password of the managed PostgreSQL server (no connection names a secret for it)."));
    }

    /// <summary>The database name of a provisioned connection: its literal <c>database</c> setting, else the connection name.</summary>
    private static string DatabaseName(ConnectionIr connection) =>
        connection.Settings.TryGetValue("database", out var setting) && setting is LiteralSetting literal
            ? literal.Value
            : connection.Name;

    private static TfMap Tags(InfraPlan plan) => TfDynamic.StringMap(
    [
        new("pulse-pipeline", plan.Pipeline.Name),
        new("pulse-environment", plan.Deploy.Environment),
        new("managed-by", "pulse"),
    ]);

    /// <summary>The same as GCP labels, whose values allow only lowercase letters, digits, '_' and '-' (at most 63).</summary>
    private static TfMap GcpLabels(InfraPlan plan) => TfDynamic.StringMap(
    [
        new("pulse-pipeline", TfNames.LabelValue(plan.Pipeline.Name)),
        new("pulse-environment", TfNames.LabelValue(plan.Deploy.Environment)),
        new("managed-by", "pulse"),
    ]);
}

/// <summary>What the cloud section hands to the sections that run on it.</summary>
public sealed record CloudFoundation(
    /// <summary>secret name to the value read from the cloud's secret manager.</summary>
    IReadOnlyDictionary<string, TfValue> Secrets,
    KubernetesAccess Kubernetes,
    TfValue? PostgresHost,
    TfValue LakeUrl,
    TfValue KubernetesClusterName);

/// <summary>How the kubernetes and helm providers reach the cluster, and what must exist before workloads are created.</summary>
public sealed record KubernetesAccess(TfValue Host, TfValue ClusterCaCertificate, TfValue? ClientCertificate, TfValue? ClientKey,
    TfValue? Token, TfBlockInstance Ready);
