using System.Security.Cryptography;
using System.Text;

namespace Pulse.Targets.Kibana;

/// <summary>
/// RFC 4122 version-5 UUIDs (SHA-1 of a namespace and a name): the same name always gives the same
/// id, so re-importing saved objects overwrites them instead of piling up copies.
/// </summary>
public static class DeterministicUuid
{
    /// <summary>Pulse's namespace for Kibana saved objects (itself a v5 UUID of "pulse.kibana" in the URL namespace).</summary>
    public static readonly Guid PulseNamespace = Create(new Guid("6ba7b811-9dad-11d1-80b4-00c04fd430c8"), "pulse.kibana");

    public static Guid Create(Guid @namespace, string name)
    {
        var namespaceBytes = @namespace.ToByteArray(bigEndian: true);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var hash = SHA1.HashData([.. namespaceBytes, .. nameBytes]);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);   // version 5
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);   // RFC 4122 variant
        return new Guid(bytes, bigEndian: true);
    }

    public static string For(string name) => Create(PulseNamespace, name).ToString("D");
}
