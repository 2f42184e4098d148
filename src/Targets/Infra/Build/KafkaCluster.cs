using Pulse.Compiler.Ir;
using Pulse.Targets.Infra.Model;
using Pulse.Targets.Monitoring;
using static Pulse.Targets.Infra.Model.TfDynamic;

namespace Pulse.Targets.Infra.Build;

/// <summary>Kafka on Kubernetes: the Strimzi operator, a KRaft cluster sized by the deploy block, one KafkaTopic per topic.</summary>
public sealed partial class InfraStackBuilder
{
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
}
