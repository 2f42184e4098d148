using Pulse.Runtime.Cleaning;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Sources;

/// <summary>
/// An NDJSON file read in place with DuckDB's <c>read_ndjson_objects</c> (parallel, one JSON value per line,
/// nothing copied first): the cleaner's one statement parses it. The scan skips blank lines and gives a SQL
/// null for a line that is not valid JSON, so positions (line numbers) are the row order plus one only when
/// every line held a value; and the messages of malformed lines need their line number and text. Both are known
/// after that statement, for free: a row whose value is null or not an object carries a marker as its reader
/// error, and the rows written are compared with the file's line count. When either shows a difference, the
/// file is read again the exact way (<see cref="NdjsonRows"/>: split into lines, each with its number and text),
/// as the CSV reader does with rejected records. A glob of files is always read the exact way.
/// </summary>
internal static class NdjsonScan
{
    /// <summary>The reader error of a row the in-place scan cannot describe (its message needs the line number).</summary>
    private const string Unsure = "\u0001ndjson: needs its line";

    private static string Pos => SqlText.Identifier(RawInput.Position);
    private static string Row => SqlText.Identifier(RawInput.Row);
    private static string Err => SqlText.Identifier(RawInput.Error);

    public static RawInput Read(SourceReadContext context, string path)
    {
        if (path.Contains('*')) return Exact(context, path);
        var scan = $"read_ndjson_objects({SqlText.String(path)}, ignore_errors = true)";
        var relation = $"(SELECT CAST(NULL AS BIGINT) AS {Pos}, json AS {Row}, " +
                       $"CASE WHEN json IS NULL OR json_type(json) <> 'OBJECT' THEN {SqlText.String(Unsure)} END AS {Err} FROM {scan})";
        return new RawInput(relation, RawFamily.Json, new Dictionary<string, string>())
        {
            DropTables = [context.RawTable],
            Order = new InputOrder<RawInput>(1, relation,
                Confirm: written => RowsAreLines(context, path, written) ? null : Exact(context, path),
                Positioned: () => Positioned(context, path, scan)),
        };
    }

    /// <summary>True when the rows written are the file's lines, in order, each one JSON object.</summary>
    private static bool RowsAreLines(SourceReadContext context, string path, string written)
    {
        var rule = SqlText.Identifier(CleaningChain.RuleColumn);
        var reason = SqlText.Identifier(CleaningChain.ReasonColumn);
        var (rows, unsure) = (context.Scalar<long>($"SELECT count(*) FROM {written}"),
            context.Scalar<long>($"SELECT count(*) FROM {written} WHERE {rule} = 0 AND {reason} = {SqlText.String(Unsure)}"));
        return unsure == 0 && rows == LineCount(path);
    }

    /// <summary>
    /// Positions inside the statement (the cleaning has a window or a join): the scan is copied into a temp table,
    /// whose row ids give positions when every line held an object; else the exact way.
    /// </summary>
    private static RawInput Positioned(SourceReadContext context, string path, string scan)
    {
        context.Execute($"{ScratchTables.Create(context.RawTable)} AS SELECT json FROM {scan}");
        var (rows, unsure) = (context.Scalar<long>($"SELECT count(*) FROM {context.RawTable}"),
            context.Scalar<long>($"SELECT count(*) FROM {context.RawTable} WHERE json IS NULL OR json_type(json) <> 'OBJECT'"));
        if (unsure == 0 && rows == LineCount(path))
            return new RawInput($"(SELECT rowid + 1 AS {Pos}, json AS {Row}, CAST(NULL AS VARCHAR) AS {Err} FROM {context.RawTable})",
                RawFamily.Json, new Dictionary<string, string>()) { DropTables = [context.RawTable] };
        context.Execute($"DROP TABLE {context.RawTable}");
        return Exact(context, path);
    }

    private static RawInput Exact(SourceReadContext context, string path)
    {
        NdjsonRows.Load(context, $"read_text({SqlText.String(path)})", "content");
        return new RawInput(context.RawTable, RawFamily.Json, new Dictionary<string, string>());
    }

    /// <summary>Lines in the file: its newlines, plus a last line without one.</summary>
    private static long LineCount(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan);
        var buffer = new byte[1 << 20];
        long lines = 0;
        var last = (byte)'\n';
        int read;
        while ((read = file.Read(buffer, 0, buffer.Length)) > 0)
        {
            lines += System.MemoryExtensions.Count(buffer.AsSpan(0, read), (byte)'\n');
            last = buffer[read - 1];
        }
        return last == '\n' ? lines : lines + 1;
    }
}
