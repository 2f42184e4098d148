using Pulse.Compiler.Ir;
using Pulse.Targets.Common;

namespace Pulse.Targets.Consumers;

/// <summary>
/// The consumer target's limits (PULSE45xx), one method per code with a fixed message. PULSE4501 covers what no
/// stream can run (the shapes <c>pulse run</c>'s speed layer refuses too) and the one thing only a deployment
/// cannot do: views of one service writing to two databases (a checkpoint is one transaction).
/// </summary>
internal static class ConsumerErrors
{
    public static TargetException UnsupportedView(Origin origin, string view, string why) => new("PULSE4501", origin,
        $"speed view {view} cannot be generated as a Kafka consumer: {why}",
        "keep speed views to where/derive/select, one group by with a window, and where/select after it; do the rest in a batch view");

    public static TargetException WindowOverWindows(Origin origin, string view, string timeColumn, string upstream) => new("PULSE4501", origin,
        $"speed view {view} cannot be generated as a Kafka consumer: it windows on {timeColumn}, but the rows of {upstream} are windows, ordered only by their bounds",
        $"window on window_end of {upstream} (or window_start, when its window is tumbling or hopping)");

    public static TargetException TwoDatabases(Origin origin, string root, string view, string first, string second) => new("PULSE4501", origin,
        $"speed view {view} cannot be generated as a Kafka consumer: it runs in the service of {root}, whose views write to PostgreSQL connections {first} and {second}, " +
        "and one checkpoint is one transaction in one database",
        $"write the postgres sinks of {root} and the speed views over it through one connection (or give {view} a kafka or elasticsearch sink)");

    public static TargetException NoKafkaSource(Origin origin, string view) => new("PULSE4502", origin,
        $"speed view {view} does not read a kafka source, so there is no topic to consume",
        "a speed view reads a kafka source: from <kafka source>");
}
