using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Batch;

/// <summary>
/// Where things live in the state database (<c>state.duckdb</c> in the state directory, by default
/// <c>.pulse/</c> next to the spec):
/// <list type="bullet">
/// <item><c>sources."name"</c>: a source's rows after cleaning, in input order;</item>
/// <item><c>views."name"</c>: batch and serving views;</item>
/// <item><c>quarantine."name"</c>: a source's rejected rows (and <c>quarantine."sink:name"</c> for a sink's);</item>
/// <item><c>pulse.runs</c>: one row per published run with its report as JSON;</item>
/// <item><c>"schema"."table"</c>: embedded PostgreSQL sinks (the local stand-in for the warehouse).</item>
/// </list>
/// A run builds all of it in a separate staging database and publishes it in one transaction.
/// </summary>
public static class StateLayout
{
    public const string DatabaseFile = "state.duckdb";
    public const string StagingFile = "pulse-staging.duckdb";
    public const string StageCatalog = "pulse_stage";

    public const string Sources = "sources";
    public const string Views = "views";
    public const string Quarantine = "quarantine";
    public const string Meta = "pulse";
    /// <summary>Staging only: scratch tables of cleaning steps.</summary>
    public const string Work = "work";
    /// <summary>Staging only: speed-layer results loaded for serving views.</summary>
    public const string Speed = "speed";

    public static readonly IReadOnlySet<string> ReservedSchemas = new HashSet<string> { Sources, Views, Quarantine, Meta, Work, Speed, "main" };

    public static string StateDirectory(PipelineIr pipeline, RunOptions options) =>
        Path.GetFullPath(options.StateDirectory ?? Path.Combine(pipeline.BaseDirectory, ".pulse"));

    public static string SinkQuarantineName(string sink) => "sink:" + sink;

    /// <summary>The table of a source or view in a catalog (state or stage).</summary>
    public static string Table(string catalog, string schema, string name) => SqlText.Qualified(catalog, schema, name);
}
