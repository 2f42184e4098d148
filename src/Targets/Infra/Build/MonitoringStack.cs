using Pulse.Compiler.Ir;
using Pulse.Targets.Infra.Model;
using Pulse.Targets.Monitoring;
using static Pulse.Targets.Infra.Model.TfDynamic;

namespace Pulse.Targets.Infra.Build;

/// <summary>Prometheus, Grafana and Alertmanager (kube-prometheus-stack) with the pipeline's dashboard and alert rules.</summary>
public sealed partial class InfraStackBuilder
{
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
}
