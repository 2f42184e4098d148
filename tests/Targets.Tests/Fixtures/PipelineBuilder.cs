using System.Collections.Immutable;
using Pulse.Compiler.Ir;

namespace Pulse.Targets.Tests.Fixtures;

/// <summary>
/// Builds a <see cref="PipelineIr"/> by hand, for target tests that must not wait for the front end.
/// Collections keep insertion order, which the fixtures keep in dependency order like the lowering does.
/// </summary>
public sealed class PipelineBuilder(string name, string environment = "local")
{
    private readonly List<ConnectionIr> connections = [];
    private readonly List<SourceIr> sources = [];
    private readonly List<ViewIr> views = [];
    private readonly List<SinkIr> sinks = [];
    private readonly List<DeployIr> deployments = [];
    private ScheduleIr? schedule;
    private string? owner;
    private string? description;

    public PipelineBuilder Owner(string value) { owner = value; return this; }
    public PipelineBuilder Description(string value) { description = value; return this; }

    public PipelineBuilder Connection(string connection, ConnectionKind kind, params (string Key, SettingValue Value)[] settings)
    {
        connections.Add(new ConnectionIr(connection, kind, settings.ToImmutableSortedDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal),
            environment == "local", null, Origin.None));
        return this;
    }

    public SourceIr Source(SourceIr source) { sources.Add(source); return source; }

    public ViewIr View(string view, ViewLayer layer, Rel body, string? doc = null, StreamingIr? streaming = null, string? incremental = null)
    {
        var ir = new ViewIr(view, layer, body.Node, incremental, streaming, doc, new Origin("spec.pulse", 10, 1, 0, 0));
        views.Add(ir);
        return ir;
    }

    public SinkIr Sink(SinkIr sink) { sinks.Add(sink); return sink; }

    public PipelineBuilder Schedule(string cron, TimeSpan interval, TimeSpan? sla = null)
    {
        schedule = new ScheduleIr(cron, 3, TimeSpan.FromMinutes(5), sla, owner, interval, Origin.None);
        return this;
    }

    public PipelineBuilder Deploy(DeployIr deploy) { deployments.Add(deploy); return this; }

    /// <summary>A sink with every optional property empty; tests set what they need with <c>with</c>.</summary>
    public static SinkIr NewSink(string sink, SinkKind kind, string from, RelSchema schema, string? doc = null) =>
        new(sink, kind, from, schema, null, null, [], [], WriteMode.Append, null, [], [], null, null, null, [], null, doc,
            new Origin("spec.pulse", 20, 1, 0, 0));

    public PipelineIr Build()
    {
        var nodes = new List<LineageNode>();
        nodes.AddRange(sources.Select(s => new LineageNode(s.Name, LineageNodeKind.Source, s.Format.ToString().ToLowerInvariant())));
        nodes.AddRange(views.Select(v => new LineageNode(v.Name, LineageNodeKind.View, v.Layer.ToString().ToLowerInvariant())));
        nodes.AddRange(sinks.Select(s => new LineageNode(s.Name, LineageNodeKind.Sink, s.Kind.ToString().ToLowerInvariant())));
        return new PipelineIr(name, environment, "/spec", owner, description, connections.ToImmutableArray(), sources.ToImmutableArray(),
            views.ToImmutableArray(), sinks.ToImmutableArray(), schedule, deployments.ToImmutableArray(), [],
            new LineageIr(nodes.ToImmutableArray(), sinks.Select(s => new LineageEdge(s.From, s.Name)).ToImmutableArray(), []));
    }
}
