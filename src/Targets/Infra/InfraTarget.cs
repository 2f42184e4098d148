using Pulse.Compiler.Ir;
using Pulse.Targets.Infra.Build;
using Pulse.Targets.Infra.Emit;
using Pulse.Targets.Infra.Model;
using Pulse.Targets.Monitoring;

namespace Pulse.Targets.Infra;

/// <summary>A file the infra target writes, relative to the build folder (build/).</summary>
public sealed record InfraFile(string RelativePath, string Content);

/// <summary>
/// The infra target: for every deploy block, <c>infra/&lt;environment&gt;/</c> with a CDKTF stack in C#
/// (cdktf/), the same stack as Terraform JSON (terraform/main.tf.json) and the monitoring files
/// (monitoring/). A pure function of the IR; files come out in a fixed order.
/// </summary>
public sealed class InfraTarget
{
    public const string Name = "infra";

    public IReadOnlyList<InfraFile> Emit(PipelineIr pipeline)
    {
        var files = new List<InfraFile>();
        foreach (var deploy in pipeline.Deployments.OrderBy(d => d.Environment, StringComparer.Ordinal))
        {
            var stack = InfraStackBuilder.Build(pipeline, deploy);
            var folder = $"infra/{EnvironmentFolder(deploy.Environment)}";
            var at = deploy.Origin.File.Length > 0 ? $" at {deploy.Origin}" : "";
            var origin = $"Pipeline {pipeline.Name}, deploy {deploy.Environment}{at}.";
            files.Add(new($"{folder}/cdktf/{CdktfProjectFiles.ProjectFileName}", CdktfProjectFiles.Project(stack)));
            files.Add(new($"{folder}/cdktf/Program.cs", CdktfStackEmitter.Emit(stack, origin)));
            files.Add(new($"{folder}/cdktf/cdktf.json", CdktfProjectFiles.CdktfJson(stack)));
            files.Add(new($"{folder}/cdktf/NuGet.config", CdktfProjectFiles.NuGetConfig()));
            files.Add(new($"{folder}/cdktf/Directory.Build.props", CdktfProjectFiles.DirectoryBuildProps()));
            files.Add(new($"{folder}/terraform/main.tf.json", TerraformJsonEmitter.Emit(stack, origin)));
            files.Add(new($"{folder}/monitoring/grafana-dashboard.json", GrafanaDashboard.Emit(pipeline)));
            files.Add(new($"{folder}/monitoring/prometheus-rules.yaml", PrometheusRules.Emit(pipeline)));
        }
        return files;
    }

    /// <summary>An environment name as a folder name: a DNS label, so no spec name can leave build/infra/.</summary>
    public static string EnvironmentFolder(string environment) => TfNames.DnsLabel(environment);
}
