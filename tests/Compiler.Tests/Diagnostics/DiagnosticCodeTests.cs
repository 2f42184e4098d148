using System.Text.RegularExpressions;
using Pulse.Compiler.Tests.Infrastructure;
using Pulse.Language.Diagnostics;

namespace Pulse.Compiler.Tests.Diagnostics;

/// <summary>The code registry: every code made by exactly one builder method, in its stage's range, and documented.</summary>
public class DiagnosticCodeTests
{
    [Fact]
    public void Every_code_is_made_by_exactly_one_method()
    {
        var duplicates = DiagnosticCodes.All.Value.GroupBy(e => e.Code).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Method))}").ToList();
        Assert.True(duplicates.Count == 0, string.Join("\n", duplicates));
    }

    [Fact]
    public void Codes_have_the_documented_shape_and_warning_range()
    {
        foreach (var entry in DiagnosticCodes.All.Value)
        {
            Assert.Matches(@"^PULSE\d{4}$", entry.Code);
            if (entry.Code.StartsWith("PULSE5", StringComparison.Ordinal))
                Assert.True(entry.Severity == DiagnosticSeverity.Warning, $"{entry.Code} is in the warning range but is {entry.Severity}");
            if (entry.Code[5] is '1' or '2' or '3' or '4')
                Assert.True(entry.Severity == DiagnosticSeverity.Error, $"{entry.Code} ({entry.Method}) should be an error");
            Assert.False(string.IsNullOrWhiteSpace(entry.Message));
        }
    }

    [Fact]
    public void Every_code_is_documented_in_docs_diagnostics_md()
    {
        var documented = Regex.Matches(File.ReadAllText(Repo.PathOf("docs/diagnostics.md")), @"^### (PULSE\d{4})", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).ToList();
        var codes = DiagnosticCodes.All.Value.Select(e => e.Code).ToList();
        var missing = codes.Except(documented).ToList();
        var stale = documented.Except(codes).ToList();
        Assert.True(missing.Count == 0, "codes missing from docs/diagnostics.md: " + string.Join(", ", missing));
        Assert.True(stale.Count == 0, "docs/diagnostics.md documents codes that no longer exist: " + string.Join(", ", stale));
        Assert.Equal(documented.Count, documented.Distinct().Count());
    }

    [Fact]
    public void The_registry_sees_the_syntax_codes_too() =>
        Assert.Contains(DiagnosticCodes.All.Value, e => e.Code == "PULSE0001");
}
