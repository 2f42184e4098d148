using System.Globalization;
using System.Text;

namespace Pulse.Targets.Monitoring;

/// <summary>PromQL text building: label values are escaped so no spec name can change a query.</summary>
public static class PromQl
{
    /// <summary>A PromQL double-quoted string literal.</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': builder.Append(@"\\"); break;
                case '"': builder.Append("\\\""); break;
                case '\n': builder.Append(@"\n"); break;
                case '\r': builder.Append(@"\r"); break;
                case '\t': builder.Append(@"\t"); break;
                default: builder.Append(c); break;
            }
        }
        return builder.Append('"').ToString();
    }

    /// <summary><c>metric{pipeline="p", k="v"}</c> with every value quoted.</summary>
    public static string Selector(string metric, string pipeline, params (string Label, string Value)[] labels)
    {
        var parts = new List<string> { $"pipeline={Quote(pipeline)}" };
        parts.AddRange(labels.Select(l => $"{l.Label}={Quote(l.Value)}"));
        return $"{metric}{{{string.Join(", ", parts)}}}";
    }

    public static string Seconds(TimeSpan span) => ((long)span.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
