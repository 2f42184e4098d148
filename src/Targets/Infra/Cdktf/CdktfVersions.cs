using System.Security.Cryptography;
using System.Text;

namespace Pulse.Targets.Infra.Cdktf;

/// <summary>
/// The exact npm (= NuGet) versions of the CDKTF bindings the generated stacks reference. This file is
/// the single source of truth: <c>scripts/cdktf-bindings.sh</c> reads the <c>const</c> lines below with
/// sed, so keep each on one line as <c>public const string Name = "version";</c>.
/// </summary>
public static class CdktfVersions
{
    public const string Cdktf = "0.21.0";
    public const string Constructs = "10.4.2";
    public const string JsiiPacmak = "1.140.0";
    public const string ProviderAzurerm = "14.23.1";
    public const string ProviderGoogle = "16.12.1";
    public const string ProviderDatabricks = "15.16.1";
    public const string ProviderHelm = "12.1.2";
    public const string ProviderKubernetes = "12.1.1";

    /// <summary>The npm package of each binding, its NuGet id (from the package's jsii config) and its version, in a fixed order.</summary>
    public static readonly IReadOnlyList<(string Npm, string NuGet, string Version)> Packages =
    [
        ("constructs", "Constructs", Constructs),
        ("cdktf", "HashiCorp.Cdktf", Cdktf),
        ("@cdktf/provider-azurerm", "HashiCorp.Cdktf.Providers.Azurerm", ProviderAzurerm),
        ("@cdktf/provider-databricks", "HashiCorp.Cdktf.Providers.Databricks", ProviderDatabricks),
        ("@cdktf/provider-google", "HashiCorp.Cdktf.Providers.Google", ProviderGoogle),
        ("@cdktf/provider-helm", "HashiCorp.Cdktf.Providers.Helm", ProviderHelm),
        ("@cdktf/provider-kubernetes", "HashiCorp.Cdktf.Providers.Kubernetes", ProviderKubernetes),
    ];

    public static string NuGetVersion(string nugetId) =>
        Packages.First(p => p.NuGet == nugetId).Version;

    /// <summary>
    /// The cache key: the first 12 hex digits of SHA-256 over "npm@version\n" for every package plus
    /// jsii-pacmak. scripts/cdktf-bindings.sh computes the same string, so both agree on the folder.
    /// </summary>
    public static string Hash
    {
        get
        {
            var text = new StringBuilder();
            foreach (var (npm, _, version) in Packages) text.Append(npm).Append('@').Append(version).Append('\n');
            text.Append("jsii-pacmak@").Append(JsiiPacmak).Append('\n');
            var digest = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
            return Convert.ToHexStringLower(digest)[..12];
        }
    }

    /// <summary>The local NuGet feed folder the script fills: ${PULSE_CACHE:-$HOME/.cache/pulse}/cdktf-&lt;hash&gt;/feed.</summary>
    public static string FeedDirectory()
    {
        var cache = Environment.GetEnvironmentVariable("PULSE_CACHE");
        if (string.IsNullOrEmpty(cache))
            cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "pulse");
        return Path.Combine(cache, $"cdktf-{Hash}", "feed");
    }
}
