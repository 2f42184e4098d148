using Pulse.Compiler.Ir;
using Pulse.Targets.Common;

namespace Pulse.Targets.Airflow;

/// <summary>The Airflow target: one DAG per pipeline, <c>airflow/&lt;pipeline&gt;_dag.py</c>.</summary>
public sealed class AirflowTarget : ITarget
{
    public string Name => "airflow";

    public IReadOnlyList<GeneratedFile> Emit(PipelineIr ir, TargetOptions options)
    {
        var dag = AirflowDagParser.Parse(ir);
        return [new GeneratedFile(AirflowDagEmitter.FileName(dag), AirflowDagEmitter.Emit(dag))];
    }
}
