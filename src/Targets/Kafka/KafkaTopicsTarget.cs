using Pulse.Compiler.Ir;
using Pulse.Targets.Common;

namespace Pulse.Targets.Kafka;

/// <summary><c>kafka/topics.json</c>: every topic the pipeline reads or writes, ready for provisioning.</summary>
public sealed class KafkaTopicsTarget : ITarget
{
    public string Name => "kafka-topics";

    public IReadOnlyList<GeneratedFile> Emit(PipelineIr ir, TargetOptions options)
    {
        var model = KafkaTopicsParser.Parse(ir);
        return model.Topics.IsEmpty ? [] : [new GeneratedFile("kafka/topics.json", KafkaTopicsEmitter.Emit(model))];
    }
}
