using Pulse.Targets.Infra.Cdktf;
using Pulse.Targets.Infra.Emit;
using Pulse.Targets.Infra.Build;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Infra;

/// <summary>The bindings script and the C# side agree on versions and on the cache folder.</summary>
public class BindingsScriptTests
{
    [Fact]
    public void The_script_and_CdktfVersions_compute_the_same_feed_folder()
    {
        var cache = Directory.CreateTempSubdirectory("pulse-cache-").FullName;
        try
        {
            var result = InfraTestSupport.Run("bash", "scripts/cdktf-bindings.sh --print-feed", InfraTestSupport.RepoRoot,
                TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["PULSE_CACHE"] = cache });
            Assert.True(result.ExitCode == 0, result.Output);
            Assert.Equal(Path.Combine(cache, $"cdktf-{CdktfVersions.Hash}", "feed"), result.Output.Trim());
            Assert.False(Directory.Exists(Path.Combine(cache, $"cdktf-{CdktfVersions.Hash}")));   // --print-feed does no work
        }
        finally { Directory.Delete(cache, recursive: true); }
    }

    [Fact]
    public void An_unknown_provider_is_refused_before_any_work()
    {
        var cache = Directory.CreateTempSubdirectory("pulse-cache-").FullName;
        try
        {
            var result = InfraTestSupport.Run("bash", "scripts/cdktf-bindings.sh aws", InfraTestSupport.RepoRoot,
                TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["PULSE_CACHE"] = cache });
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("unknown provider 'aws'", result.Output);
            Assert.Empty(Directory.GetFileSystemEntries(cache));
        }
        finally { Directory.Delete(cache, recursive: true); }
    }

    [Fact]
    public void The_generated_project_pins_every_binding_it_uses_at_its_exact_version()
    {
        var stack = InfraStackBuilder.Build(InfraFixtures.WorldHunger(), InfraFixtures.WorldHunger().Deployments[0]);
        var project = CdktfProjectFiles.Project(stack);
        Assert.Contains($"<PackageReference Include=\"HashiCorp.Cdktf\" Version=\"[{CdktfVersions.Cdktf}]\" />", project);
        Assert.Contains($"<PackageReference Include=\"HashiCorp.Cdktf.Providers.Azurerm\" Version=\"[{CdktfVersions.ProviderAzurerm}]\" />", project);
        Assert.DoesNotContain("Providers.Google", project);
        Assert.Equal(["Constructs", "HashiCorp.Cdktf", "HashiCorp.Cdktf.Providers.Azurerm", "HashiCorp.Cdktf.Providers.Databricks",
            "HashiCorp.Cdktf.Providers.Helm", "HashiCorp.Cdktf.Providers.Kubernetes"], CdktfProjectFiles.Packages(stack));
    }
}
