using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Pulse.Targets.Infra.Model;

/// <summary>
/// Turns spec names (which may hold quotes, spaces, unicode or reserved words) into the restricted
/// names clouds and Terraform accept. A name that had to change gets a short hash of the original,
/// so two different spec names never collapse into one resource name.
/// </summary>
public static class TfNames
{
    /// <summary>A Terraform identifier (local names, variables, outputs): [a-z_][a-z0-9_]*.</summary>
    public static string Identifier(string name)
    {
        var clean = Collapse(name.ToLowerInvariant(), c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_', '_');
        if (clean.Length == 0 || char.IsDigit(clean[0])) clean = "n_" + clean;
        // Only a change beyond case and '-' → '_' needs the hash that keeps names apart.
        return clean == name.ToLowerInvariant().Replace('-', '_') ? clean : $"{clean.TrimEnd('_')}_{ShortHash(name)}";
    }

    /// <summary>A DNS-1123 label (Kubernetes names, cloud resource names): [a-z0-9-], starts and ends alphanumeric.</summary>
    public static string DnsLabel(string name, int maxLength = 63)
    {
        var clean = Collapse(name.ToLowerInvariant(), c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9'), '-').Trim('-');
        if (clean.Length == 0 || !char.IsAsciiLetter(clean[0])) clean = "p-" + clean;
        var changed = clean != name.ToLowerInvariant().Replace('_', '-');
        if (!changed && clean.Length <= maxLength) return clean;
        var hash = ShortHash(name);
        var head = clean[..Math.Min(clean.Length, maxLength - hash.Length - 1)].TrimEnd('-');
        return $"{head}-{hash}";
    }

    /// <summary>Lowercase letters and digits only (Azure storage accounts: 3-24 characters).</summary>
    public static string Alphanumeric(string name, int maxLength)
    {
        var clean = new string(name.ToLowerInvariant().Where(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9')).ToArray());
        var hash = ShortHash(name);
        var head = clean[..Math.Min(clean.Length, maxLength - hash.Length)];
        return head + hash;
    }

    /// <summary>A GCP label value: lowercase letters (any script), digits, '_' and '-', at most 63 characters.</summary>
    public static string LabelValue(string name)
    {
        var clean = Collapse(name.ToLowerInvariant(), c => char.IsLower(c) || char.IsDigit(c) || c is '_' or '-', '_');
        if (clean == name && clean.Length <= 63) return clean;
        var hash = ShortHash(name);
        return $"{clean[..Math.Min(clean.Length, 63 - hash.Length - 1)]}_{hash}";
    }

    /// <summary>An environment variable name: [A-Z0-9_], not starting with a digit.</summary>
    public static string EnvironmentVariable(string name)
    {
        var clean = Collapse(name.ToUpperInvariant(), c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_', '_');
        if (clean.Length == 0 || char.IsDigit(clean[0])) clean = "_" + clean;
        return clean;
    }

    /// <summary>Six hex digits of SHA-256: stable across runs and machines.</summary>
    public static string ShortHash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..6];

    private static string Collapse(string text, Func<char, bool> keep, char replacement)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var next = keep(c) ? c : replacement;
            if (next == replacement && builder.Length > 0 && builder[^1] == replacement) continue;
            builder.Append(next);
        }
        return builder.ToString();
    }

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
