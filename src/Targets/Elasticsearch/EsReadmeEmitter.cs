using Pulse.Targets.Common;
using Pulse.Targets.Elasticsearch.Model;

namespace Pulse.Targets.Elasticsearch;

/// <summary><c>elasticsearch/README.md</c>: what each file is and the order to install them in.</summary>
public static class EsReadmeEmitter
{
    public static string Emit(string pipeline, IReadOnlyList<EsIndexModel> models)
    {
        var w = new SourceWriter();
        w.Header(CommentStyle.Markdown, pipeline, "Elasticsearch install notes");
        w.Line($"# Elasticsearch for `{pipeline}`");
        w.Line();
        w.Line("One folder per Elasticsearch sink. Install in this order (each step is idempotent except the");
        w.Line("bootstrap index, which fails harmlessly with `resource_already_exists_exception` once it exists):");
        w.Line();
        w.Line("1. `ingest-pipeline.json`: re-checks the spec's row expectations at ingest (`fail` rejects the");
        w.Line("   document so the writer quarantines it, `drop` discards it);");
        w.Line("2. `ilm-policy.json` (only with `retention`): roll over, delete whole indices after the retention;");
        w.Line("3. `index-template.json`: settings and the strict mapping for every backing index;");
        w.Line("4. `bootstrap-index.json`: the first backing index, which owns the write alias.");
        w.Line();
        w.Line("The pipeline reads and writes through the alias (the spec's index name), never a backing index.");
        w.Line("To reindex without downtime: create the next backing index, `_reindex` into it, then move the");
        w.Line("alias in one `_aliases` call (`remove` from the old index, `add` with `is_write_index: true`).");
        w.Line("Documents are upserted by id within the write index; after a rollover an older copy of a");
        w.Line("document can remain in a previous index until that index is deleted by the policy.");
        w.Line();
        w.Line("```sh");
        w.Line("ES_URL=${ES_URL:?set ES_URL}   # credentials: an API key from your secret manager, e.g.");
        w.Line("AUTH=\"Authorization: ApiKey ${ES_API_KEY:?set ES_API_KEY}\"");
        foreach (var model in models)
        {
            var folder = model.Alias;
            w.Line();
            w.Line($"# {SourceWriter.OneLine(model.Sink)} -> {SourceWriter.OneLine(model.Alias)}");
            Put(w, $"_ingest/pipeline/{Uri.EscapeDataString(model.IngestPipelineName)}", $"{folder}/ingest-pipeline.json");
            if (model.PolicyName is not null) Put(w, $"_ilm/policy/{Uri.EscapeDataString(model.PolicyName)}", $"{folder}/ilm-policy.json");
            Put(w, $"_index_template/{Uri.EscapeDataString(model.TemplateName)}", $"{folder}/index-template.json");
            Put(w, Uri.EscapeDataString(model.BootstrapIndex), $"{folder}/bootstrap-index.json");
        }
        w.Line("```");
        return w.ToString();
    }

    private static void Put(SourceWriter w, string path, string file) =>
        w.Line($"curl -fsS -X PUT -H \"$AUTH\" -H 'Content-Type: application/json' \"$ES_URL/{path}\" --data-binary '@{Shell(file)}'");

    /// <summary>File names come from index names, which are validated; still, keep anything odd out of the shell line.</summary>
    private static string Shell(string text) => text.Replace("'", "", StringComparison.Ordinal);
}
