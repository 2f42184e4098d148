using System.Collections.Immutable;
using Pulse.Compiler.Binding;
using Pulse.Compiler.Ir;

namespace Pulse.Compiler.Lowering;

/// <summary>The schedule and the deploy blocks, with the documented defaults filled in.</summary>
internal static class OperationsLowering
{
    public static ScheduleIr? LowerSchedule(BoundSchedule? schedule)
    {
        if (schedule?.Cron is not { LongestInterval: { } interval } cron) return null;
        var p = schedule.Properties;
        return new ScheduleIr(cron.Text, p.Int("retries") ?? 0, p.Duration("retry_delay") ?? TimeSpan.FromMinutes(5), p.Duration("sla"),
            p.String("owner"), interval, BindingContext.OriginOf(schedule.Tree, schedule.Syntax.Keyword.Span));
    }

    /// <summary>Every deploy block (each names its environment), in spec order.</summary>
    public static ImmutableArray<DeployIr> LowerDeploys(ImmutableArray<BoundDeploy> deploys) =>
        deploys.Where(d => d.Environment is not null).Select(Lower).ToImmutableArray();

    private static DeployIr Lower(BoundDeploy deploy)
    {
        var p = deploy.Properties;
        var databricks = p.Block_("databricks") is { } d
            ? new DatabricksDeployIr(d.String("spark_version") ?? "15.4.x-scala2.12", d.String("node_type") ?? "", d.Int("min_workers") ?? 1,
                d.Int("max_workers") ?? d.Int("min_workers") ?? 1)
            : null;
        var postgres = p.Block_("postgres") is { } pg
            ? new PostgresDeployIr(pg.String("tier") ?? "", pg.Bool("high_availability") ?? false, pg.Int("backup_retention_days") ?? 7)
            : null;
        var kafka = p.Block_("kafka") is { } k ? new KafkaDeployIr(k.Int("partitions") ?? 3, k.Int("replication") ?? 3) : null;
        var elasticsearch = p.Block_("elasticsearch") is { } es
            ? new ElasticsearchDeployIr(es.Int("nodes") ?? 1, es.String("memory") ?? "2Gi", es.Bool("kibana") ?? false)
            : null;
        var monitoring = p.Block_("monitoring") is { } m
            ? new MonitoringDeployIr(m.Bool("prometheus") ?? true, m.Bool("grafana") ?? true, m.String("alert_email"))
            : null;
        var cloud = p.String("cloud") == "gcp" ? Cloud.Gcp : Cloud.Azure;
        return new DeployIr(deploy.Environment!.Name, cloud, p.String("region") ?? "", databricks, postgres, kafka, elasticsearch, monitoring,
            BindingContext.OriginOf(deploy.Tree, deploy.Syntax.Name));
    }
}
