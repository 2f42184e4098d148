// Pipeline semantics (PULSE3000-3999), target limits (PULSE4000-4999), warnings (PULSE5000-5999)
// and files/usage (PULSE9000-9999), owned by the binder (src/Compiler/Checks and Semantics).
// One method per code; the message text is fixed, the hint says how to fix it.

namespace Pulse.Language.Diagnostics;

public readonly partial struct DiagnosticBuilder
{
    // ---- 3000-3999: pipeline semantics ----

    public Diagnostic AggregateOutsideGroupBy(string function) =>
        Error("PULSE3001", $"aggregate `{function}` can only be used inside `group by … {{ }}`", "compute it in a group by block: group by key { total = sum(x) }");

    public Diagnostic ColumnNotAggregated(string column) =>
        Error("PULSE3002", $"column `{column}` is neither a group key nor inside an aggregate", "wrap it in an aggregate such as first(…) or max(…), or add it to the keys");

    public Diagnostic NotATimestamp(string what, string column, string type) =>
        Error("PULSE3003", $"{what} `{column}` is {type}, not a timestamp", "use a timestamp column, e.g. cast the field to timestamp in clean");

    public Diagnostic StepNotAllowed(string step, string where, string hint) =>
        Error("PULSE3004", $"`{step}` is not allowed in {where}", hint);

    public Diagnostic ServingContractShort(string speedView, string retain, string needed, string breakdown, string shortBy) =>
        Error("PULSE3005", $"speed view `{speedView}` retains {retain} but the merge needs {needed} ({breakdown}): {shortBy} short",
            $"raise `retain` in `{speedView}` to at least {needed}, or run the batch layer more often");

    public Diagnostic SpeedViewOverBatch(string view, string relation, string kind) =>
        Error("PULSE3006", $"speed view `{view}` reads `{relation}`, which is {kind}, not a stream", "a speed view reads a kafka source or another speed view; use a batch view here");

    public Diagnostic ServingSidesDiffer(string detail) =>
        Error("PULSE3007", $"the batch and speed sides of a serving view must have the same columns: {detail}", "make both views produce the same column names and types");

    public Diagnostic ServingColumnMissing(string column, string view) =>
        Error("PULSE3008", $"`{column}` is not a column of `{view}`", "the key and time of a serving view are columns both sides produce");

    public Diagnostic SinkKeyNullable(string column, string type) =>
        Error("PULSE3009", $"key column `{column}` is {type}, which can be null", "key columns must never be null: filter nulls out, or fill them (?? / fill)");

    public Diagnostic LiteralSecret(string property) =>
        Error("PULSE3010", $"`{property}` is a credential written as a literal", $"read it at run time: {property} = secret(\"…\") or env(\"…\")");

    public Diagnostic SetRuleAction(string rule, string action) =>
        Error("PULSE3011", $"a `{rule}` expectation cannot `{action}` rows", "row_count and freshness judge the whole input: use else warn or else fail");

    public Diagnostic NestedAggregate(string function) =>
        Error("PULSE3012", $"aggregate `{function}` cannot be nested inside another aggregate", "aggregate once; compute the inner value in a derive step first");

    public Diagnostic ServingStepMissing(string view, string steps) =>
        Error("PULSE3013", $"serving view `{view}` needs {steps}", "a serving view names its batch view, its speed view, its key columns and its time column");

    public Diagnostic ServingSideWrongLayer(string side, string view, string actual) =>
        Error("PULSE3014", $"`{side}` must name a {side} view, but `{view}` is {actual}", $"name a {side} view here");

    public Diagnostic WindowWithoutGroupBy() =>
        Error("PULSE3015", "`window` must be followed by a `group by`", "add group by keys { aggregates } after the window");

    public Diagnostic InvalidIncrementalColumn(string column, string type) =>
        Error("PULSE3016", $"`incremental on` needs a date, timestamp or integer column; `{column}` is {type}", "name a column that grows with new data");

    public Diagnostic KeepLatestNeedsOrder() =>
        Error("PULSE3017", "`keep latest` needs to know what is latest", "write keep latest by <column>");

    public Diagnostic UpsertNeedsKey(string sink) =>
        Error("PULSE3018", $"sink `{sink}` upserts but has no key", "add key = [columns] or use mode = append");

    public Diagnostic TestRelationKind(string clause, string name, string expected, string actual) =>
        Error("PULSE3019", $"`{clause}` must name a {expected}, but `{name}` is {actual}", clause == "given" ? "tests give rows to sources" : "tests check the rows of views");

    public Diagnostic EventsNeedStream(string source) =>
        Error("PULSE3020", $"source `{source}` is not a stream: `at` and `watermark` are for kafka sources", "give plain rows { … } for batch sources");

    public Diagnostic TestRowMissingColumn(string column) =>
        Error("PULSE3021", $"this row has no value for `{column}`", "expected rows list every column of the view; given rows every non-nullable field");

    public Diagnostic ReferencesNeedsColumn() =>
        Error("PULSE3022", "the left side of `references` must be a column name", "write column references source.column");

    public Diagnostic TextFieldNotString(string column, string type) =>
        Error("PULSE3023", $"text column `{column}` is {type}, not a string", "only string columns can be analysed as full text");

    public Diagnostic InvalidCron(string cron, string reason) =>
        Error("PULSE3024", $"invalid cron \"{cron}\": {reason}", "write 5 fields: minute hour day-of-month month day-of-week, e.g. \"0 2 * * *\"");

    public Diagnostic ServingNeedsSchedule(string view) =>
        Error("PULSE3025", $"serving view `{view}` needs a schedule to know the batch interval", "add schedule { cron = \"…\" }");

    public Diagnostic StreamNeedsEventTime(string source) =>
        Error("PULSE3026", $"kafka source `{source}` has no `event_time`, which speed views need", "add event_time = <timestamp field>");

    public Diagnostic ConnectionNeedsAddress(string connection, string kind, string properties) =>
        Error("PULSE3027", $"{kind} connection `{connection}` says nowhere to connect", $"set {properties}");

    public Diagnostic ExactlyOneOf(string block, string first, string second) =>
        Error("PULSE3028", $"{block} needs exactly one of `{first}` and `{second}`", $"keep `{first}` or `{second}`");

    public Diagnostic ConflictingThresholds() =>
        Error("PULSE3029", "`mostly` and `fail above` both set the failure threshold", "keep one: mostly 95% is the same as fail above 5%");

    public Diagnostic InvalidWorkerRange(int min, int max) =>
        Error("PULSE3030", $"min_workers ({min}) is greater than max_workers ({max})", "set max_workers to at least min_workers");

    public Diagnostic InvalidRowCountBounds(string reason) =>
        Error("PULSE3031", $"invalid row_count bounds: {reason}", "write row_count between <min> and <max> with whole numbers, min <= max");

    public Diagnostic InvalidDuration(string what, string reason) =>
        Error("PULSE3032", $"invalid {what}: {reason}", "durations here must be positive; a hopping window slides by at most its size");

    public Diagnostic ReferenceTypeMismatch(string column, string type, string target, string targetType) =>
        Error("PULSE3033", $"`{column}` ({type}) cannot reference `{target}` ({targetType})", "reference a column of a comparable type");

    public Diagnostic SpeedViewGroupsTwice(string view) =>
        Error("PULSE3034", $"speed view `{view}` groups twice; a speed view has at most one group by",
            "keep one windowed group by here and roll its windows up in another speed view: from this view, window tumbling … on window_end, group by …");

    public Diagnostic SpeedGroupByWithoutWindow(string view) =>
        Error("PULSE3035", $"the group by of speed view `{view}` has no window, so its groups would never close",
            "put `window tumbling|hopping|session <duration> on <time column>` right before the group by, or group in a batch view");

    public Diagnostic WindowNotOnUpstreamBounds(string view, string column, string upstream, string bounds) =>
        Error("PULSE3036", $"speed view `{view}` windows on `{column}`, but the rows of `{upstream}` are windows, ordered by the watermark only through their bounds",
            $"window on {bounds}, unchanged (a select may rename it); compute other times after the group by");

    // ---- 4000-4999: target limits ----

    public Diagnostic PostgresIdentifierTooLong(string name, int bytes) =>
        Error("PULSE4001", $"`{name}` is {bytes} bytes long; PostgreSQL names are at most 63 bytes", "shorten it (PostgreSQL would silently truncate it)");

    public Diagnostic InvalidElasticsearchIndex(string name, string reason) =>
        Error("PULSE4002", $"\"{name}\" is not a valid Elasticsearch index name: {reason}", "index names are lower case, at most 255 bytes, without \\ / * ? \" < > | , # or spaces, and do not start with - _ +");

    public Diagnostic InvalidTableName(string text) =>
        Error("PULSE4003", $"\"{text}\" is not a table name", "write \"schema.table\" (or \"table\" for the public schema)");

    public Diagnostic InvalidKafkaTopic(string name, string reason) =>
        Error("PULSE4004", $"\"{name}\" is not a valid Kafka topic name: {reason}", "topic names use letters, digits, `.`, `_` and `-`, at most 249 characters");

    // ---- 5000-5999: warnings ----

    public Diagnostic UnusedRelation(string kind, string name) =>
        Warning("PULSE5001", $"{kind} `{name}` is never used", "read it from a view or write it with a sink; or remove it");

    public Diagnostic UnusedConnection(string name) =>
        Warning("PULSE5002", $"connection `{name}` is never used", "remove it, or use it in a source or sink");

    public Diagnostic NeverNull(string expression, string consequence) =>
        Warning("PULSE5003", $"`{expression}` is never null, so {consequence}", "remove the null check");

    public Diagnostic FillHasNoEffect(string column) =>
        Warning("PULSE5004", $"`{column}` is never null here, so `fill` has no effect", "remove it, or make the field nullable with `?`");

    public Diagnostic CompareWithNull(string operation) =>
        Warning("PULSE5005", $"`{operation} null` is never true", operation == "==" ? "write x is null" : "write x is not null");

    // ---- 9000-9999: files and usage ----

    public Diagnostic ImportNotFound(string path) =>
        Error("PULSE9001", $"cannot find imported file \"{path}\"", "imports are resolved relative to the importing file");

    public Diagnostic InvalidProjectOptions(string reason) =>
        Warning("PULSE9002", $"pulse.json is ignored: {reason}", "write { \"severity\": { \"PULSE5001\": \"error\" | \"warning\" | \"info\" | \"none\" } }");
}
