using System.Text;
using Pulse.Compiler.Ir;
using Pulse.Targets.Common;

namespace Pulse.Targets.Elasticsearch;

/// <summary>Elasticsearch naming rules: index names are validated, Pulse-derived names are sanitised.</summary>
public static class EsNames
{
    private const string Forbidden = "\\/*?\"<>| ,#:";

    /// <summary>Index (and alias) names as Elasticsearch accepts them; anything else is a PULSE4201 error.</summary>
    public static string RequireValidIndex(string index, Origin origin)
    {
        string? why = null;
        if (index.Length == 0) why = "it is empty";
        else if (index is "." or "..") why = "'.' and '..' are reserved";
        else if (index != index.ToLowerInvariant()) why = "it must be lower case";
        else if (index[0] is '-' or '_' or '+') why = "it must not start with '-', '_' or '+'";
        else if (index.IndexOfAny(Forbidden.ToCharArray()) is var at && at >= 0) why = $"it contains '{index[at]}'";
        else if (index.Any(char.IsControl)) why = "it contains a control character";
        else if (Encoding.UTF8.GetByteCount(index) > 200) why = "it is longer than 200 bytes (Pulse adds rollover suffixes)";
        if (why is not null) throw TargetErrors.ElasticsearchInvalidIndex(origin, index, why);
        return index;
    }

    /// <summary>Template, policy and pipeline ids: lower-case ASCII letters, digits, '-' and '_' only.</summary>
    public static string Id(string pipeline, string index)
    {
        var text = new StringBuilder("pulse-");
        foreach (var c in $"{pipeline}-{index}".ToLowerInvariant())
            text.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' ? c : '_');
        return text.ToString();
    }
}
