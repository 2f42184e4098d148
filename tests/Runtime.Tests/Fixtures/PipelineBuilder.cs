using System.Collections.Immutable;
using Pulse.Compiler.Ir;

namespace Pulse.Runtime.Tests.Fixtures;

/// <summary>Assembles a <see cref="PipelineIr"/> from hand-built parts (in the order given: dependency order is the runner's job).</summary>
public sealed class PipelineBuilder(string name, string baseDirectory)
{
    private readonly List<ConnectionIr> connections = [];
    private readonly List<SourceIr> sources = [];
    private readonly List<ViewIr> views = [];
    private readonly List<SinkIr> sinks = [];

    public PipelineBuilder Source(SourceIr source) { sources.Add(source); return this; }
    public PipelineBuilder View(ViewIr view) { views.Add(view); return this; }
    public PipelineBuilder Sink(SinkIr sink) { sinks.Add(sink); return this; }

    public PipelineBuilder Connection(string connection, ConnectionKind kind, bool embedded, params (string Key, SettingValue Value)[] settings)
    {
        connections.Add(new ConnectionIr(connection, kind, settings.ToImmutableSortedDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal),
            embedded, null, Origin.None));
        return this;
    }

    public PipelineIr Build() => new(name, "local", baseDirectory, null, null, [.. connections], [.. sources], [.. views], [.. sinks],
        null, [], [], new LineageIr([], [], []));

    public static SinkIr Sink(string sink, SinkKind kind, RelSchema schema, string from, string? connection = null, TableName? table = null,
        WriteMode mode = WriteMode.Replace, string[]? key = null, string? index = null, string[]? id = null, string[]? text = null,
        string? path = null, string[]? partitionBy = null, string[][]? indexes = null) =>
        new(sink, kind, from, schema, connection, table, [.. key ?? []], [.. (indexes ?? []).Select(i => i.ToImmutableArray())], mode,
            index, [.. id ?? []], [.. text ?? []], null, null, path, [.. partitionBy ?? []], null, null, Origin.None);
}
