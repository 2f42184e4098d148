using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Batch;

/// <summary>The state shared by the stages of one batch run.</summary>
public sealed class RunContext
{
    private readonly Dictionary<string, ResolvedConnection> connections = [];

    public required RunDatabase Database { get; init; }
    public required PipelineIr Pipeline { get; init; }
    public required RunOptions Options { get; init; }
    public required string RunId { get; init; }
    public required DateTimeOffset Now { get; init; }
    public IProgress<RunEvent>? Progress { get; init; }
    public List<RunWarning> Warnings { get; } = [];
    /// <summary>What each incremental view did this run; published with the views (<see cref="IncrementalState"/>).</summary>
    public List<IncrementalRun> Increments { get; } = [];

    /// <summary><c>now()</c> as a SQL literal: one value for the whole run.</summary>
    public string NowSql => SqlLiterals.Timestamp(Now);

    public ResolvedConnection Connection(string name)
    {
        if (connections.TryGetValue(name, out var resolved)) return resolved;
        var connection = Pipeline.FindConnection(name) ?? throw new PulseRunException(RunError.At(null, RuntimeCodes.SettingUnresolved,
            $"connection {name} is not declared", "declare it with connection <name>: <kind> { ... }"));
        Options.ConnectionOverrides.TryGetValue(name, out var overrides);
        resolved = new ResolvedConnection(connection, overrides, Options.Secrets);
        connections[name] = resolved;
        return resolved;
    }

    /// <summary>Staged tables are read by later steps; a relation not staged this run is read from the published state.</summary>
    public string RelationTable(string name)
    {
        var isSource = Pipeline.FindSource(name) is not null;
        var schema = isSource ? StateLayout.Sources : StateLayout.Views;
        return Database.RelationExists(StateLayout.StageCatalog, schema, name)
            ? Database.Stage(schema, name)
            : Database.State(schema, name);
    }

    public RelationContext Relations(Func<ServeMergeNode, string?>? horizon = null) => new(
        SourceTable: RelationTable,
        ViewTable: view => Pipeline.FindView(view)?.Layer == ViewLayer.Speed
            ? Database.Stage(StateLayout.Speed, view)
            : RelationTable(view),
        Now: NowSql,
        Horizon: horizon);

    public void Warn(RunWarning warning)
    {
        Warnings.Add(warning);
        Progress?.Report(new RunEvent(RunEventKind.Warning, "", 0, warning.Message));
    }
}
