using Pulse.Compiler.Ir;
using Pulse.Targets.Infra.Model;

namespace Pulse.Targets.Infra.Build;

/// <summary>
/// The Databricks cluster (autoscaling, from the deploy block) and one job per Spark batch view. The
/// jobs have no schedule of their own: the generated Airflow DAG triggers them, so the pipeline's
/// cron lives in one place.
/// </summary>
public sealed partial class InfraStackBuilder
{
    private const string Databricks = "databricks";
    private readonly List<(ViewIr View, TfBlockInstance Job)> _jobs = [];
    private TfBlockInstance? _databricksCluster;

    private void BuildDatabricks(DatabricksDeployIr databricks, CloudFoundation foundation)
    {
        var requirement = new TfProviderRequirement(Databricks, "databricks/databricks", ChartVersions.DatabricksProvider);
        if (_databricksWorkspace is { } workspace)
            _stack.Provider(requirement, p => p
                .Set("host", workspace.Ref("workspace_url"))
                .Set("azure_workspace_resource_id", workspace.Ref("id")));
        else
        {
            // GCP workspaces are created in the Databricks account console, not by the google provider.
            var host = _stack.Variable("databricks_host", TfVariableType.String, "URL of the Databricks workspace (GCP).");
            var account = _stack.Variable("databricks_google_service_account", TfVariableType.String,
                "Google service account Terraform impersonates to authenticate to Databricks.");
            _stack.Provider(requirement, p => p
                .Set("host", new TfVariableRef(host))
                .Set("google_service_account", new TfVariableRef(account)));
        }

        var initScript = _stack.Variable("spark_init_script", TfVariableType.String,
            "Workspace path of the init script that installs the .NET for Apache Spark worker on every node.",
            "/Shared/pulse/install-dotnet-worker.sh");
        var runnerJar = _stack.Variable("spark_dotnet_runner_jar", TfVariableType.String,
            "Path of the microsoft-spark jar holding org.apache.spark.deploy.dotnet.DotnetRunner.");
        var package = _stack.Variable("spark_jobs_package", TfVariableType.String,
            "Path of the zipped Spark .NET jobs (the output of pulse compile --target spark, published).");
        var executable = _stack.Variable("spark_jobs_executable", TfVariableType.String,
            "Name of the executable inside the jobs package.", "Pulse.SparkJobs");

        _databricksCluster = _stack.Resource(Databricks, "databricks_cluster", "pulse", a => a
            .Set("cluster_name", $"{_plan.Pipeline.Name} ({_plan.Deploy.Environment})")
            .Set("spark_version", databricks.SparkVersion)
            .Set("node_type_id", databricks.NodeType)
            .Set("autotermination_minutes", 30L)
            .Block("autoscale", s => s
                .Set("min_workers", (long)databricks.MinWorkers)
                .Set("max_workers", (long)databricks.MaxWorkers))
            .Blocks("init_scripts", i => i.Block("workspace", w => w.Set("destination", new TfVariableRef(initScript))))
            .Set("custom_tags", Tags(_plan)));

        var schedule = _plan.Pipeline.Schedule;
        foreach (var view in _plan.BatchViews)
        {
            var job = _stack.Resource(Databricks, "databricks_job", TfNames.Identifier(view.Name), a =>
            {
                a.Set("name", $"{_plan.Pipeline.Name} {view.Name} ({_plan.Deploy.Environment})")
                    .Set("max_concurrent_runs", 1L)
                    .Blocks("task", t =>
                    {
                        t.Set("task_key", TfNames.Identifier(view.Name))
                            .Set("existing_cluster_id", _databricksCluster.Ref("id"))
                            .Block("spark_jar_task", s => s
                                .Set("main_class_name", "org.apache.spark.deploy.dotnet.DotnetRunner")
                                .Set("parameters", Strings(new TfVariableRef(package), new TfVariableRef(executable), "--view", view.Name)))
                            .Blocks("library", l => l.Set("jar", new TfVariableRef(runnerJar)));
                        if (schedule is not null)
                        {
                            t.Set("max_retries", (long)schedule.Retries)
                                .Set("min_retry_interval_millis", (long)schedule.RetryDelay.TotalMilliseconds);
                            if (schedule.Sla is { } sla) t.Set("timeout_seconds", (long)sla.TotalSeconds);
                        }
                    });
                if (_plan.Owner.Length > 0)
                    a.Block("email_notifications", e => e.Set("on_failure", Strings(_plan.Owner)));
            });
            _jobs.Add((view, job));
        }
    }
}
