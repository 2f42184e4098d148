using Pulse.Compiler.Ir;
using static Pulse.Runtime.Tests.Fixtures.E;

namespace Pulse.Runtime.Tests.Fixtures;

/// <summary>A tiny pipeline for sink tests: scores.csv (team, points, day) → totals per team, written by the given sinks.</summary>
public static class ScoresPipeline
{
    public static readonly ViewIr Totals = Build().Totals;

    private static (SourceIr Scores, ViewIr Totals) Build()
    {
        var scores = SourceBuilder.Csv("scores", "scores.csv").Field("team", Text).Field("points", Long).Field("day", Date).Build();
        var totals = R.Batch("totals", R.GroupBy(R.Scan(scores), [("team", Col("team", Text))],
            [R.Sum("points", Col("points", Long)), R.Max("last_day", Col("day", Date))]));
        return (scores, totals);
    }

    public static PipelineIr With(string baseDirectory, params SinkIr[] sinks)
    {
        var (scores, totals) = Build();
        var builder = new PipelineBuilder("scores", baseDirectory).Source(scores).View(totals);
        foreach (var sink in sinks) builder.Sink(sink);
        return builder.Build();
    }

    public const string FirstRun = "team,points,day\na,1,2024-01-01\nb,2,2024-01-02\n";
    public const string SecondRun = "team,points,day\nb,5,2024-02-01\nc,3,2024-02-02\n";
}
