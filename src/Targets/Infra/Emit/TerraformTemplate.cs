using System.Text;
using Pulse.Targets.Infra.Model;

namespace Pulse.Targets.Infra.Emit;

/// <summary>
/// Terraform template escaping and expression text, shared by both emitters: a literal string is
/// escaped so Terraform never reads <c>${…}</c> or <c>%{…}</c> in it as an interpolation or directive
/// (CDKTF passes literal strings through unchanged, so the C# stack escapes them the same way).
/// </summary>
public static class TerraformTemplate
{
    public static string EscapeLiteral(string text) => text.Replace("${", "$${").Replace("%{", "%%{");

    /// <summary>Human text (descriptions): a brace after $ or % is separated, so the text reads the same in any context.</summary>
    public static string Description(string text) => text.Replace("${", "$ {").Replace("%{", "% {");

    /// <summary>The HCL expression of a reference, call or literal, as it appears inside <c>${…}</c>.</summary>
    public static string Expression(TfValue value) => value switch
    {
        TfVariableRef v => $"var.{v.Variable.Name}",
        TfAttributeRef r => r.Target.Address + Path(r.Path),
        TfCall c => $"{FunctionName(c.Function)}({string.Join(", ", c.Arguments.Select(Expression))})",
        TfString s => QuoteHcl(s.Value),
        TfNumber n => TfNames.Invariant(n.Value),
        TfBool b => b.Value ? "true" : "false",
        _ => throw new NotSupportedException($"{value.GetType().Name} inside an expression"),
    };

    /// <summary>The template string of a value that is not a JSON scalar: <c>"${expr}"</c> or literal text with interpolations.</summary>
    public static string Template(TfValue value) => value switch
    {
        TfString s => EscapeLiteral(s.Value),
        TfInterpolation i => string.Concat(i.Parts.Select(p => p is TfString s ? EscapeLiteral(s.Value) : "${" + Expression(p) + "}")),
        _ => "${" + Expression(value) + "}",
    };

    public static string FunctionName(TfFunction function) => function switch
    {
        TfFunction.Base64Decode => "base64decode",
        _ => throw new NotSupportedException(function.ToString()),
    };

    private static string Path(IEnumerable<TfPathSegment> path)
    {
        var builder = new StringBuilder();
        foreach (var segment in path)
        {
            if (segment.Index is { } index) builder.Append('[').Append(index).Append(']');
            else builder.Append('.').Append(segment.Name).Append(segment.SingleBlock ? "[0]" : "");
        }
        return builder.ToString();
    }

    /// <summary>An HCL quoted string (inside an expression): escapes plus template escaping.</summary>
    private static string QuoteHcl(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in EscapeLiteral(text))
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append(@"\\"); break;
                case '\n': builder.Append(@"\n"); break;
                case '\r': builder.Append(@"\r"); break;
                case '\t': builder.Append(@"\t"); break;
                default:
                    if (char.IsControl(c)) builder.Append($"\\u{(int)c:x4}"); else builder.Append(c);
                    break;
            }
        }
        return builder.Append('"').ToString();
    }
}
