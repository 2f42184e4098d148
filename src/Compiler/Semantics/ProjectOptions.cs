using System.Collections.Immutable;
using System.Text.Json;
using Pulse.Language.Diagnostics;

namespace Pulse.Compiler.Semantics;

/// <summary>What a project's pulse.json may do to a code: make it an error, a warning, an info, or silence it.</summary>
public enum SeverityOverride { Error, Warning, Info, None }

/// <summary>
/// Project settings from an optional <c>pulse.json</c> next to the spec:
/// <c>{ "severity": { "PULSE5001": "error" | "warning" | "info" | "none" } }</c>. Only warnings and
/// infos can be changed: an error stays an error, because lowering relies on what errors rule out.
/// </summary>
public sealed record ProjectOptions(ImmutableDictionary<string, SeverityOverride> Severity)
{
    public const string FileName = "pulse.json";

    public static readonly ProjectOptions Default = new(ImmutableDictionary<string, SeverityOverride>.Empty);

    /// <summary>Parses pulse.json; on a problem returns the defaults and says what is wrong.</summary>
    public static ProjectOptions Parse(string json, out string? error)
    {
        error = null;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "the file must hold one JSON object";
                return Default;
            }
            var severity = ImmutableDictionary.CreateBuilder<string, SeverityOverride>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name != "severity")
                {
                    error = $"unknown setting \"{property.Name}\"";
                    return Default;
                }
                if (property.Value.ValueKind != JsonValueKind.Object)
                {
                    error = "\"severity\" must be an object of code to severity";
                    return Default;
                }
                foreach (var entry in property.Value.EnumerateObject())
                {
                    var code = entry.Name.ToUpperInvariant();
                    if (!System.Text.RegularExpressions.Regex.IsMatch(code, "^PULSE[0-9]{4}$"))
                    {
                        error = $"\"{entry.Name}\" is not a diagnostic code (PULSE####)";
                        return Default;
                    }
                    SeverityOverride? value = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString() switch
                    {
                        "error" => SeverityOverride.Error,
                        "warning" => SeverityOverride.Warning,
                        "info" => SeverityOverride.Info,
                        "none" => SeverityOverride.None,
                        _ => null,
                    } : null;
                    if (value is null)
                    {
                        error = $"the severity of {code} must be \"error\", \"warning\", \"info\" or \"none\"";
                        return Default;
                    }
                    severity[code] = value.Value;
                }
            }
            return new ProjectOptions(severity.ToImmutable());
        }
        catch (JsonException e)
        {
            error = $"invalid JSON ({e.Message.Split('.')[0]})";
            return Default;
        }
    }

    /// <summary>The diagnostic as the project wants it, or null when the project silences it.</summary>
    public Diagnostic? Apply(Diagnostic diagnostic)
    {
        if (diagnostic.Severity == DiagnosticSeverity.Error || !Severity.TryGetValue(diagnostic.Code, out var wanted)) return diagnostic;
        return wanted switch
        {
            SeverityOverride.None => null,
            SeverityOverride.Error => diagnostic with { Severity = DiagnosticSeverity.Error },
            SeverityOverride.Warning => diagnostic with { Severity = DiagnosticSeverity.Warning },
            _ => diagnostic with { Severity = DiagnosticSeverity.Info },
        };
    }
}
