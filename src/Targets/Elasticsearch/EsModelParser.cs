using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Targets.Common.Expectations;
using Pulse.Targets.Elasticsearch.Model;

namespace Pulse.Targets.Elasticsearch;

/// <summary>Reads one <see cref="EsIndexModel"/> per Elasticsearch sink out of the IR.</summary>
public static class EsModelParser
{
    public static ImmutableArray<EsIndexModel> Parse(PipelineIr ir)
    {
        var deploy = ir.Deployments.FirstOrDefault(d => d.Environment == ir.Environment)?.Elasticsearch;
        // One replica needs a second node to live on; a single node would stay yellow forever.
        var replicas = deploy is null ? 1 : deploy.Nodes >= 2 ? 1 : 0;

        return ir.Sinks.Where(s => s.Kind == SinkKind.Elasticsearch && s.Index is not null).Select(sink =>
        {
            var alias = EsNames.RequireValidIndex(sink.Index!, sink.Origin);
            var id = EsNames.Id(ir.Name, alias);
            var textFields = sink.TextFields.IsDefault ? [] : sink.TextFields;
            var (guards, skipped) = Guards(ir, sink);
            return new EsIndexModel(ir.Name, sink.Name, alias, $"{alias}-*", $"{alias}-000001", id, id,
                sink.Retention is null ? null : id, sink.Retention, sink.Retention is { } r ? RolloverAge(r) : null,
                Shards: 1, replicas, EsMappingBuilder.Fields(sink.Schema, textFields, sink.Analyzer),
                sink.DocumentId.IsDefault ? [] : sink.DocumentId, guards, skipped,
                sink.Doc ?? ir.FindView(sink.From)?.Doc, sink.Origin);
        }).ToImmutableArray();
    }

    /// <summary>
    /// Roll over about ten times per retention period (between daily and monthly): documents are
    /// deleted a whole index at a time, so a document lives between the retention and the retention
    /// plus one rollover period.
    /// </summary>
    public static TimeSpan RolloverAge(TimeSpan retention) =>
        TimeSpan.FromDays(Math.Clamp(Math.Floor(retention.TotalDays / 10), 1, 30));

    private static (ImmutableArray<EsGuard>, ImmutableArray<EsSkippedGuard>) Guards(PipelineIr ir, SinkIr sink)
    {
        var guards = ImmutableArray.CreateBuilder<EsGuard>();
        var skipped = ImmutableArray.CreateBuilder<EsSkippedGuard>();
        foreach (var expectation in ExpectationTracer.For(ir, sink.From))
        {
            var name = expectation.Expectation.Name;
            if (expectation.Predicate is null) { skipped.Add(new EsSkippedGuard(expectation.Source, name, expectation.SkipReason!)); continue; }
            if (!PainlessTranslator.TryViolation(expectation.Predicate, out var condition, out var reason))
            {
                skipped.Add(new EsSkippedGuard(expectation.Source, name, reason));
                continue;
            }
            // drop mirrors the spec's drop; quarantine and fail reject the document so the writer records it.
            var processor = expectation.Expectation.Action == ViolationAction.Drop ? "drop" : "fail";
            guards.Add(new EsGuard(expectation.Source, name, processor, condition));
        }
        return (guards.ToImmutable(), skipped.ToImmutable());
    }
}
