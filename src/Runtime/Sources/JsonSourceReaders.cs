using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Sources;

/// <summary>
/// A JSON file holding one array of objects. The file is read whole (DuckDB <c>read_text</c>) and split
/// into elements; an element that is not an object is a malformed row. A file that is not valid JSON,
/// or not an array, cannot be split into rows at all and fails the source.
/// </summary>
public sealed class JsonArraySourceReader : ISourceReader
{
    public Task<RawInput> ReadAsync(SourceReadContext context, CancellationToken cancellation)
    {
        var source = context.Source;
        var path = context.RequirePath(source.Options.Path);
        var file = $"read_text({SqlText.String(path)})";
        var shape = context.Scalar<string>($"SELECT CASE WHEN NOT json_valid(content) THEN 'invalid' ELSE json_type(CAST(content AS JSON)) END FROM {file}");
        if (shape != "ARRAY")
            throw new PulseRunException(RunError.At(source.Origin, RuntimeCodes.InputNotJsonArray,
                shape == "invalid"
                    ? $"source {source.Name}: {source.Options.Path} is not valid JSON"
                    : $"source {source.Name}: {source.Options.Path} holds a JSON {shape?.ToLowerInvariant()}, not an array of objects",
                "a json source is one array of objects; for one object per line use ndjson"));
        var doc = "doc";
        context.Execute(
            $"{ScratchTables.Create(context.RawTable)} AS SELECT pos AS {SqlText.Identifier(RawInput.Position)}, doc AS {SqlText.Identifier(RawInput.Row)}, " +
            $"{JsonRows.NotAnObject(doc, "element")} AS {SqlText.Identifier(RawInput.Error)} " +
            $"FROM (SELECT unnest(json_extract(CAST(content AS JSON), '$[*]')) AS doc, " +
            $"unnest(generate_series(1, CAST(json_array_length(CAST(content AS JSON)) AS BIGINT))) AS pos FROM {file}) ORDER BY pos");
        return Task.FromResult(new RawInput(context.RawTable, RawFamily.Json, new Dictionary<string, string>()));
    }
}

/// <summary>
/// One JSON object per line (also the Kafka replay file). Blank lines are skipped; a line that is not
/// valid JSON, or not an object, is a malformed row with its line number and text. Read in place when the
/// lines allow it (<see cref="NdjsonScan"/>).
/// </summary>
public sealed class NdjsonSourceReader(bool replay = false) : ISourceReader
{
    public Task<RawInput> ReadAsync(SourceReadContext context, CancellationToken cancellation)
    {
        var source = context.Source;
        if (replay && string.IsNullOrEmpty(source.Options.Replay))
            throw new PulseRunException(RunError.At(source.Origin, RuntimeCodes.NotSupportedLocally,
                $"kafka source {source.Name} has no replay file, so the local batch layer has nothing to read",
                "add replay = \"data/....ndjson\" with the events the batch layer should process"));
        var path = context.RequirePath(replay ? source.Options.Replay : source.Options.Path, replay ? "replay" : "path");
        return Task.FromResult(NdjsonScan.Read(context, path));
    }
}

/// <summary>Shared SQL for the JSON readers.</summary>
internal static class JsonRows
{
    public static string NotAnObject(string doc, string what) =>
        $"(CASE WHEN json_type({doc}) <> 'OBJECT' THEN concat('{what} ', pos, ' is a JSON ', lower(json_type({doc})), ', not an object') END)";
}

internal static class NdjsonRows
{
    /// <summary>Splits text (one row of <paramref name="from"/>, column <paramref name="column"/>) into lines and loads the raw table.</summary>
    public static void Load(SourceReadContext context, string from, string column)
    {
        // One split per text (splitting twice, once for the lines and once for their count, was quadratic in practice).
        var lines = $"SELECT unnest(lines) AS line, unnest(range(1, len(lines) + 1)) AS pos " +
                    $"FROM (SELECT string_split({SqlText.Identifier(column)}, chr(10)) AS lines FROM {from})";
        var clean = $"SELECT pos, rtrim(line, chr(13)) AS line FROM ({lines}) WHERE trim(line) <> ''";
        context.Execute(
            $"{ScratchTables.Create(context.RawTable)} AS SELECT pos AS {SqlText.Identifier(RawInput.Position)}, " +
            $"CASE WHEN json_valid(line) THEN CAST(line AS JSON) ELSE json_object('_line', line) END AS {SqlText.Identifier(RawInput.Row)}, " +
            $"CASE WHEN NOT json_valid(line) THEN concat('line ', pos, ' is not valid JSON') " +
            $"WHEN json_type(CAST(line AS JSON)) <> 'OBJECT' THEN concat('line ', pos, ' is a JSON ', lower(json_type(CAST(line AS JSON))), ', not an object') END " +
            $"AS {SqlText.Identifier(RawInput.Error)} FROM ({clean}) ORDER BY pos");
    }
}
