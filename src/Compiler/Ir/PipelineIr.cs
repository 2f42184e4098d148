using System.Collections.Immutable;

namespace Pulse.Compiler.Ir;

/// <summary>
/// The one intermediate representation every backend and the runtime read: a checked pipeline,
/// lowered for one environment. Collections are in dependency order (a view after what it reads),
/// ties broken by spec order, so every emitter is deterministic. It never refers to the syntax
/// tree except through <see cref="Origin"/>s.
/// </summary>
public sealed record PipelineIr(
    string Name,
    string Environment,
    /// <summary>The folder of the main spec file; relative paths in options resolve against it.</summary>
    string BaseDirectory,
    string? Owner,
    string? Description,
    ImmutableArray<ConnectionIr> Connections,
    ImmutableArray<SourceIr> Sources,
    ImmutableArray<ViewIr> Views,
    ImmutableArray<SinkIr> Sinks,
    ScheduleIr? Schedule,
    ImmutableArray<DeployIr> Deployments,
    ImmutableArray<TestIr> Tests,
    LineageIr Lineage)
{
    public SourceIr? FindSource(string name) => Sources.FirstOrDefault(s => s.Name == name);
    public ViewIr? FindView(string name) => Views.FirstOrDefault(v => v.Name == name);
    public ConnectionIr? FindConnection(string name) => Connections.FirstOrDefault(c => c.Name == name);
    /// <summary>The schema of a source (after cleaning) or a view.</summary>
    public RelSchema? SchemaOf(string relation) => FindSource(relation)?.Schema ?? FindView(relation)?.Schema;
}
