namespace Pulse.Targets.Infra.Build;

/// <summary>
/// Pinned versions of what the stacks install, so two compiles of one spec produce the same
/// artifacts and an upgrade is a reviewed one-line change.
/// </summary>
public static class ChartVersions
{
    public const string StrimziRepository = "oci://quay.io/strimzi-helm";
    public const string StrimziChart = "strimzi-kafka-operator";
    public const string Strimzi = "0.47.0";
    public const string Kafka = "4.0.0";

    public const string EckRepository = "https://helm.elastic.co";
    public const string EckChart = "eck-operator";
    public const string Eck = "3.1.0";
    public const string Elasticsearch = "8.18.4";

    public const string AirflowRepository = "https://airflow.apache.org";
    public const string AirflowChart = "airflow";
    public const string Airflow = "1.18.0";

    public const string PrometheusRepository = "https://prometheus-community.github.io/helm-charts";
    public const string PrometheusChart = "kube-prometheus-stack";
    public const string KubePrometheusStack = "77.5.0";

    public const string PostgresMajor = "16";

    /// <summary>Terraform provider versions: the ones the pinned CDKTF prebuilt providers were generated from.</summary>
    public const string AzurermProvider = "4.41.0";
    public const string GoogleProvider = "6.48.0";
    public const string DatabricksProvider = "1.99.0";
    public const string HelmProvider = "3.1.1";
    public const string KubernetesProvider = "2.38.0";
}
