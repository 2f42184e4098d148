using System.Collections.Immutable;
using Pulse.Compiler.Ir;

namespace Pulse.Targets.Spark;

/// <summary>
/// IR → <see cref="SparkJob"/> records: one job per batch, speed and serving view. Decides which
/// sources each job must clean (the ones its body scans plus the targets of their reference rules),
/// which views it reads back, and which sinks it writes. Pure: same IR, same jobs, same order.
/// </summary>
public static class SparkJobParser
{
    public static ImmutableArray<SparkJob> Parse(PipelineIr pipeline)
    {
        var specFile = SpecFileName(pipeline);
        var jobs = pipeline.Views.Select(view => ParseView(pipeline, view, specFile)).ToList();
        // A sink may read a source directly: a job that only cleans the source writes it, so no sink is left without a writer.
        foreach (var source in pipeline.Sinks.Select(s => pipeline.FindSource(s.From)).OfType<SourceIr>().Distinct())
        {
            var streaming = source.IsStream
                ? new StreamingIr(source.Name, source.Options.EventTimeField ?? "", source.Options.Watermark ?? TimeSpan.Zero,
                    source.Options.Lateness ?? TimeSpan.Zero, LatePolicy.Batch, TimeSpan.Zero)
                : null;
            var view = new ViewIr(source.Name, source.IsStream ? ViewLayer.Speed : ViewLayer.Batch,
                new ScanNode(source.Schema, source.Origin, source.Name), null, streaming, source.Doc, source.Origin);
            var job = ParseView(pipeline, view, specFile);
            jobs.Add(job with { Slug = "source_" + job.Slug });
        }
        return [.. jobs];
    }

    private static SparkJob ParseView(PipelineIr pipeline, ViewIr view, string specFile)
    {
        var kind = view.Layer switch
        {
            ViewLayer.Batch => SparkJobKind.Batch,
            ViewLayer.Speed => SparkJobKind.Speed,
            _ => SparkJobKind.Serving,
        };
        var scanned = new List<string>();
        var viewReads = ImmutableDictionary.CreateBuilder<string, ViewLayer>();
        Walk(view.Root, scanned, viewReads, pipeline);

        var sources = OrderWithReferenceTargets(pipeline, scanned)
            .Select(source => PlanSource(pipeline, source, view))
            .ToImmutableArray();
        var sinks = pipeline.Sinks.Where(s => s.From == view.Name)
            .Select(s => new SparkSinkPlan(s, s.Connection is null ? null : Connection(pipeline, s.Connection)))
            .ToImmutableArray();
        return new SparkJob(pipeline.Name, specFile, kind, view, SparkNames.Slug(view.Name), sources, sinks, viewReads.ToImmutable())
        {
            ViewStreamWatermark = SparkSpeedChains.WatermarkDelay(pipeline, view),
        };
    }

    private static void Walk(RelNode node, List<string> scanned, ImmutableDictionary<string, ViewLayer>.Builder views, PipelineIr pipeline)
    {
        switch (node)
        {
            case ScanNode scan when !scanned.Contains(scan.Source): scanned.Add(scan.Source); break;
            case ViewScanNode viewScan:
                views[viewScan.View] = pipeline.FindView(viewScan.View)?.Layer ?? ViewLayer.Batch;
                break;
        }
        foreach (var input in node.Inputs) Walk(input, scanned, views, pipeline);
    }

    /// <summary>The scanned sources plus every source their reference rules read, each after its targets (cycles are broken in spec order).</summary>
    private static IEnumerable<SourceIr> OrderWithReferenceTargets(PipelineIr pipeline, List<string> scanned)
    {
        var ordered = new List<SourceIr>();
        var visiting = new HashSet<string>();
        void Visit(string name)
        {
            var source = pipeline.FindSource(name);
            if (source is null || ordered.Contains(source) || !visiting.Add(name)) return;
            foreach (var target in ReferenceTargets(source)) Visit(target);
            ordered.Add(source);
        }
        foreach (var name in scanned) Visit(name);
        return ordered;
    }

    public static IEnumerable<string> ReferenceTargets(SourceIr source) =>
        source.Steps.OfType<ExpectStep>().Select(s => s.Expectation.Rule).OfType<ReferenceRule>().Select(r => r.TargetRelation).Distinct();

    private static SparkSourcePlan PlanSource(PipelineIr pipeline, SourceIr source, ViewIr view)
    {
        var connection = source.Options.Connection is null ? null : Connection(pipeline, source.Options.Connection);
        var streaming = view.Layer == ViewLayer.Speed && source.IsStream;
        TimeSpan? delay = null;
        var late = LatePolicy.Batch;
        if (streaming)
        {
            var facts = view.Streaming;
            delay = (facts?.Watermark ?? source.Options.Watermark ?? TimeSpan.Zero) + (facts?.Lateness ?? source.Options.Lateness ?? TimeSpan.Zero);
            late = facts?.Late ?? LatePolicy.Batch;
        }
        return new SparkSourcePlan(source, connection, streaming, delay, late);
    }

    private static SparkConnection Connection(PipelineIr pipeline, string name)
    {
        var connection = pipeline.FindConnection(name)
            ?? throw new InvalidOperationException($"connection '{name}' is not in the IR");
        return new SparkConnection(connection.Name, connection.Kind, connection.Settings);
    }

    /// <summary>The spec's file name (not its folder, so generated comments do not depend on the machine).</summary>
    public static string SpecFileName(PipelineIr pipeline)
    {
        var origin = pipeline.Views.Select(v => v.Origin).Concat(pipeline.Sources.Select(s => s.Origin)).FirstOrDefault(o => o.File.Length > 0);
        return origin is null ? pipeline.Name + ".pulse" : Path.GetFileName(origin.File.Replace('\\', '/'));
    }

    /// <summary><c>file:line:col</c> with the file name only.</summary>
    public static string Where(Origin origin) =>
        origin.File.Length == 0 ? "(generated)" : $"{Path.GetFileName(origin.File.Replace('\\', '/'))}:{origin.Line}:{origin.Column}";
}
