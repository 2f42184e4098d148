namespace Pulse.Runtime.Streaming;

/// <summary>
/// Codes of the problems the speed layer reports (PULSE9600-9699, "files and usage" at run time, next
/// to the batch runtime's 9500s). Problems both layers share (an expectation failed, a setting is not
/// resolved, PostgreSQL failed, cancelled) keep the batch codes of <see cref="Execution.RuntimeCodes"/>.
/// </summary>
public static class SpeedCodes
{
    /// <summary>A speed view has a shape the speed layer cannot run (a join, a group by without a window, ...).</summary>
    public const string UnsupportedView = "PULSE9601";
    /// <summary>Talking to Kafka failed (brokers unreachable, topic missing, a fatal consumer or producer error).</summary>
    public const string KafkaFailed = "PULSE9602";
    /// <summary>The local stream has no replay file, or it cannot be read.</summary>
    public const string ReplayMissing = "PULSE9603";
    /// <summary>The in-process mock Kafka cluster could not start.</summary>
    public const string MockClusterFailed = "PULSE9604";
    /// <summary>Another consumer committed offsets this one did not expect: it was fenced off and stopped (no duplicate write happened).</summary>
    public const string OffsetsFenced = "PULSE9605";
    /// <summary>A speed-layer snapshot stored with the offsets cannot be read (written by an incompatible version or for a different spec).</summary>
    public const string SnapshotUnreadable = "PULSE9606";

    /// <summary>Warning: a cleaning rule or expectation the speed layer does not enforce on a stream (the batch layer does).</summary>
    public const string NotEnforced = "PULSE9650";
    /// <summary>Warning: a sink of a speed view that the speed layer does not write (yet).</summary>
    public const string SinkSkipped = "PULSE9651";
}
