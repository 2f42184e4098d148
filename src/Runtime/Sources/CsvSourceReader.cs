using System.Globalization;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Sources;

/// <summary>
/// CSV through DuckDB's <c>read_csv</c>: no sniffing, every column VARCHAR, the spec's delimiter,
/// quote (doubled inside quoted fields) and null tokens. Records DuckDB cannot parse (wrong number
/// of columns, an unterminated quote, invalid UTF-8) are caught with <c>store_rejects</c> and become
/// malformed rows instead of failing the run. Positions are record numbers counting the header as 1,
/// the numbering DuckDB uses for rejected records; they equal line numbers unless a quoted field spans lines.
/// The file is not copied first: the raw relation is <c>read_csv</c> itself, without positions
/// (<see cref="InputOrder{T}"/>), so the cleaner parses it once in its own statement. When a record was
/// rejected the order no longer gives positions, and the file is parsed again into a temp table with them.
/// </summary>
public sealed class CsvSourceReader : ISourceReader
{
    public Task<RawInput> ReadAsync(SourceReadContext context, CancellationToken cancellation)
    {
        var source = context.Source;
        var options = source.Options;
        var path = context.RequirePath(options.Path);
        var delimiter = SingleChar(options.Delimiter, "delimiter", source) ?? ',';
        var quote = SingleChar(options.Quote, "quote", source);

        var columnNames = options.Header
            ? CsvHeader.Read(path, delimiter, quote)
            : source.InputFields.Select(f => f.ReadFrom).ToList();
        var columnOf = MapFields(source, columnNames, path, options.Header);

        var quoteSql = SqlText.String(quote?.ToString() ?? "");
        var columns = "{" + SqlText.Join(columnNames.Select((_, i) => $"{SqlText.String(ColumnName(i))}: 'VARCHAR'")) + "}";
        var scanOptions = $"{SqlText.String(path)}, auto_detect = false, " +
            $"header = {SqlText.Bool(options.Header)}, delim = {SqlText.String(delimiter.ToString())}, quote = {quoteSql}, escape = {quoteSql}, " +
            $"nullstr = {SqlText.StringList(options.NullTokens.IsDefaultOrEmpty ? [] : options.NullTokens)}, columns = {columns}, strict_mode = true";
        var firstRecord = options.Header ? 2 : 1;
        var dataColumns = columnNames.Select((_, i) => ColumnName(i)).ToList();
        var csv = new CsvScan(context, scanOptions, firstRecord, dataColumns,
            RowJson.Object([.. columnNames.Select((name, i) => (name, dataColumns[i]))]), columnOf,
            context.ScratchTable(source.Name + "_csv"));

        // Read in place: the cleaner scans the file once, and the rows' order gives their positions unless
        // a record was rejected, which the rejects table tells after that scan. Otherwise (or when the cleaner
        // needs positions inside its query) the file is parsed into a temp table first.
        var lazyRejects = CsvScan.NewRejects();
        var noPositions = $"CAST(NULL AS BIGINT) AS {Pos}, CAST(NULL AS VARCHAR) AS {Err}{Prefix([.. dataColumns.Select(SqlText.Identifier)])}";
        var raw = $"(SELECT {noPositions} FROM read_csv({scanOptions}, {CsvScan.RejectOptions(lazyRejects)}))";
        var lookup = $"(SELECT {noPositions} FROM read_csv({scanOptions}))";
        return Task.FromResult(new RawInput(raw, RawFamily.Text, columnOf)
        {
            RowJson = csv.RowObject,
            DropTables = [csv.Parsed, context.RawTable],
            Order = new InputOrder<RawInput>(firstRecord, lookup,
                Confirm: _ => csv.Rejected(lazyRejects) == 0 ? null : csv.Materialize(),
                Positioned: () => { csv.Rejected(lazyRejects); return csv.Materialize(); }),
        });
    }

    /// <summary>The file's scan options and the two ways to materialize it with positions.</summary>
    private sealed class CsvScan(SourceReadContext context, string scanOptions, int firstRecord, List<string> dataColumns,
        RowJson rowObject, Dictionary<string, string> columnOf, string parsed)
    {
        public string Parsed => parsed;
        public RowJson RowObject => rowObject;

        /// <summary>Names for the tables <c>store_rejects</c> fills (DuckDB creates them; unique per scan).</summary>
        public static (string Table, string Scans) NewRejects()
        {
            var suffix = Guid.NewGuid().ToString("N");
            return ("pulse_rejects_" + suffix, "pulse_reject_scans_" + suffix);
        }

        public static string RejectOptions((string Table, string Scans) rejects) =>
            $"store_rejects = true, rejects_table = {SqlText.String(rejects.Table)}, rejects_scan = {SqlText.String(rejects.Scans)}";

        /// <summary>How many records a scan rejected; drops its rejects tables.</summary>
        public long Rejected((string Table, string Scans) rejects)
        {
            try
            {
                return context.Scalar<long>($"SELECT count(*) FROM duckdb_tables() WHERE table_name = {SqlText.String(rejects.Table)}") == 0
                    ? 0
                    : context.Scalar<long>($"SELECT count(*) FROM {SqlText.Identifier(rejects.Table)}");
            }
            finally
            {
                context.Execute($"DROP TABLE IF EXISTS {SqlText.Identifier(rejects.Table)}");
                context.Execute($"DROP TABLE IF EXISTS {SqlText.Identifier(rejects.Scans)}");
            }
        }

        /// <summary>Parses the file into a temp table; positions are the row number plus the header unless records were rejected.</summary>
        public RawInput Materialize()
        {
            var rejects = NewRejects();
            context.Execute($"{ScratchTables.Create(parsed)} AS SELECT * FROM read_csv({scanOptions}, {RejectOptions(rejects)})");
            try
            {
                var rejected = context.Scalar<long>($"SELECT count(*) FROM {SqlText.Identifier(rejects.Table)}");
                if (rejected == 0)
                {
                    var raw = $"(SELECT rowid + {firstRecord} AS {Pos}, CAST(NULL AS VARCHAR) AS {Err}{Prefix([.. dataColumns.Select(SqlText.Identifier)])} FROM {parsed})";
                    return new RawInput(raw, RawFamily.Text, columnOf) { RowJson = rowObject, DropTables = [parsed] };
                }
                return WithRejectedRecords(context, parsed, rejects.Table, firstRecord, dataColumns, rowObject, columnOf);
            }
            finally
            {
                context.Execute($"DROP TABLE IF EXISTS {SqlText.Identifier(rejects.Table)}");
                context.Execute($"DROP TABLE IF EXISTS {SqlText.Identifier(rejects.Scans)}");
            }
        }
    }

    /// <summary>
    /// Some records could not be parsed: they become malformed rows at their record numbers, and the parsed
    /// records take the remaining numbers in order.
    /// </summary>
    private static RawInput WithRejectedRecords(SourceReadContext context, string parsed, string rejects, int firstRecord,
        List<string> dataColumns, RowJson rowObject, Dictionary<string, string> columnOf)
    {
        const string line = "__pulse_line";
        var data = dataColumns.Select(c => "g." + SqlText.Identifier(c)).ToList();
        var nulls = dataColumns.Select(c => "CAST(NULL AS VARCHAR) AS " + SqlText.Identifier(c)).ToList();
        var rejected = $"(SELECT line, string_agg(DISTINCT error_message, '; ' ORDER BY error_message) AS errors, first(csv_line) AS csv_line FROM {SqlText.Identifier(rejects)} GROUP BY line)";
        context.Execute(
            $"{ScratchTables.Create(context.RawTable)} AS " +
            $"WITH rej AS {rejected}, " +
            $"good AS (SELECT rowid AS i, * FROM {parsed}), " +
            $"free AS (SELECT n AS line, row_number() OVER (ORDER BY n) - 1 AS i FROM range({firstRecord}, {firstRecord} + (SELECT count(*) FROM good) + (SELECT count(*) FROM rej)) AS t(n) " +
            $"WHERE n NOT IN (SELECT line FROM rej)) " +
            $"SELECT free.line AS {Pos}, CAST(NULL AS VARCHAR) AS {Err}, CAST(NULL AS VARCHAR) AS {SqlText.Identifier(line)}{Prefix(data)} FROM good AS g JOIN free ON g.i = free.i " +
            $"UNION ALL " +
            $"SELECT CAST(line AS BIGINT), concat('record ', line, ' cannot be parsed: ', errors), csv_line{Prefix(nulls)} FROM rej " +
            $"ORDER BY 1");
        context.Execute($"DROP TABLE {parsed}");
        // A rejected record's original row is its text: {"_line": "..."}.
        var rowJson = new RowJson([.. rowObject.Columns, line],
            refs => $"(CASE WHEN {refs[^1]} IS NOT NULL THEN json_object('_line', {refs[^1]}) ELSE {rowObject.Build(refs)} END)");
        return new RawInput(context.RawTable, RawFamily.Text, columnOf) { RowJson = rowJson };
    }

    private static string Pos => SqlText.Identifier(RawInput.Position);
    private static string Err => SqlText.Identifier(RawInput.Error);

    private static string Prefix(List<string> columns) => columns.Count == 0 ? "" : ", " + SqlText.Join(columns);

    private static string ColumnName(int index) => "c" + index.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, string> MapFields(SourceIr source, IReadOnlyList<string> header, string path, bool hasHeader)
    {
        var map = new Dictionary<string, string>();
        for (var f = 0; f < source.InputFields.Length; f++)
        {
            var field = source.InputFields[f];
            var index = hasHeader ? IndexOf(header, field.ReadFrom) : f;
            if (index < 0)
                throw new PulseRunException(RunError.At(field.Origin, RuntimeCodes.InputColumnMissing,
                    $"source {source.Name}: column \"{field.ReadFrom}\" is not in the header of {Path.GetFileName(path)}",
                    $"the header has {string.Join(", ", header.Select(h => $"\"{h}\""))}; map the field with from \"...\""));
            map[field.Name] = ColumnName(index);
        }
        return map;
    }

    /// <summary>Exact match first; a case-insensitive match only when it is unambiguous.</summary>
    private static int IndexOf(IReadOnlyList<string> header, string name)
    {
        for (var i = 0; i < header.Count; i++)
            if (header[i] == name) return i;
        var matches = header.Select((h, i) => (h, i)).Where(x => string.Equals(x.h, name, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count == 1 ? matches[0].i : -1;
    }

    private static char? SingleChar(string? value, string property, SourceIr source)
    {
        if (value is null) return null;
        if (value.Length == 0 && property == "quote") return null;
        if (value.Length != 1)
            throw new PulseRunException(RunError.At(source.Origin, RuntimeCodes.NotSupportedLocally,
                $"source {source.Name}: {property} must be one character, got \"{value}\""));
        return value[0];
    }
}
