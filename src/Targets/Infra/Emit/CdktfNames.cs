using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Pulse.Targets.Infra.Emit;

/// <summary>
/// CDKTF's naming rules for the prebuilt providers' .NET bindings (jsii): Terraform snake_case
/// becomes PascalCase; a resource class drops the provider prefix (azurerm_resource_group →
/// ResourceGroup in namespace HashiCorp.Cdktf.Providers.Azurerm.ResourceGroup), a data source keeps
/// it behind "Data" (DataAzurermKeyVaultSecret), a nested block's class is the owner's class name
/// plus the block's name (KubernetesClusterDefaultNodePool).
/// </summary>
public static class CdktfNames
{
    public static string Pascal(string snake)
    {
        var builder = new StringBuilder(snake.Length);
        foreach (var part in snake.Split('_', StringSplitOptions.RemoveEmptyEntries))
            builder.Append(char.ToUpperInvariant(part[0])).Append(part.AsSpan(1));
        return builder.ToString();
    }

    public static string Camel(string snake)
    {
        var pascal = Pascal(snake);
        return pascal.Length == 0 ? "_" : char.ToLowerInvariant(pascal[0]) + pascal[1..];
    }

    /// <summary>A local variable name; a keyword gets the verbatim prefix.</summary>
    public static string Local(string snake)
    {
        var name = Camel(snake);
        if (char.IsDigit(name[0])) name = "_" + name;
        return SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None
            ? "@" + name
            : name;
    }

    public static string ProviderNamespace(string provider) => $"global::HashiCorp.Cdktf.Providers.{Pascal(provider)}";

    /// <summary>
    /// The fully qualified class of a resource or data source type (namespace and class share the
    /// name). C# forbids a member named like its class, so when an attribute has the class's name
    /// (kubernetes_manifest.manifest) jsii appends "_" to the class: Manifest_. The config class
    /// (ManifestConfig) and nested block classes keep the plain name.
    /// </summary>
    public static (string Class, string Stem) ResourceClass(string provider, string type, bool data, IEnumerable<string> attributes)
    {
        var stem = data ? "Data" + Pascal(type) : Pascal(type[(provider.Length + 1)..]);
        var clash = attributes.Any(a => Pascal(a) == stem);
        var prefix = $"{ProviderNamespace(provider)}.{stem}.";
        return (prefix + stem + (clash ? "_" : ""), prefix + stem);
    }

    public static string ProviderClass(string provider) => $"{ProviderNamespace(provider)}.Provider.{Pascal(provider)}Provider";
}
