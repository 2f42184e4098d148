using System.Diagnostics;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Semantics;
using Pulse.Compiler.Tests.Infrastructure;
using Pulse.Language.Diagnostics;
using Pulse.Language.Syntax;
using Pulse.Language.Text;

namespace Pulse.Compiler.Tests.Fuzz;

/// <summary>
/// Mutated examples (deleted ranges, inserted tokens, duplicated and swapped lines, renamed words)
/// go through the whole front end for about five seconds: checking, the semantic model's questions
/// and (when there are no errors) lowering must never throw. Seeded, so a failure is reproducible
/// from the printed seed and iteration.
/// </summary>
public class MutationFuzzTests
{
    private static readonly string[] Fragments =
    [
        "{", "}", "(", ")", "[", "]", ",", ".", ":", "=", "==", "??", "+", "-", "*", "/", "%", "?", "->", "\"", "`",
        "from", "join", "where", "group by", "select", "window", "tumbling", "1h", "retain", "late", "union", "as",
        "source", "view", "sink", "batch", "speed", "serving", "schema", "clean", "expect", "references", "row_count",
        "null", "true", "case", "when", "then", "else", "end", "sum(", "count()", "date(\"2024-01-01\")", "0.5", "99%",
        "x", "gapminder", "country", "year", "\n", " ",
    ];

    [Fact]
    public void Mutated_examples_never_crash_the_front_end()
    {
        var texts = Repo.Examples.Select(Repo.ExampleText).ToArray();
        const int seed = 20_240_601;
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        var iterations = 0;
        var lowered = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(5) || iterations < 20)
        {
            var text = texts[random.Next(texts.Length)];
            var mutations = random.Next(1, 4);
            for (var m = 0; m < mutations; m++) text = Mutate(text, random);
            try
            {
                lowered += Exercise(text, random) ? 1 : 0;
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {seed}, iteration {iterations}: {e}\n--- input ---\n{text}");
            }
            iterations++;
        }
        Assert.True(iterations >= 20, $"only {iterations} iterations");
        Assert.True(lowered > 0, "no mutation was clean enough to lower; the fuzzer is not reaching the lowering");
    }

    private static bool Exercise(string text, Random random)
    {
        var compilation = Compilation.Create([new SourceText("fuzz.pulse", text)]);
        var diagnostics = compilation.GetDiagnostics();
        foreach (var d in diagnostics) Assert.InRange(d.Span.End, 0, text.Length);
        var tree = compilation.SyntaxTrees[0];
        Assert.Equal(text, tree.Root.ToFullString());
        var model = compilation.GetSemanticModel(tree);
        for (var q = 0; q < 4; q++)
        {
            var position = random.Next(text.Length + 1);
            var symbol = model.GetSymbolAt(position);
            if (symbol is not null) model.FindReferences(symbol);
            model.GetVisibleSymbols(position);
            model.GetCompletionContext(position);
            if (tree.FindNode(position) is ExpressionSyntax expression) model.GetType(expression);
        }
        var edited = compilation.WithText("fuzz.pulse", text + "\n");
        edited.GetDiagnostics();
        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error)) return false;
        foreach (var environment in compilation.Environments) IrJson.Serialize(compilation.Lower(environment));
        return true;
    }

    private static string Mutate(string text, Random random)
    {
        if (text.Length == 0) return Fragments[random.Next(Fragments.Length)];
        var at = random.Next(text.Length);
        switch (random.Next(6))
        {
            case 0: // delete a short range
                return text.Remove(at, Math.Min(random.Next(1, 12), text.Length - at));
            case 1: // insert a token
                return text.Insert(at, " " + Fragments[random.Next(Fragments.Length)] + " ");
            case 2: // duplicate a line
            {
                var lines = text.Split('\n').ToList();
                var line = random.Next(lines.Count);
                lines.Insert(line, lines[line]);
                return string.Join('\n', lines);
            }
            case 3: // swap two lines
            {
                var lines = text.Split('\n');
                var a = random.Next(lines.Length);
                var b = random.Next(lines.Length);
                (lines[a], lines[b]) = (lines[b], lines[a]);
                return string.Join('\n', lines);
            }
            case 4: // replace one character
                return text.Remove(at, 1).Insert(at, ((char)random.Next(32, 127)).ToString());
            default: // a one-character change that keeps the shape: the kind of typo a person makes
                var letter = (char)('a' + random.Next(26));
                return char.IsLetter(text[at]) ? text.Remove(at, 1).Insert(at, letter.ToString()) : text;
        }
    }
}
