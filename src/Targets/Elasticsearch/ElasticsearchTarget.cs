using Pulse.Compiler.Ir;
using Pulse.Targets.Common;

namespace Pulse.Targets.Elasticsearch;

/// <summary>
/// <c>elasticsearch/&lt;index&gt;/</c> per Elasticsearch sink (index template, ILM policy when the sink
/// has a retention, ingest pipeline, bootstrap index) and <c>elasticsearch/README.md</c>.
/// </summary>
public sealed class ElasticsearchTarget : ITarget
{
    public string Name => "elasticsearch";

    public IReadOnlyList<GeneratedFile> Emit(PipelineIr ir, TargetOptions options)
    {
        var models = EsModelParser.Parse(ir);
        if (models.IsEmpty) return [];
        var files = new List<GeneratedFile>();
        foreach (var model in models)
        {
            var folder = $"elasticsearch/{model.Alias}/";
            files.Add(new GeneratedFile(folder + "index-template.json", EsJsonEmitter.IndexTemplate(model)));
            if (model.PolicyName is not null) files.Add(new GeneratedFile(folder + "ilm-policy.json", EsJsonEmitter.LifecyclePolicy(model)));
            files.Add(new GeneratedFile(folder + "ingest-pipeline.json", EsJsonEmitter.IngestPipeline(model)));
            files.Add(new GeneratedFile(folder + "bootstrap-index.json", EsJsonEmitter.BootstrapIndex(model)));
        }
        files.Add(new GeneratedFile("elasticsearch/README.md", EsReadmeEmitter.Emit(ir.Name, models)));
        return files;
    }
}
