namespace Pulse.Targets.Spark;

/// <summary>
/// Helper classes every generated job carries, as constant C# that the generator parses into the
/// file's syntax tree. No spec text is ever spliced into it: everything a spec decides reaches the
/// helpers as arguments built with SyntaxFactory literals. Split by need, so a job only carries the
/// helpers it calls (an upsert pulls in Npgsql; nothing else does).
/// </summary>
public static class SparkRuntimeSupport
{
    /// <summary>Paths and environment: where data, views, quarantine, metrics and checkpoints live.</summary>
    public const string Context = """
        internal sealed class PulseContext
        {
            public PulseContext(string[] args)
            {
                DataRoot = args.Length > 0 && args[0].Length > 0 ? args[0] : Env("PULSE_DATA_ROOT") ?? ".";
                LakeRoot = Env("PULSE_LAKE_ROOT") ?? Join(DataRoot, "_pulse");
            }

            /// <summary>Where the spec's relative paths (sources, file sinks) resolve.</summary>
            public string DataRoot { get; }

            /// <summary>Where Pulse keeps view tables, quarantine, metrics and checkpoints.</summary>
            public string LakeRoot { get; }

            public string Data(string relative) => IsAbsolute(relative) ? relative : Join(DataRoot, relative);
            public string View(string slug) => Join(LakeRoot, "views/" + slug);
            public string Quarantine(string slug) => Join(LakeRoot, "quarantine/" + slug);
            public string Metrics(string slug) => Join(LakeRoot, "metrics/" + slug);
            public string Checkpoint(string slug) => Join(LakeRoot, "checkpoints/" + slug);

            public static string Env(string name)
            {
                var value = Environment.GetEnvironmentVariable(name);
                return string.IsNullOrEmpty(value) ? null : value;
            }

            public static string RequireEnv(string name) =>
                Env(name) ?? throw new InvalidOperationException("environment variable " + name + " is not set; the pipeline's connection settings read it");

            private static bool IsAbsolute(string path) =>
                path.StartsWith("/", StringComparison.Ordinal) || path.Contains("://") || (path.Length > 2 && path[1] == ':' && (path[2] == '\\' || path[2] == '/'));

            private static string Join(string root, string relative) => root.TrimEnd('/') + "/" + relative;
        }
        """;

    /// <summary>Batch cleaning bookkeeping: counts, thresholds, quarantine table and metrics file.</summary>
    public const string Quality = """
        internal sealed class PulseQuality
        {
            public const string RowId = "__pulse_row_id";
            private const string Flag = "__pulse_violation";
            private readonly SparkSession _spark;
            private readonly PulseContext _context;
            private readonly string _source;
            private readonly string _slug;
            private readonly List<DataFrame> _quarantined = new List<DataFrame>();
            private readonly List<string> _metrics = new List<string>();
            private long _read;

            public PulseQuality(SparkSession spark, PulseContext context, string source, string slug)
            {
                _spark = spark;
                _context = context;
                _source = source;
                _slug = slug;
            }

            public static string Quote(string column) => "`" + column.Replace("`", "``") + "`";

            /// <summary>Numbers the rows in input order (for unique and dedupe) and counts what was read.</summary>
            public DataFrame Begin(DataFrame raw)
            {
                var rows = raw.WithColumn(RowId, Functions.MonotonicallyIncreasingId()).Cache();
                _read = rows.Count();
                return rows;
            }

            public DataFrame Malformed(DataFrame rows, Column malformed, string reason) =>
                Apply(rows, "_malformed", "quarantine", malformed, reason, null, null);

            /// <summary>Replaces a column by its cast; a value that does not convert makes the row malformed.</summary>
            public DataFrame Cast(DataFrame rows, string column, Column cast, string reason)
            {
                var withCast = rows.WithColumn("__pulse_cast", cast);
                var failed = Functions.Col(Quote(column)).IsNotNull().And(Functions.Col("__pulse_cast").IsNull());
                var kept = Apply(withCast, "_malformed", "quarantine", failed, reason, null, null);
                return kept.WithColumn(column, Functions.Col("__pulse_cast")).Drop("__pulse_cast");
            }

            public DataFrame Expect(DataFrame rows, string rule, string action, Column violation, string reason, double? warnAbove, double? failAbove) =>
                Apply(rows, rule, action, violation, reason, warnAbove, failAbove);

            public DataFrame ExpectUnique(DataFrame rows, string rule, string action, string[] columns, string reason, double? warnAbove, double? failAbove)
            {
                var window = Window.PartitionBy(columns.Select(c => Functions.Col(Quote(c))).ToArray()).OrderBy(Functions.Col(RowId));
                var ranked = rows.WithColumn("__pulse_rank", Functions.RowNumber().Over(window));
                return Apply(ranked, rule, action, Functions.Col("__pulse_rank").Gt(1), reason, warnAbove, failAbove).Drop("__pulse_rank");
            }

            public DataFrame ExpectReference(DataFrame rows, string rule, string action, string column, DataFrame target, string targetColumn, string reason, double? warnAbove, double? failAbove)
            {
                var keys = target.Select(Functions.Col(Quote(targetColumn)).Alias("__pulse_ref_key")).Distinct();
                var joined = rows.Join(keys, Functions.Col(Quote(column)).EqualTo(Functions.Col("__pulse_ref_key")), "left_outer");
                var missing = Functions.Col(Quote(column)).IsNotNull().And(Functions.Col("__pulse_ref_key").IsNull());
                return Apply(joined, rule, action, missing, reason, warnAbove, failAbove).Drop("__pulse_ref_key");
            }

            public DataFrame ExpectRowCount(DataFrame rows, string rule, string action, long min, long max, string reason)
            {
                var count = rows.Count();
                var outside = count < min || count > max;
                Record(rule, action, outside ? 1 : 0, null, null);
                if (outside) Violated(rule, action, reason + " (" + count.ToString(CultureInfo.InvariantCulture) + " rows)");
                return rows;
            }

            public DataFrame ExpectFreshness(DataFrame rows, string rule, string action, string column, long maxAgeSeconds, string reason)
            {
                var since = Functions.Expr("current_timestamp() - INTERVAL " + maxAgeSeconds.ToString(CultureInfo.InvariantCulture) + " SECONDS");
                var stale = rows.Filter(Functions.Col(Quote(column)).Geq(since)).Count() == 0;
                Record(rule, action, stale ? 1 : 0, null, null);
                if (stale) Violated(rule, action, reason);
                return rows;
            }

            /// <summary>Keeps one row per key: the first read, or the one with the greatest <paramref name="latestBy"/>.</summary>
            public DataFrame Dedupe(DataFrame rows, string[] keys, string latestBy)
            {
                var order = latestBy == null
                    ? new[] { Functions.Col(RowId) }
                    : new[] { Functions.Col(Quote(latestBy)).DescNullsLast(), Functions.Col(RowId) };
                var window = Window.PartitionBy(keys.Select(c => Functions.Col(Quote(c))).ToArray()).OrderBy(order);
                var ranked = rows.WithColumn("__pulse_rank", Functions.RowNumber().Over(window));
                return Apply(ranked, "_dedupe", "drop", Functions.Col("__pulse_rank").Gt(1), "duplicate key", null, null).Drop("__pulse_rank");
            }

            public DataFrame DropWhere(DataFrame rows, Column matches, string reason) =>
                Apply(rows, "_drop_where", "drop", matches, reason, null, null);

            /// <summary>Writes the quarantine table and the metrics the pipeline's quality gate reads; returns the kept rows.</summary>
            public DataFrame Finish(DataFrame rows)
            {
                var kept = rows.Cache();
                var keptCount = kept.Count();
                _metrics.Add(Metric(null, null, 0, null, null, keptCount));
                if (_quarantined.Count > 0)
                {
                    var all = _quarantined.Aggregate((a, b) => a.UnionByName(b));
                    all.Write().Format("delta").Mode("overwrite").Option("overwriteSchema", "true").Save(_context.Quarantine(_slug));
                }
                _spark.CreateDataFrame(_metrics).Coalesce(1).Write().Mode("overwrite").Text(_context.Metrics(_slug));
                return kept;
            }

            private DataFrame Apply(DataFrame rows, string rule, string action, Column violation, string reason, double? warnAbove, double? failAbove)
            {
                var flagged = rows.WithColumn(Flag, Functions.Coalesce(violation, Functions.Lit(false)));
                var violating = flagged.Filter(Functions.Col(Flag));
                var violations = violating.Count();
                Record(rule, action, violations, warnAbove, failAbove);
                var fraction = _read == 0 ? 0.0 : (double)violations / _read;
                var detail = reason + ": " + violations.ToString(CultureInfo.InvariantCulture) + " of " + _read.ToString(CultureInfo.InvariantCulture)
                    + " rows (" + fraction.ToString("P2", CultureInfo.InvariantCulture) + ")";
                if ((action == "fail" && failAbove == null && violations > 0) || (failAbove != null && fraction > failAbove.Value))
                    throw new InvalidOperationException("expectation " + rule + " on source " + _source + " failed: " + detail);
                if ((warnAbove != null && fraction > warnAbove.Value) || (action == "warn" && warnAbove == null && failAbove == null && violations > 0))
                    Console.Error.WriteLine("warning: expectation " + rule + " on source " + _source + ": " + detail);
                if (action == "quarantine") _quarantined.Add(Describe(violating, rule, reason));
                var kept = action == "quarantine" || action == "drop" ? flagged.Filter(Functions.Not(Functions.Col(Flag))) : flagged;
                return kept.Drop(Flag);
            }

            private void Violated(string rule, string action, string reason)
            {
                if (action == "fail") throw new InvalidOperationException("expectation " + rule + " on source " + _source + " failed: " + reason);
                Console.Error.WriteLine("warning: expectation " + rule + " on source " + _source + ": " + reason);
            }

            private DataFrame Describe(DataFrame rows, string rule, string reason)
            {
                var payload = rows.Columns().Where(c => !c.StartsWith("__pulse_", StringComparison.Ordinal)).Select(c => Functions.Col(Quote(c))).ToArray();
                return rows.Select(
                    Functions.Lit(_source).Alias("_source"),
                    Functions.Lit(rule).Alias("_rule"),
                    Functions.Lit(reason).Alias("_reason"),
                    Functions.ToJson(Functions.Struct(payload)).Alias("_row"),
                    Functions.CurrentTimestamp().Alias("_quarantined_at"));
            }

            private void Record(string rule, string action, long violations, double? warnAbove, double? failAbove) =>
                _metrics.Add(Metric(rule, action, violations, warnAbove, failAbove, null));

            private string Metric(string rule, string action, long violations, double? warnAbove, double? failAbove, long? kept)
            {
                var metric = new Dictionary<string, object>
                {
                    ["source"] = _source,
                    ["rule"] = rule,
                    ["action"] = action,
                    ["read"] = _read,
                    ["violations"] = violations,
                    ["warn_above"] = warnAbove,
                    ["fail_above"] = failAbove,
                    ["kept"] = kept,
                };
                return JsonSerializer.Serialize(metric);
            }
        }
        """;

    /// <summary>Streaming cleaning: row rules only (set rules are the batch layer's), quarantine as side streams.</summary>
    public const string StreamQuality = """
        internal sealed class PulseStreamQuality
        {
            private const string Flag = "__pulse_violation";
            private readonly PulseContext _context;
            private readonly string _source;
            private readonly string _slug;
            private readonly List<DataFrame> _quarantined = new List<DataFrame>();

            public PulseStreamQuality(PulseContext context, string source, string slug)
            {
                _context = context;
                _source = source;
                _slug = slug;
            }

            public static string Quote(string column) => "`" + column.Replace("`", "``") + "`";

            public DataFrame Malformed(DataFrame rows, Column malformed, string reason) => Expect(rows, "_malformed", "quarantine", malformed, reason);

            public DataFrame Cast(DataFrame rows, string column, Column cast, string reason)
            {
                var withCast = rows.WithColumn("__pulse_cast", cast);
                var failed = Functions.Col(Quote(column)).IsNotNull().And(Functions.Col("__pulse_cast").IsNull());
                return Expect(withCast, "_malformed", "quarantine", failed, reason).WithColumn(column, Functions.Col("__pulse_cast")).Drop("__pulse_cast");
            }

            public DataFrame Expect(DataFrame rows, string rule, string action, Column violation, string reason)
            {
                var flagged = rows.WithColumn(Flag, Functions.Coalesce(violation, Functions.Lit(false)));
                switch (action)
                {
                    case "quarantine":
                        _quarantined.Add(Describe(flagged.Filter(Functions.Col(Flag)), rule, reason));
                        return flagged.Filter(Functions.Not(Functions.Col(Flag))).Drop(Flag);
                    case "drop":
                        return flagged.Filter(Functions.Not(Functions.Col(Flag))).Drop(Flag);
                    case "fail":
                        // assert_true returns null or stops the query with the message.
                        var message = "expectation " + rule + " on source " + _source + " failed: " + reason;
                        return flagged.Filter(Functions.AssertTrue(Functions.Not(Functions.Col(Flag)), Functions.Lit(message)).IsNull()).Drop(Flag);
                    default:
                        // warn: a stream has no total to compare with; the batch layer reports it.
                        return rows;
                }
            }

            /// <summary>Copies events older than the allowed delay (by processing time) to the quarantine; Spark itself drops them from the aggregation.</summary>
            public void QuarantineLate(DataFrame rows, string eventTime, long delaySeconds)
            {
                var cutoff = Functions.Expr("current_timestamp() - INTERVAL " + delaySeconds.ToString(CultureInfo.InvariantCulture) + " SECONDS");
                _quarantined.Add(Describe(rows.Filter(Functions.Col(Quote(eventTime)).Lt(cutoff)), "_late", "event arrived after the watermark plus the allowed lateness"));
            }

            public void Start()
            {
                for (var i = 0; i < _quarantined.Count; i++)
                {
                    _quarantined[i].WriteStream().Format("delta").OutputMode("append")
                        .Option("checkpointLocation", _context.Checkpoint(_slug + "/quarantine-" + i.ToString(CultureInfo.InvariantCulture)))
                        .Start(_context.Quarantine(_slug));
                }
            }

            private DataFrame Describe(DataFrame rows, string rule, string reason)
            {
                var payload = rows.Columns().Where(c => !c.StartsWith("__pulse_", StringComparison.Ordinal)).Select(c => Functions.Col(Quote(c))).ToArray();
                return rows.Select(
                    Functions.Lit(_source).Alias("_source"),
                    Functions.Lit(rule).Alias("_rule"),
                    Functions.Lit(reason).Alias("_reason"),
                    Functions.ToJson(Functions.Struct(payload)).Alias("_row"),
                    Functions.CurrentTimestamp().Alias("_quarantined_at"));
            }
        }
        """;

    /// <summary>
    /// <c>incremental on c</c> (docs/language.md, "Incremental batch views"): the high-water mark (the greatest c in the
    /// view's Delta table), the inputs that carry c filtered from the mark on, and the Delta write that replaces only
    /// the rows from the mark on (<c>replaceWhere</c>). Full on the first run, when the definition's fingerprint
    /// (kept in <c>$PULSE_LAKE_ROOT/state/&lt;view&gt;</c>) changed, when the table is missing or empty, and with
    /// the <c>--full-refresh</c> argument.
    /// </summary>
    public const string Incremental = """
        internal sealed class PulseIncremental
        {
            public const string FullRefreshArgument = "--full-refresh";
            private readonly SparkSession _spark;
            private readonly string _view;
            private readonly string _table;
            private readonly string _state;
            private readonly string _column;
            private readonly string _type;
            private readonly string _fingerprint;

            public PulseIncremental(SparkSession spark, PulseContext context, string[] args, string view, string slug, string column, string type, string fingerprint)
            {
                _spark = spark;
                _view = view;
                _table = context.View(slug);
                _state = context.LakeRoot.TrimEnd('/') + "/state/" + slug;
                _column = column;
                _type = type;
                _fingerprint = fingerprint;
                var why = args.Contains(FullRefreshArgument) ? "full refresh requested" : null;
                Mark = why == null ? ReadMark(out why) : null;
                Console.Error.WriteLine(Mark == null
                    ? "incremental view " + _view + ": full (" + why + ")"
                    : "incremental view " + _view + ": from " + _column + " >= " + Mark);
            }

            /// <summary>The greatest value of the column in the view's table, as Spark casts it to text; null: compute in full.</summary>
            public string Mark { get; }

            public bool Full => Mark == null;

            /// <summary>An input that carries the column: only its rows from the mark on (nulls have no place relative to the mark and are always read).</summary>
            public DataFrame From(DataFrame rows, string column, string type)
            {
                if (Full) return rows;
                var value = Functions.Col(Quote(column));
                return rows.Filter(value.Geq(Functions.Lit(Mark).Cast(type)).Or(value.IsNull()));
            }

            /// <summary>Writes the view's table: whole when full, else only the rows from the mark on are replaced (the rows below it stay).</summary>
            public void Write(DataFrame rows)
            {
                if (Full)
                {
                    // Forget the fingerprint first: a crash before the new one is recorded makes the next run full again.
                    Record("");
                    rows.Write().Format("delta").Mode("overwrite").Option("overwriteSchema", "true").Save(_table);
                }
                else
                {
                    // Delta checks that every written row matches the predicate, and replaces exactly the rows that match it.
                    rows.Write().Format("delta").Mode("overwrite").Option("replaceWhere", Predicate()).Save(_table);
                }
                Record(_fingerprint);
            }

            /// <summary>The whole view after the write: the computed rows when full, else the Delta table read back.</summary>
            public DataFrame Whole(DataFrame rows) => Full ? rows : _spark.Read().Format("delta").Load(_table);

            /// <summary><c>c &gt;= CAST('mark' AS type) OR c IS NULL</c>: the one place the mark becomes SQL text, so it is checked and quoted.</summary>
            private string Predicate()
            {
                // A mark of an int, bigint, date or timestamp column prints as digits, '-', ':', '.', '+' and spaces only.
                if (Mark.Any(c => !(char.IsDigit(c) || c == '-' || c == ':' || c == '.' || c == '+' || c == ' ')))
                    throw new InvalidOperationException("incremental view " + _view + ": unexpected high-water mark text " + Mark);
                var column = Quote(_column);
                return column + " >= CAST('" + Mark.Replace("\\", "\\\\").Replace("'", "\\'") + "' AS " + _type + ") OR " + column + " IS NULL";
            }

            private string ReadMark(out string why)
            {
                var state = Load("text", _state);
                var recorded = state == null ? null : state.Collect().Select(row => row.GetAs<string>(0)).FirstOrDefault();
                if (recorded == null || recorded.Length == 0)
                {
                    why = "first run";
                    return null;
                }
                if (recorded != _fingerprint)
                {
                    why = "the view's definition changed";
                    return null;
                }
                var table = Load("delta", _table);
                var mark = table == null ? null : table.Agg(Functions.Max(Functions.Col(Quote(_column))).Cast("string")).Collect().Select(row => row.GetAs<string>(0)).FirstOrDefault();
                why = mark == null ? "the view's table is missing or empty" : null;
                return mark;
            }

            /// <summary>A table or file read, or null when Spark reports that it does not exist (an AnalysisException); other failures stop the job.</summary>
            private DataFrame Load(string format, string path)
            {
                try
                {
                    return _spark.Read().Format(format).Load(path);
                }
                catch (Exception e) when (e.InnerException is Microsoft.Spark.JvmException && e.InnerException.Message.Contains("AnalysisException"))
                {
                    return null;
                }
            }

            private void Record(string fingerprint) =>
                _spark.CreateDataFrame(new[] { fingerprint }).Coalesce(1).Write().Mode("overwrite").Text(_state);

            private static string Quote(string column) => "`" + column.Replace("`", "``") + "`";
        }
        """;

    /// <summary>Parses JSON text (a Kafka value, an HTTP record) with the source's schema; unparsable text lands in <c>_corrupt_record</c>.</summary>
    public const string Json = """
        internal static class PulseJson
        {
            public const string Corrupt = "_corrupt_record";

            public static DataFrame Parse(DataFrame rows, Column text, StructType schema)
            {
                var options = new Dictionary<string, string> { ["mode"] = "PERMISSIVE", ["columnNameOfCorruptRecord"] = Corrupt };
                var withCorrupt = new StructType(schema.Fields.Concat(new[] { new StructField(Corrupt, new StringType(), true) }));
                var parsed = rows.Select(text.Alias("__pulse_text")).Select(Functions.Col("__pulse_text"), Functions.FromJson(Functions.Col("__pulse_text"), withCorrupt.Json, options).Alias("__pulse_event"));
                var event_ = Functions.Col("__pulse_event");
                var columns = schema.Fields.Select(f => event_.GetField(f.Name).Alias(f.Name)).ToList();
                columns.Add(Functions.When(event_.IsNull().And(Functions.Col("__pulse_text").IsNotNull()), Functions.Col("__pulse_text")).Otherwise(event_.GetField(Corrupt)).Alias(Corrupt));
                return parsed.Select(columns.ToArray());
            }
        }
        """;

    /// <summary>PostgreSQL over JDBC; settings come from literals or the environment, never from the artifact.</summary>
    public const string Jdbc = """
        internal sealed class PulseJdbc
        {
            private PulseJdbc(string host, string port, string database, string user, string password, string url)
            {
                Host = host;
                Port = port;
                Database = database;
                User = user;
                Password = password;
                Url = url ?? "jdbc:postgresql://" + host + ":" + port + "/" + database;
            }

            public string Host { get; }
            public string Port { get; }
            public string Database { get; }
            public string User { get; }
            public string Password { get; }
            public string Url { get; }

            /// <summary>From a <c>url</c> (jdbc: or postgres:// form, credentials inside or beside it) or from host, port and database.</summary>
            public static PulseJdbc Connect(string url, string host, string port, string database, string user, string password)
            {
                if (url != null && url.StartsWith("jdbc:", StringComparison.Ordinal)) return new PulseJdbc(host, port, database, user, password, url);
                if (url != null)
                {
                    var uri = new Uri(url);
                    var info = uri.UserInfo.Split(new[] { ':' }, 2);
                    host = uri.Host;
                    port = uri.Port > 0 ? uri.Port.ToString(CultureInfo.InvariantCulture) : "5432";
                    database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
                    if (user == null && info[0].Length > 0) user = Uri.UnescapeDataString(info[0]);
                    if (password == null && info.Length > 1) password = Uri.UnescapeDataString(info[1]);
                }
                if (host == null) throw new InvalidOperationException("a postgres connection needs a url or a host");
                return new PulseJdbc(host, port ?? "5432", string.IsNullOrEmpty(database) ? "postgres" : database, user, password, null);
            }

            public static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

            public static string Table(string schema, string table) => QuoteIdentifier(schema) + "." + QuoteIdentifier(table);

            public Dictionary<string, string> Options()
            {
                var options = new Dictionary<string, string> { ["url"] = Url, ["driver"] = "org.postgresql.Driver" };
                if (User != null) options["user"] = User;
                if (Password != null) options["password"] = Password;
                return options;
            }

            public DataFrame Read(SparkSession spark, string table, string query)
            {
                var reader = spark.Read().Format("jdbc").Options(Options());
                reader = table != null ? reader.Option("dbtable", table) : reader.Option("query", query);
                return reader.Load();
            }

            public void Append(DataFrame rows, string schema, string table) =>
                rows.Write().Format("jdbc").Options(Options()).Option("dbtable", Table(schema, table)).Mode("append").Save();

            /// <summary>Replaces the rows but keeps the table the migrations created (truncate, not drop).</summary>
            public void Replace(DataFrame rows, string schema, string table) =>
                rows.Write().Format("jdbc").Options(Options()).Option("dbtable", Table(schema, table)).Option("truncate", true).Mode("overwrite").Save();
        }
        """;

    /// <summary>Upsert: a staging table written over JDBC, then one INSERT ... ON CONFLICT through Npgsql.</summary>
    public const string Upsert = """
        internal static class PulseUpsert
        {
            public static void Run(PulseJdbc jdbc, DataFrame rows, string schema, string table, string[] keys)
            {
                var stage = table + "__pulse_stage";
                rows.Write().Format("jdbc").Options(jdbc.Options()).Option("dbtable", PulseJdbc.Table(schema, stage)).Mode("overwrite").Save();
                var columns = rows.Columns();
                var columnList = string.Join(", ", columns.Select(PulseJdbc.QuoteIdentifier));
                var updates = columns.Where(c => !keys.Contains(c)).Select(c => PulseJdbc.QuoteIdentifier(c) + " = EXCLUDED." + PulseJdbc.QuoteIdentifier(c)).ToList();
                var sql = "INSERT INTO " + PulseJdbc.Table(schema, table) + " (" + columnList + ") SELECT " + columnList + " FROM " + PulseJdbc.Table(schema, stage)
                    + " ON CONFLICT (" + string.Join(", ", keys.Select(PulseJdbc.QuoteIdentifier)) + ") "
                    + (updates.Count > 0 ? "DO UPDATE SET " + string.Join(", ", updates) : "DO NOTHING")
                    + "; DROP TABLE " + PulseJdbc.Table(schema, stage) + ";";
                var builder = new NpgsqlConnectionStringBuilder
                {
                    Host = jdbc.Host,
                    Port = int.Parse(jdbc.Port, CultureInfo.InvariantCulture),
                    Database = jdbc.Database,
                    Username = jdbc.User,
                    Password = jdbc.Password,
                    Timezone = "UTC",
                };
                using (var connection = new NpgsqlConnection(builder.ConnectionString))
                {
                    connection.Open();
                    using (var command = new NpgsqlCommand(sql, connection)) command.ExecuteNonQuery();
                }
            }
        }
        """;

    /// <summary>Kafka options (SASL from the environment) and the JSON-value writer.</summary>
    public const string Kafka = """
        internal static class PulseKafka
        {
            public static Dictionary<string, string> Options(string brokers, string saslUsername, string saslPassword)
            {
                var options = new Dictionary<string, string> { ["kafka.bootstrap.servers"] = brokers };
                if (saslPassword != null)
                {
                    options["kafka.security.protocol"] = "SASL_SSL";
                    options["kafka.sasl.mechanism"] = "PLAIN";
                    options["kafka.sasl.jaas.config"] = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                        + Escape(saslUsername ?? "") + "\" password=\"" + Escape(saslPassword) + "\";";
                }
                return options;
            }

            public static void Write(DataFrame rows, Dictionary<string, string> options, string topic, string keyColumn)
            {
                var all = rows.Columns().Select(c => Functions.Col("`" + c.Replace("`", "``") + "`")).ToArray();
                var key = keyColumn == null ? Functions.Lit(null).Cast("string") : Functions.Col("`" + keyColumn.Replace("`", "``") + "`").Cast("string");
                rows.Select(key.Alias("key"), Functions.ToJson(Functions.Struct(all)).Alias("value"))
                    .Write().Format("kafka").Options(options).Option("topic", topic).Save();
            }

            private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"");
        }
        """;

    /// <summary>Elasticsearch through the elasticsearch-hadoop connector.</summary>
    public const string Elasticsearch = """
        internal static class PulseElasticsearch
        {
            public static Dictionary<string, string> Options(string url, string apiKey)
            {
                var options = new Dictionary<string, string>
                {
                    ["es.nodes"] = url,
                    ["es.nodes.wan.only"] = "true",
                    ["es.net.ssl"] = url.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ? "true" : "false",
                };
                if (apiKey != null) options["es.net.http.header.Authorization"] = "ApiKey " + apiKey;
                return options;
            }

            public static DataFrame Read(SparkSession spark, Dictionary<string, string> options, string index, string query)
            {
                var reader = spark.Read().Format("org.elasticsearch.spark.sql").Options(options);
                if (query != null) reader = reader.Option("es.query", query);
                return reader.Load(index);
            }

            /// <summary>Upserts documents whose id is the id columns joined with '|'.</summary>
            public static void Write(DataFrame rows, Dictionary<string, string> options, string index, string[] idColumns)
            {
                var ids = idColumns.Select(c => Functions.Col("`" + c.Replace("`", "``") + "`").Cast("string")).ToArray();
                var writer = idColumns.Length == 0
                    ? rows.Write()
                    : rows.WithColumn("__pulse_id", Functions.ConcatWs("|", ids)).Write()
                        .Option("es.mapping.id", "__pulse_id").Option("es.mapping.exclude", "__pulse_id").Option("es.write.operation", "upsert");
                writer.Format("org.elasticsearch.spark.sql").Options(options).Mode("append").Save(index);
            }
        }
        """;

    /// <summary>HTTP APIs: pages fetched on the driver, records handed to Spark as JSON text.</summary>
    public const string Http = """
        internal static class PulseHttp
        {
            public static DataFrame Read(SparkSession spark, string url, string bearerToken, string recordPath, string pagination,
                string pageParam, string cursorParam, string cursorPath, int? pageSize, int? maxPages, int timeoutSeconds, int retries, StructType schema)
            {
                var records = new List<string>();
                using (var client = new HttpClient { Timeout = TimeSpan.FromSeconds(timeoutSeconds) })
                {
                    if (bearerToken != null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
                    string cursor = null;
                    for (var page = 1; maxPages == null || page <= maxPages.Value; page++)
                    {
                        var query = new List<string>();
                        if (pageSize != null) query.Add("page_size=" + pageSize.Value.ToString(CultureInfo.InvariantCulture));
                        if (pagination == "page") query.Add(Uri.EscapeDataString(pageParam ?? "page") + "=" + page.ToString(CultureInfo.InvariantCulture));
                        if (pagination == "cursor" && cursor != null) query.Add(Uri.EscapeDataString(cursorParam ?? "cursor") + "=" + Uri.EscapeDataString(cursor));
                        var pageUrl = query.Count == 0 ? url : url + (url.Contains("?") ? "&" : "?") + string.Join("&", query);
                        using (var document = JsonDocument.Parse(Fetch(client, pageUrl, retries)))
                        {
                            var items = Navigate(document.RootElement, recordPath);
                            var count = 0;
                            if (items.ValueKind == JsonValueKind.Array)
                                foreach (var item in items.EnumerateArray()) { records.Add(item.GetRawText()); count++; }
                            if (pagination == "none" || count == 0) break;
                            if (pagination == "cursor")
                            {
                                var next = Navigate(document.RootElement, cursorPath);
                                cursor = next.ValueKind == JsonValueKind.String ? next.GetString() : null;
                                if (string.IsNullOrEmpty(cursor)) break;
                            }
                        }
                    }
                }
                return PulseJson.Parse(spark.CreateDataFrame(records), Functions.Col("_1"), schema);
            }

            private static string Fetch(HttpClient client, string url, int retries)
            {
                for (var attempt = 0; ; attempt++)
                {
                    try
                    {
                        using (var response = client.GetAsync(url).GetAwaiter().GetResult())
                        {
                            response.EnsureSuccessStatusCode();
                            return response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
                        }
                    }
                    catch (HttpRequestException) when (attempt < retries)
                    {
                        Thread.Sleep(TimeSpan.FromSeconds(Math.Pow(2, attempt)));
                    }
                }
            }

            private static JsonElement Navigate(JsonElement element, string path)
            {
                if (string.IsNullOrEmpty(path)) return element;
                foreach (var part in path.Split('.'))
                {
                    if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(part, out element)) return default;
                }
                return element;
            }
        }
        """;

    /// <summary>The speed layer keeps results for a limited time (<c>retain</c>).</summary>
    public const string Retention = """
        internal static class PulseRetention
        {
            public static void Apply(SparkSession spark, string path, string column, long seconds)
            {
                spark.Sql("DELETE FROM delta.`" + path.Replace("`", "``") + "` WHERE `" + column.Replace("`", "``") + "` < current_timestamp() - INTERVAL "
                    + seconds.ToString(CultureInfo.InvariantCulture) + " SECONDS");
            }
        }
        """;
}
