using System.Collections.Immutable;

namespace Pulse.Targets.Airflow;

/// <summary>
/// One DAG per pipeline: schedule and defaults from the IR schedule, the tasks, and the dependencies
/// derived from the IR's lineage. Built by <see cref="AirflowDagParser"/>, written by <see cref="AirflowDagEmitter"/>.
/// </summary>
public sealed record AirflowDag(
    string Pipeline,
    string DagId,
    string SpecFile,
    string? Description,
    string Cron,
    string Owner,
    int Retries,
    TimeSpan RetryDelay,
    TimeSpan? Sla,
    /// <summary>Set when the IR's environment deploys to a cloud with Databricks: jobs run there.</summary>
    DatabricksCluster? Databricks,
    ImmutableArray<AirflowTask> Tasks,
    ImmutableArray<AirflowEdge> Edges);

public sealed record DatabricksCluster(string SparkVersion, string NodeType, int MinWorkers, int MaxWorkers,
    /// <summary>Cluster environment variables: name → Databricks secret key (scope <c>pulse</c>).</summary>
    ImmutableSortedDictionary<string, string> SecretEnvironment);

public sealed record AirflowEdge(string From, string To);

/// <summary>A task: <see cref="TaskId"/> is also the Python variable holding the operator.</summary>
public abstract record AirflowTask(string TaskId);

/// <summary>Runs <c>build/postgres/*.sql</c> against one PostgreSQL connection before anything writes to it.</summary>
public sealed record MigrationTask(string TaskId, string Connection, string ConnId) : AirflowTask(TaskId);

/// <summary>One Spark job of <c>build/spark/&lt;slug&gt;</c> (a batch view, or a serving view's refresh).</summary>
public sealed record SparkJobTask(string TaskId, string View, string Slug, bool Serving, ImmutableArray<string> Packages) : AirflowTask(TaskId)
{
    /// <summary>The view has <c>incremental on</c>: the job gets <c>--full-refresh</c> when the run's <c>full_refresh</c> param is true.</summary>
    public bool Incremental { get; init; }
}

/// <summary>Installs one Elasticsearch sink's ingest pipeline, policy, template and bootstrap index before the job writes it.</summary>
public sealed record ElasticsearchInstallTask(string TaskId, string Sink, string Key, string Folder, string? UrlEnv, string? UrlLiteral, string? ApiKeyEnv,
    ImmutableArray<(string Path, string File)> Steps) : AirflowTask(TaskId);

/// <summary>Reads a source's quality metrics after the jobs that clean it and fails past the spec's thresholds.</summary>
public sealed record QualityGateTask(string TaskId, string Source, string Slug, ImmutableArray<QualityRule> Rules) : AirflowTask(TaskId);

public sealed record QualityRule(string Rule, string Action, double? WarnAbove, double? FailAbove);
