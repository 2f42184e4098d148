using System.Text.Json.Nodes;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Streaming;

namespace Pulse.Cli.Rendering;

/// <summary><c>pulse run --format json</c>: the batch report, with the speed layer's report under <c>speed</c> when there is one.</summary>
public static class RunJson
{
    public static string Combine(RunReport batch, SpeedRunResult? speed)
    {
        var json = JsonNode.Parse(batch.ToJson())!.AsObject();
        if (speed is not null) json["speed"] = JsonNode.Parse(speed.ToJson());
        return json.ToJsonString(RunReport.JsonOptions).ReplaceLineEndings("\n");
    }
}
