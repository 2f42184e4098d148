using System.Text.RegularExpressions;
using Pulse.Compiler.Ir;
using Pulse.Targets.Common;

namespace Pulse.Targets.Infra;

/// <summary>
/// Deploy settings the clouds would only reject at <c>terraform apply</c>, minutes into a
/// deployment: rejected at compile time instead, with the spec location (PULSE44xx).
/// </summary>
public static partial class InfraLimits
{
    [GeneratedRegex(@"^(B|GP|MO)_Standard_[A-Za-z0-9_]+$")]
    private static partial Regex AzurePostgresSku();

    [GeneratedRegex(@"^db-[a-z0-9-]+$")]
    private static partial Regex GcpSqlTier();

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$")]
    private static partial Regex KubernetesQuantity();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentVariableName();

    public static void Check(PipelineIr pipeline, DeployIr deploy)
    {
        // The stack hands env("NAME") settings to the workloads as environment variables.
        foreach (var connection in pipeline.Connections)
            foreach (var setting in connection.Settings.Values.OfType<EnvSetting>())
                if (!EnvironmentVariableName().IsMatch(setting.Variable))
                    throw EnvironmentVariable(connection.Origin, connection.Name, setting.Variable);
        if (deploy.Postgres is { } postgres)
        {
            var valid = deploy.Cloud == Cloud.Azure ? AzurePostgresSku().IsMatch(postgres.Tier) : GcpSqlTier().IsMatch(postgres.Tier);
            if (!valid) throw PostgresTier(deploy.Origin, deploy.Cloud, postgres.Tier);
        }
        if (deploy.Elasticsearch is { } elasticsearch && !KubernetesQuantity().IsMatch(elasticsearch.Memory))
            throw ElasticsearchMemory(deploy.Origin, elasticsearch.Memory);
    }

    public static TargetException PostgresTier(Origin origin, Cloud cloud, string tier) => new("PULSE4401", origin,
        $"'{tier}' is not a {(cloud == Cloud.Azure ? "Azure PostgreSQL flexible server SKU" : "Cloud SQL tier")}",
        cloud == Cloud.Azure
            ? "use a SKU name such as \"GP_Standard_D2s_v3\" (tier prefix B_, GP_ or MO_)"
            : "use a Cloud SQL tier such as \"db-custom-2-7680\" or \"db-g1-small\"");

    public static TargetException EnvironmentVariable(Origin origin, string connection, string variable) => new("PULSE4403", origin,
        $"connection '{connection}' reads env(\"{variable}\"), which is not an environment variable name a deployed workload can be given",
        "use letters, digits and '_', not starting with a digit, such as \"PULSE_PG_HOST\"");

    public static TargetException ElasticsearchMemory(Origin origin, string memory) => new("PULSE4402", origin,
        $"'{memory}' is not a Kubernetes memory quantity",
        "write a number with a unit, such as \"4Gi\" or \"8192Mi\"");
}
