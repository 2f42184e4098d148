using System.Collections.Immutable;
using System.Text;
using Pulse.Compiler.Ir;
using Pulse.Targets.Elasticsearch;
using Pulse.Targets.Spark;

namespace Pulse.Targets.Airflow;

/// <summary>
/// IR → <see cref="AirflowDag"/>. Tasks: one migration per PostgreSQL sink connection, one install per
/// Elasticsearch sink, one Spark job per batch view and per serving view (its refresh), one quality
/// gate per source with expectations that a scheduled job cleans. Every dependency comes from the
/// IR's lineage: a view's job after the jobs of the views it reads, after the migrations and
/// installs of the sinks it writes; a source's gate after every job that cleans the source.
/// </summary>
public static class AirflowDagParser
{
    public const string DeltaPackage = "io.delta:delta-spark_2.12:3.2.0";
    public const string PostgresPackage = "org.postgresql:postgresql:42.7.4";
    public const string KafkaPackage = "org.apache.spark:spark-sql-kafka-0-10_2.12:3.5.1";
    public const string ElasticsearchPackage = "org.elasticsearch:elasticsearch-spark-30_2.12:8.15.0";

    public static AirflowDag Parse(PipelineIr ir)
    {
        var jobs = SparkJobParser.Parse(ir).Where(j => j.Kind != SparkJobKind.Speed).ToList();
        var names = new TaskNames();
        var tasks = new List<AirflowTask>();
        var taskOf = new Dictionary<string, string>();          // view or sink or source → task id
        var migrationOf = new Dictionary<string, string>();     // postgres connection → task id
        var installOf = new Dictionary<string, string>();       // es sink → task id

        var scheduledViews = jobs.Select(j => j.View.Name).ToHashSet();
        var scheduledSinks = ir.Sinks.Where(s => scheduledViews.Contains(s.From)).ToList();

        foreach (var connection in scheduledSinks.Where(s => s.Kind == SinkKind.Postgres && s.Connection is not null).Select(s => s.Connection!).Distinct())
        {
            var id = names.Claim("migrate_" + connection);
            migrationOf[connection] = id;
            tasks.Add(new MigrationTask(id, connection, "pulse_" + PythonLiteral.Identifier(connection)));
        }

        var esModels = ir.Sinks.Any(s => s.Kind == SinkKind.Elasticsearch) ? EsModelParser.Parse(ir) : [];
        foreach (var sink in scheduledSinks.Where(s => s.Kind == SinkKind.Elasticsearch))
        {
            var model = esModels.FirstOrDefault(m => m.Sink == sink.Name);
            if (model is null) continue;
            var id = names.Claim("elasticsearch_" + sink.Name);
            installOf[sink.Name] = id;
            var connection = sink.Connection is null ? null : ir.FindConnection(sink.Connection);
            var url = connection?.Settings.GetValueOrDefault("url");
            var apiKey = connection?.Settings.GetValueOrDefault("api_key");
            var steps = new List<(string, string)> { ("_ingest/pipeline/" + Uri.EscapeDataString(model.IngestPipelineName), "ingest-pipeline.json") };
            if (model.PolicyName is not null) steps.Add(("_ilm/policy/" + Uri.EscapeDataString(model.PolicyName), "ilm-policy.json"));
            steps.Add(("_index_template/" + Uri.EscapeDataString(model.TemplateName), "index-template.json"));
            steps.Add((Uri.EscapeDataString(model.BootstrapIndex), "bootstrap-index.json"));
            tasks.Add(new ElasticsearchInstallTask(id, sink.Name, PythonLiteral.Identifier(sink.Name), model.Alias,
                EnvName(url), (url as LiteralSetting)?.Value, EnvName(apiKey), [.. steps]));
        }

        foreach (var job in jobs)
        {
            var serving = job.Kind == SparkJobKind.Serving;
            var id = names.Claim((serving ? "refresh_" : "spark_") + (IsSourceJob(ir, job) ? "source_" : "") + job.View.Name);
            taskOf[job.View.Name] = id;
            tasks.Add(new SparkJobTask(id, job.View.Name, job.Slug, serving, Packages(job))
            {
                Incremental = job.Kind == SparkJobKind.Batch && job.View.IncrementalColumn is not null,
            });
        }

        var cleanedBy = new Dictionary<string, List<string>>();
        foreach (var edge in ir.Lineage.Edges)
            if (ir.FindSource(edge.From) is not null && taskOf.ContainsKey(edge.To))
                (cleanedBy.TryGetValue(edge.From, out var list) ? list : cleanedBy[edge.From] = []).Add(edge.To);
        foreach (var job in jobs.Where(j => IsSourceJob(ir, j)))
            (cleanedBy.TryGetValue(job.View.Name, out var list) ? list : cleanedBy[job.View.Name] = []).Add(job.View.Name);
        foreach (var source in ir.Sources.Where(s => cleanedBy.ContainsKey(s.Name)))
        {
            var rules = source.Steps.OfType<ExpectStep>().Select(e => e.Expectation)
                .Select(e => new QualityRule(e.Name, e.Action.ToString().ToLowerInvariant(), e.WarnAbove, e.FailAbove)).ToImmutableArray();
            if (rules.IsEmpty) continue;
            var id = names.Claim("quality_" + source.Name);
            taskOf["source:" + source.Name] = id;
            tasks.Add(new QualityGateTask(id, source.Name, SparkNames.Slug(source.Name), rules));
        }

        var edges = new List<AirflowEdge>();
        void Add(string from, string to) { var edge = new AirflowEdge(from, to); if (!edges.Contains(edge)) edges.Add(edge); }
        foreach (var job in jobs)
        {
            var task = taskOf[job.View.Name];
            foreach (var edge in ir.Lineage.Edges.Where(e => e.To == job.View.Name && e.From != job.View.Name))
                if (ir.FindView(edge.From) is not null && taskOf.TryGetValue(edge.From, out var upstream)) Add(upstream, task);
            foreach (var edge in ir.Lineage.Edges.Where(e => e.From == job.View.Name))
            {
                var sink = ir.Sinks.FirstOrDefault(s => s.Name == edge.To);
                if (sink is null) continue;
                if (sink.Kind == SinkKind.Postgres && sink.Connection is not null && migrationOf.TryGetValue(sink.Connection, out var migration)) Add(migration, task);
                if (sink.Kind == SinkKind.Elasticsearch && installOf.TryGetValue(sink.Name, out var install)) Add(install, task);
            }
        }
        foreach (var (source, views) in cleanedBy)
            if (taskOf.TryGetValue("source:" + source, out var gate))
                foreach (var view in views) Add(taskOf[view], gate);

        var schedule = ir.Schedule;
        var deploy = ir.Deployments.FirstOrDefault(d => d.Environment == ir.Environment);
        DatabricksCluster? databricks = deploy?.Databricks is { } cluster
            ? new DatabricksCluster(cluster.SparkVersion, cluster.NodeType, cluster.MinWorkers, cluster.MaxWorkers, SecretEnvironment(ir, jobs))
            : null;
        return new AirflowDag(ir.Name, PythonLiteral.Identifier(ir.Name), SparkJobParser.SpecFileName(ir), ir.Description,
            schedule?.Cron ?? "", schedule?.Owner ?? ir.Owner ?? "pulse", schedule?.Retries ?? 0, schedule?.RetryDelay ?? TimeSpan.FromMinutes(5), schedule?.Sla,
            databricks, [.. tasks], [.. edges]);
    }

    /// <summary>A job that only cleans a source for the sinks that read it directly.</summary>
    private static bool IsSourceJob(PipelineIr ir, SparkJob job) => ir.FindView(job.View.Name) is null && ir.FindSource(job.View.Name) is not null;

    private static string? EnvName(SettingValue? value) => value switch
    {
        EnvSetting env => env.Variable,
        SecretSetting secret => SparkNames.SecretVariable(secret.Name),
        _ => null,
    };

    private static ImmutableArray<string> Packages(SparkJob job)
    {
        var packages = new List<string> { DeltaPackage };
        bool Uses(SourceFormat format, SinkKind kind) => job.Sources.Any(s => s.Source.Format == format) || job.Sinks.Any(s => s.Sink.Kind == kind);
        if (Uses(SourceFormat.Postgres, SinkKind.Postgres)) packages.Add(PostgresPackage);
        if (Uses(SourceFormat.Kafka, SinkKind.Kafka)) packages.Add(KafkaPackage);
        if (Uses(SourceFormat.Elasticsearch, SinkKind.Elasticsearch)) packages.Add(ElasticsearchPackage);
        return [.. packages];
    }

    /// <summary>Every environment variable the scheduled jobs read, mapped to a key of the Databricks secret scope <c>pulse</c>.</summary>
    private static ImmutableSortedDictionary<string, string> SecretEnvironment(PipelineIr ir, List<SparkJob> jobs)
    {
        var connections = jobs.SelectMany(j => j.Sources.Select(s => s.Connection).Concat(j.Sinks.Select(s => s.Connection)))
            .Where(c => c is not null).Select(c => c!.Name).Distinct();
        var environment = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var connection in connections.Select(ir.FindConnection).Where(c => c is not null))
            foreach (var value in connection!.Settings.Values)
            {
                if (value is EnvSetting env) environment[env.Variable] = SecretKey(env.Variable);
                if (value is SecretSetting secret) environment[SparkNames.SecretVariable(secret.Name)] = SecretKey(secret.Name);
            }
        return environment.ToImmutable();
    }

    /// <summary>Databricks secret keys allow letters, digits, '-', '_' and '.'.</summary>
    private static string SecretKey(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var c in name) text.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        return text.ToString();
    }

    /// <summary>Hands out unique task ids (a clash gets _2, _3, ...), in the order tasks are created.</summary>
    private sealed class TaskNames
    {
        private readonly HashSet<string> _taken = [];

        public string Claim(string name)
        {
            var id = PythonLiteral.Identifier(name);
            var candidate = id;
            for (var n = 2; !_taken.Add(candidate); n++) candidate = id + "_" + n;
            return candidate;
        }
    }
}
