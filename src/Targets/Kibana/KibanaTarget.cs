using Pulse.Compiler.Ir;
using Pulse.Targets.Common;

namespace Pulse.Targets.Kibana;

/// <summary><c>kibana/saved-objects.ndjson</c>: import with Kibana's saved objects API (<c>overwrite=true</c>).</summary>
public sealed class KibanaTarget : ITarget
{
    public string Name => "kibana";

    public IReadOnlyList<GeneratedFile> Emit(PipelineIr ir, TargetOptions options)
    {
        var model = KibanaModelParser.Parse(ir);
        return model.IsEmpty ? [] : [new GeneratedFile("kibana/saved-objects.ndjson", KibanaEmitter.Emit(model))];
    }
}
