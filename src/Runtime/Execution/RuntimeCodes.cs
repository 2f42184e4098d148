namespace Pulse.Runtime.Execution;

/// <summary>
/// Codes of the problems a batch run reports (range PULSE9500-9599, "files and usage" at run time).
/// Each is used for one kind of problem only; docs/diagnostics.md should list them.
/// </summary>
public static class RuntimeCodes
{
    /// <summary>A source's input file does not exist or cannot be read.</summary>
    public const string InputFileMissing = "PULSE9501";
    /// <summary>A field's <c>from "Column"</c> (or its name) is not a column of the input.</summary>
    public const string InputColumnMissing = "PULSE9502";
    /// <summary>A JSON source file is not one JSON array (the whole file cannot be split into rows).</summary>
    public const string InputNotJsonArray = "PULSE9503";
    /// <summary>An expectation with <c>fail</c> (or over its fail threshold) stopped the run.</summary>
    public const string ExpectationFailed = "PULSE9504";
    /// <summary>A connection setting could not be resolved (environment variable unset, secret unknown).</summary>
    public const string SettingUnresolved = "PULSE9505";
    /// <summary>An HTTP source failed after its retries.</summary>
    public const string HttpSourceFailed = "PULSE9506";
    /// <summary>A PostgreSQL source or sink failed.</summary>
    public const string PostgresFailed = "PULSE9507";
    /// <summary>An Elasticsearch source or sink failed as a whole.</summary>
    public const string ElasticsearchFailed = "PULSE9508";
    /// <summary>Writing a file sink (Parquet, Delta, NDJSON) failed.</summary>
    public const string FileSinkFailed = "PULSE9509";
    /// <summary>The spec asks for something the local batch runtime does not do (e.g. a Kafka source with no replay file).</summary>
    public const string NotSupportedLocally = "PULSE9510";
    /// <summary>Sources and views depend on each other in a cycle (through <c>references</c>).</summary>
    public const string DependencyCycle = "PULSE9512";
    /// <summary>The state database cannot be opened (locked by another process, unwritable folder).</summary>
    public const string StateUnavailable = "PULSE9513";
    /// <summary>The run was cancelled; nothing was published.</summary>
    public const string Cancelled = "PULSE9514";
    /// <summary>An embedded (local) table a source reads does not exist.</summary>
    public const string EmbeddedTableMissing = "PULSE9515";
    /// <summary>A sink's table is in a schema the runtime reserves for itself.</summary>
    public const string ReservedSchema = "PULSE9516";
    /// <summary>An upsert target has no unique constraint on the sink's key.</summary>
    public const string UpsertKeyMissing = "PULSE9517";
    /// <summary>A sink failed in a way its client library reported as an unexpected exception.</summary>
    public const string SinkFailed = "PULSE9519";
    /// <summary>Query execution failed inside DuckDB (reported with the view or source it belongs to).</summary>
    public const string QueryFailed = "PULSE9518";

    /// <summary>Warning: an expectation was violated within what the spec tolerates, or over its warn threshold.</summary>
    public const string ExpectationWarning = "PULSE9550";
    /// <summary>Warning: a serving view was built without speed-layer results.</summary>
    public const string SpeedResultsMissing = "PULSE9551";
    /// <summary>Warning: documents were rejected by a sink and quarantined.</summary>
    public const string DocumentsRejected = "PULSE9552";
    /// <summary>Warning: a step the local runtime skips (a speed view in a batch run, incremental processing).</summary>
    public const string Skipped = "PULSE9553";
}
