using System.Globalization;
using System.Text;

namespace Pulse.Targets.Spark;

/// <summary>How spec names appear inside Spark: as column references, and as path and project segments.</summary>
public static class SparkNames
{
    /// <summary>
    /// A column reference for <c>Functions.Col</c>: always backtick-quoted (a backtick inside is
    /// doubled), so names with dots, spaces or quotes are read as one column, never as a struct path.
    /// </summary>
    public static string Column(string name) => "`" + name.Replace("`", "``") + "`";

    /// <summary>
    /// A file-system and project-name safe slug: ASCII letters, digits, '_' and '-' are kept, every
    /// other character becomes <c>_HHHH</c> (its code point), so the mapping is deterministic and
    /// distinct names stay distinct in practice.
    /// </summary>
    public static string Slug(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            if (rune.IsAscii && (char.IsAsciiLetterOrDigit((char)rune.Value) || rune.Value is '_' or '-'))
                text.Append((char)rune.Value);
            else
                text.Append('_').Append(rune.Value.ToString("x4", CultureInfo.InvariantCulture));
        }
        return text.Length == 0 ? "_" : text.ToString();
    }

    /// <summary>The environment variable a <c>secret("name")</c> reference is read from at run time.</summary>
    public static string SecretVariable(string secretName)
    {
        var text = new StringBuilder("PULSE_SECRET_");
        foreach (var c in secretName)
            text.Append(char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_');
        return text.ToString();
    }
}
