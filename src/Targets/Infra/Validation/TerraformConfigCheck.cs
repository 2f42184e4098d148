using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pulse.Targets.Infra.Validation;

/// <summary>
/// The checks <c>terraform validate</c> cannot make offline (it needs the providers downloaded),
/// made on a Terraform JSON configuration (main.tf.json or CDKTF's cdk.tf.json): every reference in
/// every <c>${…}</c> and every <c>depends_on</c> names a declared variable, resource or data source;
/// every resource and data source has its provider configured; secrets only enter as sensitive
/// variables without defaults or as secret-manager data sources, never as literal values.
/// </summary>
public static partial class TerraformConfigCheck
{
    /// <summary>Attributes that must carry a reference, never literal text.</summary>
    [GeneratedRegex("(^|_)(password|secret|token|api_key|client_key|private_key)($|_)")]
    private static partial Regex SecretAttribute();

    [GeneratedRegex("(^|_)(password|secret|token|api_key)($|_)")]
    private static partial Regex SecretVariable();

    private static readonly HashSet<string> BuiltInRoots = ["path", "terraform", "count", "each", "self"];

    public static IReadOnlyList<string> Check(string json)
    {
        var problems = new List<string>();
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;

        var declared = new HashSet<string>(StringComparer.Ordinal);
        var sensitiveVariables = new HashSet<string>(StringComparer.Ordinal);
        if (root.TryGetProperty("variable", out var variables))
            foreach (var variable in Members(variables))
            {
                declared.Add("var." + variable.Name);
                var sensitive = variable.Value.TryGetProperty("sensitive", out var s) && s.ValueKind == JsonValueKind.True;
                if (sensitive) sensitiveVariables.Add(variable.Name);
                if (SecretVariable().IsMatch(variable.Name) && !sensitive)
                    problems.Add($"variable {variable.Name} looks like a secret but is not sensitive");
                if (sensitive && variable.Value.TryGetProperty("default", out _))
                    problems.Add($"sensitive variable {variable.Name} has a default value");
            }
        foreach (var (section, prefix) in new[] { ("resource", ""), ("data", "data.") })
            if (root.TryGetProperty(section, out var blocks))
                foreach (var type in Members(blocks))
                foreach (var block in Members(type.Value))
                    declared.Add($"{prefix}{type.Name}.{block.Name}");

        var providers = new HashSet<string>(StringComparer.Ordinal);
        if (root.TryGetProperty("provider", out var providerSection))
            foreach (var provider in Members(providerSection)) providers.Add(provider.Name);
        foreach (var address in declared.Where(a => !a.StartsWith("var.", StringComparison.Ordinal)))
        {
            var type = address.StartsWith("data.", StringComparison.Ordinal) ? address.Split('.')[1] : address.Split('.')[0];
            var provider = type.Split('_')[0];
            if (!providers.Contains(provider)) problems.Add($"{address}: no provider block for '{provider}'");
        }

        foreach (var section in new[] { "provider", "resource", "data", "output", "variable" })
        {
            if (!root.TryGetProperty(section, out var element)) continue;
            Walk(element, section, null, (path, key, text) =>
            {
                foreach (var expression in Interpolations(text, out var error))
                foreach (var reference in References(expression))
                    if (!declared.Contains(reference))
                        problems.Add($"{path}: ${{{expression}}} refers to undeclared {reference}");
                // A data source's attributes name what it reads (a secret's name), they are not values.
                if (section != "data" && key is not null && SecretAttribute().IsMatch(key) && !IsSingleReference(text))
                    problems.Add($"{path}: secret attribute '{key}' holds a literal value");
                if (key == "depends_on" && !declared.Contains(text))
                    problems.Add($"{path}: depends_on names undeclared {text}");
            });
        }
        // Every interpolation must be well formed.
        Walk(root, "", null, (path, _, text) =>
        {
            Interpolations(text, out var error);
            if (error is not null) problems.Add($"{path}: {error}");
        });
        return problems;
    }

    /// <summary>Calls <paramref name="visit"/> for every string (and object key) with its path and owning attribute name.</summary>
    private static void Walk(JsonElement element, string path, string? key, Action<string, string?, string> visit)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    if (member.Name == "//") continue;   // CDKTF metadata and comments
                    visit($"{path}.{member.Name}", null, member.Name);
                    Walk(member.Value, $"{path}.{member.Name}", member.Name, visit);
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray()) Walk(item, $"{path}[{index++}]", key, visit);
                break;
            case JsonValueKind.String:
                visit(path, key, element.GetString()!);
                break;
        }
    }

    private static IEnumerable<(string Name, JsonElement Value)> Members(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
            ? element.EnumerateObject().Where(m => m.Name != "//").Select(m => (m.Name, m.Value))
            : [];

    private static bool IsSingleReference(string text)
    {
        var expressions = Interpolations(text, out _);
        return expressions.Count == 1 && text.StartsWith("${", StringComparison.Ordinal) && text.EndsWith('}')
               && text.Length == expressions[0].Length + 3;
    }

    /// <summary>The expressions of the <c>${…}</c> sequences of a template; <c>$${</c> is a literal.</summary>
    public static List<string> Interpolations(string text, out string? error)
    {
        error = null;
        var result = new List<string>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '$' && text[i] != '%') continue;
            if (i + 1 < text.Length && text[i + 1] == text[i] && i + 2 < text.Length && text[i + 2] == '{') { i += 2; continue; }
            if (i + 1 >= text.Length || text[i + 1] != '{') continue;
            if (text[i] == '%') { error = $"template directive at offset {i} in \"{text}\""; continue; }
            var end = ExpressionEnd(text, i + 2);
            if (end < 0) { error = $"unterminated interpolation in \"{text}\""; break; }
            result.Add(text[(i + 2)..end]);
            i = end;
        }
        return result;
    }

    /// <summary>The index of the closing brace, skipping quoted strings and nested braces.</summary>
    private static int ExpressionEnd(string text, int start)
    {
        var depth = 0;
        for (var i = start; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '"':
                    for (i++; i < text.Length && text[i] != '"'; i++) if (text[i] == '\\') i++;
                    break;
                case '{': depth++; break;
                case '}':
                    if (depth == 0) return i;
                    depth--;
                    break;
            }
        }
        return -1;
    }

    /// <summary>var.x, data.t.n and t.n references in an expression (function names and string contents excluded).</summary>
    public static IEnumerable<string> References(string expression)
    {
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (c == '"')
            {
                for (i++; i < expression.Length && expression[i] != '"'; i++) if (expression[i] == '\\') i++;
                i++;
                continue;
            }
            if (!char.IsAsciiLetter(c) && c != '_') { i++; continue; }
            var parts = new List<string>();
            var builder = new StringBuilder();
            while (i < expression.Length)
            {
                var ch = expression[i];
                if (char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-') { builder.Append(ch); i++; }
                else if (ch == '.') { parts.Add(builder.ToString()); builder.Clear(); i++; }
                else break;
            }
            parts.Add(builder.ToString());
            var isCall = i < expression.Length && expression[i] == '(';
            if (isCall || parts.Count < 2 || BuiltInRoots.Contains(parts[0])) continue;
            if (parts[0] == "var") yield return "var." + parts[1];
            else if (parts[0] == "data") yield return parts.Count >= 3 ? $"data.{parts[1]}.{parts[2]}" : "data." + parts[1];
            else if (parts[0] == "local") yield return "local." + parts[1];
            else yield return $"{parts[0]}.{parts[1]}";
        }
    }
}
