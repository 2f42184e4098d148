using Pulse.Compiler.Ir;
using Pulse.Targets.Infra.Model;
using Pulse.Targets.Monitoring;
using static Pulse.Targets.Infra.Model.TfDynamic;

namespace Pulse.Targets.Infra.Build;

/// <summary>Elasticsearch and Kibana on Kubernetes through the ECK operator.</summary>
public sealed partial class InfraStackBuilder
{
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
}
