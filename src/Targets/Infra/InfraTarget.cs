using Pulse.Compiler.Ir;
using Pulse.Targets.Common;
using Pulse.Targets.Infra.Build;
using Pulse.Targets.Infra.Emit;
using Pulse.Targets.Infra.Model;
using Pulse.Targets.Monitoring;

namespace Pulse.Targets.Infra;

/// <summary>
/// The infra target: for every deploy block, <c>infra/&lt;environment&gt;/</c> with a CDKTF stack in C#
/// (cdktf/), the same stack as Terraform JSON (terraform/main.tf.json) and the monitoring files
/// (monitoring/). A pure function of the IR; files come out in a fixed order.
/// </summary>
public sealed class InfraTarget : ITarget
{
    public string Name => "infra";

    public IReadOnlyList<GeneratedFile> Emit(PipelineIr ir, TargetOptions options)
    {
        var files = new List<GeneratedFile>();
        foreach (var deploy in DeploysFor(ir))
        {
            InfraLimits.Check(ir, deploy);
            var stack = InfraStackBuilder.Build(ir, deploy);
            var folder = $"infra/{EnvironmentFolder(deploy.Environment)}";
            // The file name only: an absolute path would make artifacts differ between machines.
            var at = deploy.Origin.File.Length > 0 ? $" at {Path.GetFileName(deploy.Origin.File)}({deploy.Origin.Line},{deploy.Origin.Column})" : "";
            var origin = $"Pipeline {ir.Name}, deploy {deploy.Environment}{at}.";
            files.Add(new($"{folder}/cdktf/{CdktfProjectFiles.ProjectFileName}", CdktfProjectFiles.Project(stack)));
            files.Add(new($"{folder}/cdktf/Program.cs", CdktfStackEmitter.Emit(stack, origin)));
            files.Add(new($"{folder}/cdktf/cdktf.json", CdktfProjectFiles.CdktfJson(stack)));
            files.Add(new($"{folder}/cdktf/NuGet.config", CdktfProjectFiles.NuGetConfig()));
            files.Add(new($"{folder}/cdktf/Directory.Build.props", CdktfProjectFiles.DirectoryBuildProps()));
            files.Add(new($"{folder}/terraform/main.tf.json", TerraformJsonEmitter.Emit(stack, origin)));
            files.Add(new($"{folder}/monitoring/grafana-dashboard.json", GrafanaDashboard.Emit(ir)));
            files.Add(new($"{folder}/monitoring/prometheus-rules.yaml", PrometheusRules.Emit(ir)));
        }
        return files;
    }

    /// <summary>
    /// The IR's connections are resolved for <see cref="PipelineIr.Environment"/>. When that
    /// environment has a deploy block, only its infrastructure is written, so each environment's
    /// connection overrides are honoured (compile once per environment). Otherwise (the default
    /// <c>local</c>) every deploy block is written from the shared connections.
    /// </summary>
    public static IEnumerable<DeployIr> DeploysFor(PipelineIr ir)
    {
        var own = ir.Deployments.Where(d => d.Environment == ir.Environment).ToList();
        return own.Count > 0 ? own : ir.Deployments.OrderBy(d => d.Environment, StringComparer.Ordinal);
    }

    /// <summary>An environment name as a folder name: a DNS label, so no spec name can leave build/infra/.</summary>
    public static string EnvironmentFolder(string environment) => TfNames.DnsLabel(environment);
}
