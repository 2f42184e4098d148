using Pulse.Compiler.Ir;
using Pulse.Targets.Infra.Model;
using Pulse.Targets.Monitoring;
using static Pulse.Targets.Infra.Model.TfDynamic;

namespace Pulse.Targets.Infra.Build;

/// <summary>The outputs operators and the Airflow DAG need: cluster, lake, PostgreSQL host, Databricks ids.</summary>
public sealed partial class InfraStackBuilder
{
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
}
