using System.Diagnostics;
using System.Text;
using Pulse.Language.Syntax;
using Pulse.Language.Text;

namespace Pulse.Language.Tests;

/// <summary>
/// Hostile input, bounded in time (about half a second per open-ended test): the parser never throws, never hangs,
/// always round-trips, and keeps its diagnostics inside the text. Seeds are fixed, so a failure reproduces.
/// </summary>
public class FuzzTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(0.5);

    private static readonly string[] Words =
        "source sink view batch speed serving test given expect clean schema where from join group by case when then else end not in is null and or between".Split(' ');

    /// <summary>Parses with a watchdog (a hang fails the test instead of stalling the run) and checks the invariants.</summary>
    private static void AssertParsesSafely(string text, string label)
    {
        var task = Task.Run(() => SyntaxTree.Parse(new SourceText(label, text)));
        Assert.True(task.Wait(TimeSpan.FromSeconds(20)), $"parse of {label} did not finish");
        AssertInvariants(task.Result, text, label);
    }

    private static void AssertInvariants(SyntaxTree tree, string text, string label)
    {
        var printed = tree.Root.ToFullString();
        if (printed != text)
        {
            var at = 0;
            while (at < Math.Min(printed.Length, text.Length) && printed[at] == text[at]) at++;
            Assert.Fail($"{label}: round trip differs at offset {at} (lengths {text.Length} vs {printed.Length})");
        }
        Assert.DoesNotContain(tree.Diagnostics, d => d.Code == "PULSE0123"); // the internal-error fallback never triggers
        foreach (var diagnostic in tree.Diagnostics)
        {
            Assert.True(diagnostic.Span.Start >= 0 && diagnostic.Span.End <= text.Length, $"{label}: {diagnostic} outside the text");
        }
    }

    [Fact]
    public void Random_text()
    {
        var random = new Random(20240601);
        const string alphabet = "{}()[]<>,.:;=!+-*/%?@\"`\\ \t\r\n_#$&|^~'abcdefgxyz0123456789eEsmhdw";
        var watch = Stopwatch.StartNew();
        var count = 0;
        while (watch.Elapsed < Budget || count < 50)
        {
            var length = random.Next(0, 400);
            var builder = new StringBuilder(length);
            for (var i = 0; i < length; i++)
            {
                builder.Append(random.Next(10) switch
                {
                    0 => (char)random.Next(0, 0x10000), // anything, unpaired surrogates included
                    1 => Words[random.Next(Words.Length)] + " ",
                    _ => alphabet[random.Next(alphabet.Length)],
                });
            }
            AssertParsesSafely(builder.ToString(), $"random #{count}");
            count++;
        }
    }

    [Fact]
    public void Random_bytes_decoded_as_text()
    {
        var random = new Random(7);
        var watch = Stopwatch.StartNew();
        var count = 0;
        while (watch.Elapsed < Budget / 2 || count < 20)
        {
            var bytes = new byte[random.Next(0, 2000)];
            random.NextBytes(bytes);
            AssertParsesSafely(Encoding.UTF8.GetString(bytes), $"bytes #{count}");
            AssertParsesSafely(Encoding.Latin1.GetString(bytes), $"latin1 #{count}");
            count++;
        }
    }

    [Fact]
    public async Task Every_truncation_of_the_clickstream_example()
    {
        var text = File.ReadAllText(TestPaths.ExamplePath("clickstream"));
        // In parallel: the parser keeps its state per thread, and this is the largest fixed cost here.
        var all = Task.Run(() => Parallel.For(0, text.Length + 1, length =>
        {
            var prefix = text[..length];
            AssertInvariants(SyntaxTree.Parse(new SourceText($"clickstream[..{length}]", prefix)), prefix, $"clickstream[..{length}]");
        }));
        await all.WaitAsync(TimeSpan.FromSeconds(60)); // a hang fails with TimeoutException
    }

    [Fact]
    public void Truncations_of_the_other_examples_at_random_token_boundaries()
    {
        var random = new Random(31);
        var examples = TestPaths.ExampleFiles().Where(p => !p.EndsWith("clickstream.pulse", StringComparison.Ordinal))
            .Select(p => (Name: Path.GetFileName(p), Text: File.ReadAllText(p))).ToArray();
        var boundaries = examples.Select(e => SyntaxTree.Parse(e.Text).Tokens.Select(t => t.Span.Start).ToArray()).ToArray();
        var watch = Stopwatch.StartNew();
        var count = 0;
        while (watch.Elapsed < Budget || count < 30)
        {
            var which = random.Next(examples.Length);
            var cut = boundaries[which][random.Next(boundaries[which].Length)] + random.Next(0, 2);
            cut = Math.Min(cut, examples[which].Text.Length);
            AssertParsesSafely(examples[which].Text[..cut], $"{examples[which].Name}[..{cut}]");
            count++;
        }
    }

    [Fact]
    public void Token_deletions_insertions_and_swaps_in_examples()
    {
        var random = new Random(99);
        var examples = TestPaths.ExampleFiles().Select(File.ReadAllText).ToArray();
        var pieces = new[] { "{", "}", "(", ")", "[", "]", ",", ":", "=", "==", "->", "%", "99%", "5m", "\"", "`", "/*", "//", "///", "source", "view", "end", "case", "not", "x", "\n" };
        var watch = Stopwatch.StartNew();
        var count = 0;
        while (watch.Elapsed < Budget || count < 40)
        {
            var text = examples[random.Next(examples.Length)];
            var tokens = SyntaxTree.Parse(text).Tokens.Where(t => t.Span.Length > 0).ToArray();
            var builder = new StringBuilder(text);
            for (var edit = random.Next(1, 6); edit > 0; edit--)
            {
                var token = tokens[random.Next(tokens.Length)];
                var start = Math.Min(token.Span.Start, builder.Length);
                var length = Math.Min(token.Span.Length, builder.Length - start);
                switch (random.Next(3))
                {
                    case 0: builder.Remove(start, length); break;
                    case 1: builder.Insert(start, pieces[random.Next(pieces.Length)] + " "); break;
                    default:
                        var other = tokens[random.Next(tokens.Length)].Text;
                        builder.Remove(start, length).Insert(start, other);
                        break;
                }
            }
            AssertParsesSafely(builder.ToString(), $"mutation #{count}");
            count++;
        }
    }

    [Theory]
    [InlineData("(")]
    [InlineData("[")]
    [InlineData("{")]
    [InlineData("-")]
    [InlineData("not ")]
    [InlineData("case when ")]
    [InlineData("f(")]
    [InlineData("list<")]
    public void Ten_thousand_deep_nesting_in_any_context(string opener)
    {
        var text = "batch view v { where " + string.Concat(Enumerable.Repeat(opener, 10_000)) + "\n}\nsource s: csv { schema { a: " + string.Concat(Enumerable.Repeat(opener, 10_000)) + " } }";
        AssertParsesSafely(text, $"deep {opener}");
    }

    [Fact]
    public void One_megabyte_single_lines()
    {
        var sum = "batch view v { where " + string.Join(" + ", Enumerable.Repeat("a", 250_000)) + " }";
        Assert.True(sum.Length > 1_000_000);
        AssertParsesSafely(sum, "1 MB sum");
        var garbage = new string('x', 1_000_000);
        AssertParsesSafely(garbage, "1 MB identifier");
        var listText = "pipeline p { a = [" + string.Join(",", Enumerable.Repeat("1", 400_000)) + "] }";
        var tree = SyntaxTree.Parse(listText);
        Assert.Empty(tree.Diagnostics); // a long flat list is not nesting
        Assert.Equal(listText, tree.Root.ToFullString());
        AssertParsesSafely("source s: csv { " + string.Join(",", Enumerable.Repeat("a", 100_000)) + " }", "100k bad members on one line");
        AssertParsesSafely("batch view v { select " + string.Join(" ", Enumerable.Repeat("a b", 50_000)) + " }", "100k skipped tokens on one line");
        AssertParsesSafely(new string('"', 200_000), "200 KB of quotes");
        AssertParsesSafely("/*" + new string('*', 200_000), "200 KB unterminated comment");
    }
}
