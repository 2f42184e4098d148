using DuckDB.NET.Data;
using Pulse.Runtime.Sql;

namespace Pulse.Runtime.Sources;

/// <summary>
/// Collects JSON documents fetched over the network (HTTP pages, Elasticsearch hits) into a scratch
/// table through the appender; the raw input of the JSON family is a query over it (nothing copied again).
/// </summary>
internal sealed class JsonDocumentLoader : IDisposable
{
    private readonly SourceReadContext context;
    private readonly string scratch;
    private readonly DuckDBAppender appender;

    public JsonDocumentLoader(SourceReadContext context)
    {
        this.context = context;
        var (catalog, schema, table) = context.ScratchTableParts(context.Source.Name + "_docs");
        scratch = SqlText.Qualified(catalog, schema, table);
        context.Execute($"{ScratchTables.Create(scratch)} (pos BIGINT, doc VARCHAR)");
        appender = context.Connection.CreateAppender(catalog, schema, table);
    }

    public long Count { get; private set; }

    public void Add(string json)
    {
        Count++;
        appender.CreateRow().AppendValue(Count).AppendValue(json).EndRow();
    }

    public RawInput Finish()
    {
        appender.Close();
        var doc = "doc";
        // A relation over the documents as appended (no second copy): the cleaning statement scans it once.
        var relation =
            $"(SELECT pos AS {SqlText.Identifier(RawInput.Position)}, " +
            $"CASE WHEN json_valid(doc) THEN CAST(doc AS JSON) ELSE json_object('_text', doc) END AS {SqlText.Identifier(RawInput.Row)}, " +
            $"CASE WHEN NOT json_valid(doc) THEN concat('record ', pos, ' is not valid JSON') ELSE {JsonRows.NotAnObject($"CAST({doc} AS JSON)", "record")} END " +
            $"AS {SqlText.Identifier(RawInput.Error)} FROM {scratch})";
        return new RawInput(relation, RawFamily.Json, new Dictionary<string, string>()) { DropTables = [scratch] };
    }

    public void Dispose() => appender.Dispose();
}
