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

        var parsed = context.ScratchTable(source.Name + "_csv");
        var suffix = Guid.NewGuid().ToString("N");
        var rejects = "pulse_rejects_" + suffix;
        var rejectScans = "pulse_reject_scans_" + suffix;
        var columns = "{" + SqlText.Join(columnNames.Select((_, i) => $"{SqlText.String(ColumnName(i))}: 'VARCHAR'")) + "}";
        var quoteSql = SqlText.String(quote?.ToString() ?? "");
        context.Execute(
            $"CREATE TABLE {parsed} AS SELECT * FROM read_csv({SqlText.String(path)}, auto_detect = false, " +
            $"header = {SqlText.Bool(options.Header)}, delim = {SqlText.String(delimiter.ToString())}, quote = {quoteSql}, escape = {quoteSql}, " +
            $"nullstr = {SqlText.StringList(options.NullTokens.IsDefaultOrEmpty ? [] : options.NullTokens)}, columns = {columns}, " +
            $"store_rejects = true, rejects_table = {SqlText.String(rejects)}, rejects_scan = {SqlText.String(rejectScans)}, strict_mode = true)");

        var firstRecord = options.Header ? 2 : 1;
        var rowJson = "json_object(" + SqlText.Join(columnNames.Select((name, i) => $"{SqlText.String(name)}, g.{SqlText.Identifier(ColumnName(i))}")) + ")";
        var dataColumns = columnNames.Select((_, i) => "g." + SqlText.Identifier(ColumnName(i))).ToList();
        var nullColumns = columnNames.Select((_, i) => "CAST(NULL AS VARCHAR) AS " + SqlText.Identifier(ColumnName(i))).ToList();
        var rejected = $"(SELECT line, string_agg(DISTINCT error_message, '; ' ORDER BY error_message) AS errors, first(csv_line) AS csv_line FROM {SqlText.Identifier(rejects)} GROUP BY line)";
        context.Execute(
            $"CREATE TABLE {context.RawTable} AS " +
            $"WITH rej AS {rejected}, " +
            $"good AS (SELECT rowid AS i, * FROM {parsed}), " +
            $"free AS (SELECT n AS line, row_number() OVER (ORDER BY n) - 1 AS i FROM range({firstRecord}, {firstRecord} + (SELECT count(*) FROM good) + (SELECT count(*) FROM rej)) AS t(n) " +
            $"WHERE n NOT IN (SELECT line FROM rej)) " +
            $"SELECT free.line AS {Pos}, {rowJson} AS {Row}, CAST(NULL AS VARCHAR) AS {Err}{Prefix(dataColumns)} FROM good AS g JOIN free ON g.i = free.i " +
            $"UNION ALL " +
            $"SELECT CAST(line AS BIGINT), json_object('_line', csv_line), concat('record ', line, ' cannot be parsed: ', errors){Prefix(nullColumns)} FROM rej " +
            $"ORDER BY 1");
        context.Execute($"DROP TABLE {parsed}");
        context.Execute($"DROP TABLE IF EXISTS {SqlText.Identifier(rejects)}");
        context.Execute($"DROP TABLE IF EXISTS {SqlText.Identifier(rejectScans)}");
        return Task.FromResult(new RawInput(context.RawTable, RawFamily.Text, columnOf));
    }

    private static string Pos => SqlText.Identifier(RawInput.Position);
    private static string Row => SqlText.Identifier(RawInput.Row);
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
