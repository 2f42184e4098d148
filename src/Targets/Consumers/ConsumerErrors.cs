using Pulse.Compiler.Ir;
using Pulse.Targets.Common;

namespace Pulse.Targets.Consumers;

/// <summary>The consumer target's limits (PULSE45xx), one method per code with a fixed message.</summary>
internal static class ConsumerErrors
{
    public static TargetException UnsupportedView(Origin origin, string view, string why) => new("PULSE4501", origin,
        $"speed view {view} cannot be generated as a Kafka consumer: {why}",
        "keep speed views to where/derive/select, one group by with a window, and where/select after it; do the rest in a batch view");

    public static TargetException ReadsSpeedView(Origin origin, string view, string upstream) => new("PULSE4501", origin,
        $"speed view {view} cannot be generated as a Kafka consumer: it reads speed view {upstream}, and a consumer runs one view over its source's events",
        $"pulse run computes {view} in process; to deploy it, give {upstream} a kafka sink and read that topic as a kafka source in {view}");

    public static TargetException NoKafkaSource(Origin origin, string view) => new("PULSE4502", origin,
        $"speed view {view} does not read a kafka source, so there is no topic to consume",
        "a speed view reads a kafka source: from <kafka source>");
}
