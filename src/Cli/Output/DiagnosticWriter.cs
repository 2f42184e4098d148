using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pulse.Language.Diagnostics;

namespace Pulse.Cli.Output;

/// <summary>Writes diagnostics in each format of <see cref="DiagnosticFormat"/>. Positions are 1-based everywhere.</summary>
public static class DiagnosticWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(IReadOnlyList<Diagnostic> diagnostics, DiagnosticFormat format, TextWriter output, string toolVersion)
    {
        switch (format)
        {
            case DiagnosticFormat.MsBuild:
                foreach (var diagnostic in diagnostics) output.WriteLine(diagnostic.ToString());
                break;
            case DiagnosticFormat.Json:
                output.WriteLine(new JsonArray(diagnostics.Select(ToJson).ToArray<JsonNode?>()).ToJsonString(Indented));
                break;
            case DiagnosticFormat.Sarif:
                output.WriteLine(ToSarif(diagnostics, toolVersion).ToJsonString(Indented));
                break;
            case DiagnosticFormat.Github:
                foreach (var diagnostic in diagnostics) output.WriteLine(ToGithub(diagnostic));
                break;
        }
    }

    private static JsonObject ToJson(Diagnostic d) => new()
    {
        ["file"] = d.Source.Path,
        ["line"] = d.Start.Line + 1,
        ["column"] = d.Start.Character + 1,
        ["endLine"] = d.End.Line + 1,
        ["endColumn"] = d.End.Character + 1,
        ["severity"] = d.Severity.ToString().ToLowerInvariant(),
        ["code"] = d.Code,
        ["message"] = d.Message,
        ["hint"] = d.Hint,
    };

    private static JsonObject ToSarif(IReadOnlyList<Diagnostic> diagnostics, string toolVersion)
    {
        var rules = diagnostics.Select(d => d.Code).Distinct().Order(StringComparer.Ordinal)
            .Select(code => (JsonNode?)new JsonObject
            {
                ["id"] = code,
                ["helpUri"] = $"https://github.com/pulse-lang/CloudPulse/blob/main/docs/diagnostics.md#{code.ToLowerInvariant()}",
            }).ToArray();
        var results = diagnostics.Select(d => (JsonNode?)new JsonObject
        {
            ["ruleId"] = d.Code,
            ["level"] = d.Severity switch { DiagnosticSeverity.Error => "error", DiagnosticSeverity.Warning => "warning", _ => "note" },
            ["message"] = new JsonObject { ["text"] = d.Hint is null ? d.Message : $"{d.Message} Hint: {d.Hint}" },
            ["locations"] = new JsonArray(new JsonObject
            {
                ["physicalLocation"] = new JsonObject
                {
                    ["artifactLocation"] = new JsonObject { ["uri"] = ToUri(d.Source.Path) },
                    ["region"] = new JsonObject
                    {
                        ["startLine"] = d.Start.Line + 1,
                        ["startColumn"] = d.Start.Character + 1,
                        ["endLine"] = d.End.Line + 1,
                        ["endColumn"] = d.End.Character + 1,
                    },
                },
            }),
        }).ToArray();
        return new JsonObject
        {
            ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject
                {
                    ["driver"] = new JsonObject
                    {
                        ["name"] = "pulse",
                        ["version"] = toolVersion,
                        ["informationUri"] = "https://github.com/pulse-lang/CloudPulse",
                        ["rules"] = new JsonArray(rules),
                    },
                },
                ["results"] = new JsonArray(results),
            }),
        };
    }

    /// <summary>SARIF wants URIs: relative paths with forward slashes stay relative; rooted ones become file URIs.</summary>
    private static string ToUri(string path) =>
        Path.IsPathRooted(path) ? new Uri(path).AbsoluteUri : path.Replace('\\', '/');

    /// <summary>
    /// A workflow command. GitHub requires %, CR and LF escaped in the message, and additionally
    /// ':' and ',' in property values.
    /// </summary>
    private static string ToGithub(Diagnostic d)
    {
        var command = d.Severity switch { DiagnosticSeverity.Error => "error", DiagnosticSeverity.Warning => "warning", _ => "notice" };
        var message = d.Hint is null ? d.Message : $"{d.Message} (hint: {d.Hint})";
        return $"::{command} file={Property(d.Source.Path)},line={d.Start.Line + 1},col={d.Start.Character + 1}," +
               $"endLine={d.End.Line + 1},endColumn={d.End.Character + 1},title={Property(d.Code)}::{Data(message)}";
    }

    private static string Data(string text) => text.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");

    private static string Property(string text) => Data(text).Replace(":", "%3A").Replace(",", "%2C");
}
