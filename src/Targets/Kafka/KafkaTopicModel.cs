using System.Collections.Immutable;

namespace Pulse.Targets.Kafka;

public enum TopicRole { Source, Sink }

/// <summary>
/// One topic the pipeline reads or writes. <see cref="RetentionMs"/> is -1 for "keep forever" and
/// null for compacted topics (compaction, not time, bounds them).
/// </summary>
public sealed record KafkaTopic(string Name, TopicRole Role, string DeclaredBy, int Partitions, int Replication, string SettingsFrom,
    string CleanupPolicy, long? RetentionMs, ImmutableArray<string> Reasons);

public sealed record KafkaTopicsModel(string Pipeline, string Environment, ImmutableArray<KafkaTopic> Topics);
