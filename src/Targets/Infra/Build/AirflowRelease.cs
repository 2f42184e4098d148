using Pulse.Compiler.Ir;
using Pulse.Targets.Infra.Model;
using Pulse.Targets.Monitoring;
using static Pulse.Targets.Infra.Model.TfDynamic;

namespace Pulse.Targets.Infra.Build;

/// <summary>Airflow on Kubernetes: the official chart, reading the connection settings and secrets of the pulse namespace.</summary>
public sealed partial class InfraStackBuilder
{
    /// <summary>Airflow (the official chart, KubernetesExecutor) with the connection settings and secrets as environment.</summary>
    private void BuildAirflow(TfBlockInstance pulseNamespace)
    {
        var dagsRepository = _stack.Variable("airflow_dags_repository", TfVariableType.String,
            "Git repository (https) holding the generated Airflow DAGs (build/airflow).");
        var envFrom = new List<object?> { Obj(("configMapRef", Obj(("name", InfraPlan.EnvironmentConfigMap)))) };
        if (!_plan.Secrets.IsEmpty) envFrom.Add(Obj(("secretRef", Obj(("name", InfraPlan.SecretsName)))));
        HelmRelease("airflow", "airflow", ChartVersions.AirflowRepository, ChartVersions.AirflowChart, ChartVersions.Airflow,
            InfraPlan.PulseNamespace, pulseNamespace, Obj(
                ("executor", "KubernetesExecutor"),
                ("extraEnvFrom", YamlText(envFrom)),
                ("dags", Obj(("gitSync", Obj(("enabled", true), ("branch", "main"), ("subPath", "build/airflow")))))),
            a => a.Set("set", new TfBlockList("set", [new TfBlock(new TfAttributes()
                .Set("name", "dags.gitSync.repo")
                .Set("value", new TfVariableRef(dagsRepository)))])));
    }


    /// <summary>Airflow's chart takes extraEnvFrom as a YAML string; JSON is YAML.</summary>
    private static string YamlText(object value) => System.Text.Json.JsonSerializer.Serialize(value, ValuesJson);
}
