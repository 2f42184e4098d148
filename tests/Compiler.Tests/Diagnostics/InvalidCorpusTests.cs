using System.Text.RegularExpressions;
using Pulse.Compiler.Semantics;
using Pulse.Compiler.Tests.Infrastructure;
using Pulse.Language.Text;

namespace Pulse.Compiler.Tests.Diagnostics;

/// <summary>
/// The invalid corpus: each tests/Compiler.Tests/Invalid/*.pulse states the diagnostics it must
/// produce as <c>// expect: PULSE1001 at 12:5</c> comments (line:column of the start, 1-based). The
/// check asserts exactly that multiset, warnings included: nothing missing, nothing extra.
/// </summary>
public partial class InvalidCorpusTests
{
    private const string Folder = "tests/Compiler.Tests/Invalid";

    [GeneratedRegex(@"//\s*expect:\s*(PULSE\d{4})\s+at\s+(\d+):(\d+)")]
    private static partial Regex ExpectPattern();

    public static TheoryData<string> Files => new(Directory.GetFiles(Repo.PathOf(Folder), "*.pulse").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    private static List<string> Expected(string text) =>
        ExpectPattern().Matches(text).Select(m => $"{m.Groups[1].Value} at {m.Groups[2].Value}:{m.Groups[3].Value}").Order(StringComparer.Ordinal).ToList();

    [Theory]
    [MemberData(nameof(Files))]
    public void File_produces_exactly_the_expected_diagnostics(string file)
    {
        var path = $"{Folder}/{file}";
        var text = File.ReadAllText(Repo.PathOf(path));
        var expected = Expected(text);
        Assert.NotEmpty(expected);
        var compilation = Compilation.Create([new SourceText(path, text)], new FileSystemSpecLoader(Repo.Root));
        var diagnostics = compilation.GetDiagnostics();
        var elsewhere = diagnostics.Where(d => d.Source.Path != path).ToList();
        Assert.True(elsewhere.Count == 0, "diagnostics in other files:\n" + string.Join("\n", elsewhere));
        var actual = diagnostics.Select(d => $"{d.Code} at {d.Start.Line + 1}:{d.Start.Character + 1}").Order(StringComparer.Ordinal).ToList();
        Assert.True(expected.SequenceEqual(actual),
            $"expected:\n  {string.Join("\n  ", expected)}\nactual:\n  {string.Join("\n  ", diagnostics.Select(d => d.ToString()))}");
    }

    [Fact]
    public void Corpus_has_at_least_forty_files() => Assert.True(Files.Count >= 40, $"only {Files.Count} files");

    /// <summary>Every binding, type, semantic, target-limit and warning code is exercised by some file (9xxx file/usage codes have unit tests).</summary>
    [Fact]
    public void Corpus_covers_every_binder_code()
    {
        var covered = Directory.GetFiles(Repo.PathOf(Folder), "*.pulse")
            .SelectMany(f => Expected(File.ReadAllText(f)))
            .Select(e => e[..9])
            .ToHashSet();
        var missing = DiagnosticCodes.All.Value.Select(e => e.Code)
            .Where(code => code[5] is '1' or '2' or '3' or '4' or '5')
            .Where(code => !covered.Contains(code))
            .ToList();
        Assert.True(missing.Count == 0, "codes no invalid file exercises: " + string.Join(", ", missing));
    }
}
