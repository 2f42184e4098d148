using Pulse.Targets.Infra.Cdktf;

namespace Pulse.Targets.Tests.Infra;

/// <summary>
/// The local NuGet feed of CDKTF bindings (scripts/cdktf-bindings.sh). Outside CI a test that needs
/// a missing binding is skipped with the command to run; under CI=true it is never skipped: the
/// first test that needs the feed runs the script (a no-op when the cache is complete), and a
/// binding that still is not there fails the test.
/// </summary>
internal static class CdktfBindings
{
    private static readonly Lazy<string> Ensured = new(EnsureForCi, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Feed => CdktfVersions.FeedDirectory();

    /// <summary>NuGet ids a stack of <paramref name="cloudProvider"/> (azurerm, google) needs.</summary>
    public static IReadOnlyList<string> Required(string cloudProvider) =>
    [
        "Constructs", "HashiCorp.Cdktf", "HashiCorp.Cdktf.Providers.Databricks", "HashiCorp.Cdktf.Providers.Helm",
        "HashiCorp.Cdktf.Providers.Kubernetes", "HashiCorp.Cdktf.Providers." + char.ToUpperInvariant(cloudProvider[0]) + cloudProvider[1..],
    ];

    public static IReadOnlyList<string> Missing(IEnumerable<string> nugetIds) =>
        nugetIds.Where(id => !File.Exists(Path.Combine(Feed, $"{id}.{CdktfVersions.NuGetVersion(id)}.nupkg"))).ToList();

    /// <summary>Under CI: runs the script once for every provider; returns its output (empty when nothing had to be done).</summary>
    public static string EnsureGenerated() => Ensured.Value;

    private static string EnsureForCi()
    {
        if (!InfraTestSupport.IsCi) return "";
        if (Missing(CdktfVersions.Packages.Select(p => p.NuGet)).Count == 0) return "";
        var result = InfraTestSupport.Run("bash", "scripts/cdktf-bindings.sh all", InfraTestSupport.RepoRoot, TimeSpan.FromMinutes(45));
        if (result.ExitCode != 0) throw new InvalidOperationException($"scripts/cdktf-bindings.sh all failed:\n{result.Output}");
        return result.Output;
    }
}

/// <summary>A fact that needs the CDKTF bindings of one cloud provider; skipped only outside CI.</summary>
public sealed class CdktfFactAttribute : FactAttribute
{
    public CdktfFactAttribute(params string[] cloudProviders)
    {
        var missing = CdktfBindings.Missing(cloudProviders.SelectMany(CdktfBindings.Required).Distinct());
        if (missing.Count > 0 && !InfraTestSupport.IsCi)
            Skip = $"CDKTF bindings missing from {CdktfBindings.Feed}: {string.Join(", ", missing)}. " +
                   $"Run: scripts/cdktf-bindings.sh {string.Join(' ', cloudProviders)} (or 'all'); under CI=true this test runs it and fails instead of skipping.";
    }
}
