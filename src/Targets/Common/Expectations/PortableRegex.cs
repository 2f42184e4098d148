namespace Pulse.Targets.Common.Expectations;

/// <summary>
/// Decides whether a .NET regular expression means the same in PostgreSQL (ARE) and in Java
/// (painless). Only the common core is accepted: literals, classes, anchors, groups, alternation and
/// quantifiers. Inline options, lookarounds, back-references and escapes whose meaning differs
/// between engines (e.g. <c>\b</c> is a backspace in PostgreSQL) are rejected.
/// </summary>
public static class PortableRegex
{
    private const string PortableEscapes = "dDsSwW.\\/^$|?*+()[]{}-nrt\"'";

    public static bool IsPortable(string pattern, out string reason)
    {
        reason = "";
        if (pattern.Contains("(?", StringComparison.Ordinal))
        {
            reason = "the regex uses inline options or lookarounds, which differ between engines";
            return false;
        }
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] != '\\') continue;
            if (i + 1 >= pattern.Length) { reason = "the regex ends with a lone backslash"; return false; }
            var next = pattern[i + 1];
            if (!PortableEscapes.Contains(next))
            {
                reason = $"the regex escape \\{next} means different things in different engines";
                return false;
            }
            i++;
        }
        return true;
    }
}
