using Pulse.Compiler.Ir;
using Pulse.Compiler.Semantics;
using Pulse.Language.Diagnostics;
using Pulse.Language.Text;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Streaming;
using Pulse.Runtime.Streaming.Processing;
using Pulse.Runtime.Tests.Fixtures;
using Pulse.Runtime.Tests.StreamingFixtures;
using E = Pulse.Runtime.Tests.Fixtures.E;

namespace Pulse.Runtime.Tests.Streaming;

/// <summary>
/// `pulse check` and `pulse run` agree on speed views. (1) Every shape the planner refuses (PULSE9601) is
/// refused by the checker first, with its PULSE3xxx code: each refusal is built as IR (the planner refuses
/// it) and written as Pulse (the checker reports the code). (2) Thousands of generated speed views (every
/// sequence of up to three steps over five kinds of input): each one the checker accepts lowers and plans
/// without a refusal, and the rejected ones cover every speed rule.
/// </summary>
public class SpeedViewCheckerAgreementTests
{
    private static readonly DateTime Now = new(2024, 6, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Ten = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private const string Header = """
        connection bus: kafka {
          brokers = env("BROKERS")
        }

        source events: kafka {
          connection = bus
          topic = "events"
          event_time = ts
          schema {
            key: string
            amount: long
            ts: timestamp
            seen: timestamp
          }
        }

        source history: csv {
          path = "history.csv"
          schema {
            key: string
            amount: long
            ts: timestamp
            seen: timestamp
          }
        }

        /// Windows whose bounds are ordered, with ts renamed from window_end (a bound too).
        speed view tens {
          from events
          window tumbling 10m on ts
          group by key {
            amount = sum(amount)
          }
          select window_start, window_end, key, amount, ts = window_end, seen = window_start
        }

        /// Sessions: only window_end is ordered; ts is the session's start, which is not.
        speed view sess {
          from events
          window session 10m on ts
          group by key {
            amount = sum(amount)
          }
          select window_start, window_end, key, amount, ts = window_start, seen = window_end
        }

        /// Events, filtered: still events.
        speed view plain {
          from events
          where amount >= 0
        }

        batch view hist {
          from history
        }

        """;

    private static readonly string[] Upstreams = ["events", "tens", "sess", "plain", "hist"];

    private static readonly string[] Steps =
    [
        "where amount > 0",
        "derive t2 = ts + 1m",
        "window tumbling 1h on ts\n  group by key {\n    amount = sum(amount)\n  }",
        "window hopping 1h every 30m on seen\n  group by key {\n    amount = sum(amount)\n  }",
        "window tumbling 1h on window_end\n  group by key {\n    amount = sum(amount)\n  }",
        "window tumbling 1h on t2\n  group by key {\n    amount = sum(amount)\n  }",
        "group by key {\n    amount = sum(amount)\n  }",
        "union events",
        "order by key",
        "select key, amount, ts, seen",
    ];

    private static string Spec(string upstream, IEnumerable<string> steps)
    {
        var body = string.Join("\n  ", steps.Prepend($"from {upstream}"));
        var text = Header + $"speed view probe {{\n  {body}\n}}\n";
        foreach (var view in new[] { "tens", "sess", "plain", "probe", "hist" })
            text += $"\nsink {view}_files: parquet {{\n  from = {view}\n  path = \"{view}\"\n}}\n";
        return text;
    }

    private static IEnumerable<string[]> Sequences(int length) => length == 0
        ? [[]]
        : Sequences(length - 1).SelectMany(prefix => Steps.Select(step => (string[])[.. prefix, step]));

    [Fact]
    public void Every_generated_speed_view_the_checker_accepts_plans_and_every_speed_rule_is_hit()
    {
        var accepted = 0;
        var planned = new List<string>();
        var failures = new List<string>();
        var rejectedBy = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var upstream in Upstreams)
        foreach (var steps in Enumerable.Range(0, 4).SelectMany(Sequences))
        {
            var text = Spec(upstream, steps);
            var compilation = Compilation.Create([new SourceText("probe.pulse", text)]);
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                foreach (var code in errors.Select(e => e.Code).Distinct()) rejectedBy[code] = rejectedBy.GetValueOrDefault(code) + 1;
                continue;
            }
            accepted++;
            var pipeline = compilation.Lower("local");
            var source = pipeline.FindSource("events")!;
            try
            {
                var processor = new SourceProcessor(source, pipeline.Views.Where(v => v.Layer == ViewLayer.Speed), Now);
                if (processor.Views.Any(v => v.View.Name == "probe")) planned.Add(text);
            }
            catch (PulseRunException e)
            {
                if (failures.Count < 5) failures.Add($"{e.Error.Message}\n---\n{text[Header.Length..]}");
            }
        }
        Assert.True(failures.Count == 0, "accepted by pulse check, refused by the planner:\n" + string.Join("\n\n", failures));
        Assert.True(accepted > 100, $"only {accepted} accepted shapes");
        Assert.Equal(accepted, planned.Count);
        foreach (var code in new[] { "PULSE3004", "PULSE3006", "PULSE3034", "PULSE3035", "PULSE3036" })
            Assert.True(rejectedBy.GetValueOrDefault(code) > 0, $"no generated view was rejected with {code}; rejected by: {string.Join(", ", rejectedBy.Select(r => $"{r.Key}×{r.Value}"))}");
    }

    /// <summary>Every spec in the repository (examples, target and language test specs) with speed views that checks clean plans every one of them.</summary>
    [Fact]
    public void Every_spec_in_the_repository_that_checks_clean_plans_its_speed_views()
    {
        var specs = new[] { "pipelines", "tests", "bench" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Repo.Root, folder), "*.pulse", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(path => File.ReadAllText(path).Contains("speed view", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        var planned = new List<string>();
        foreach (var path in specs)
        {
            var compilation = Compilation.FromFile(path);
            if (compilation.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error)) continue;
            var pipeline = compilation.Lower(compilation.Environments.Contains("local") ? "local" : compilation.Environments.First());
            foreach (var group in pipeline.Views.Where(v => v.Layer == ViewLayer.Speed).GroupBy(v => v.Streaming!.Source))
            {
                var processor = new SourceProcessor(pipeline.FindSource(group.Key)!, group, Now);
                planned.AddRange(processor.Views.Select(v => $"{Path.GetFileName(path)}:{v.View.Name}"));
            }
        }
        // The examples' views, and the target tests' hostile specs (quoted names of every kind), all plan.
        Assert.Contains("world-hunger.pulse:live_food_prices", planned);
        Assert.Contains("clickstream.pulse:visits", planned);
        Assert.Contains("clickstream.pulse:trending_pages", planned);
        Assert.True(planned.Count >= 6, string.Join(", ", planned));
    }

    /// <summary>One of the planner's refusals: the IR it refuses, and the same view in Pulse with the code the checker reports.</summary>
    public sealed record Refusal(string Name, Func<SourceIr, ViewIr[]> Views, string Steps, string Code, string Reason);

    private static readonly Expr Key = E.Col("key", E.Text);
    private static readonly Expr Amount = E.Col("amount", E.N(E.Long));

    public static TheoryData<string> RefusalNames => new(Refusals.Select(r => r.Name));

    private static IEnumerable<Refusal> Refusals =>
    [
        new("groups twice",
            source => [StreamSpecs.Speed("probe", R.GroupBy(StreamSpecs.Windowed(source, R.Tumbling("ts", Ten)).Root, [("key", Key)], [R.Sum("total", E.Col("n", E.Long))], R.Tumbling("window_end", Hour)), source)],
            "window tumbling 10m on ts\n  group by key {\n    amount = sum(amount)\n  }\n  window tumbling 1h on window_end\n  group by key {\n    total = sum(amount)\n  }",
            "PULSE3034", "it groups twice"),
        new("group by without a window",
            source => [StreamSpecs.Speed("probe", R.GroupBy(R.Scan(source), [("key", Key)], [R.Sum("total", Amount)]), source)],
            "group by key {\n    total = sum(amount)\n  }",
            "PULSE3035", "its group by has no window"),
        new("union",
            source => [StreamSpecs.Speed("probe", R.Union(R.Scan(source), R.Scan(source)), source)],
            "union events",
            "PULSE3004", "a union step cannot run on a stream"),
        new("order by",
            source => [StreamSpecs.Speed("probe", R.OrderBy(R.Scan(source), (Key, false)), source)],
            "order by key",
            "PULSE3004", "a order by step cannot run on a stream"),
        new("limit",
            source => [StreamSpecs.Speed("probe", R.Limit(R.Scan(source), 5), source)],
            "limit 5",
            "PULSE3004", "a limit step cannot run on a stream"),
        new("join",
            source => [StreamSpecs.Speed("probe", R.Join(R.Scan(source), R.Scan(source), JoinKind.Inner, E.Boolean(true), [("key", JoinSide.Left, "key")]), source)],
            "join events as other using (key)",
            "PULSE3004", "a join step cannot run on a stream"),
        new("window over windows on a computed column",
            source =>
            {
                var tens = StreamSpecs.Windowed(source, R.Tumbling("ts", Ten));
                var shifted = R.Derive(R.ViewScan(tens), ("later", E.Call("date_trunc", E.Timestamp, E.Str("hour"), E.Col("window_start", E.Timestamp))));
                return [tens, StreamSpecs.Speed("probe", R.GroupBy(shifted, [("key", Key)], [R.Sum("total", E.Col("n", E.Long))], R.Tumbling("later", Hour)), source)];
            },
            "FROM:tens\n  derive later = date_trunc(\"hour\", window_start)\n  window tumbling 1h on later\n  group by key {\n    total = sum(amount)\n  }",
            "PULSE3036", "it windows on later, but the rows of totals are windows"),
        new("window over sessions on their start",
            source =>
            {
                var sessions = StreamSpecs.Windowed(source, R.Session("ts", Ten));
                return [sessions, StreamSpecs.Speed("probe", R.GroupBy(R.ViewScan(sessions), [("key", Key)], [R.Sum("total", E.Col("n", E.Long))], R.Tumbling("window_start", Hour)), source)];
            },
            "FROM:sess\n  window tumbling 1h on window_start\n  group by key {\n    total = sum(amount)\n  }",
            "PULSE3036", "it windows on window_start, but the rows of totals are windows"),
        new("reads a batch view",
            source => [StreamSpecs.Speed("probe", R.Where(R.ViewScan(R.Batch("hist", R.Scan(source))), E.Boolean(true)), source)],
            "FROM:hist\n  where amount > 0",
            "PULSE3006", "it reads the view hist, which is not a speed view of source events"),
    ];

    [Theory]
    [MemberData(nameof(RefusalNames))]
    public void A_shape_the_planner_refuses_is_refused_by_the_checker_first(string name)
    {
        var refusal = Refusals.Single(r => r.Name == name);
        var source = StreamSpecs.Events(TimeSpan.Zero, TimeSpan.Zero);
        var error = Assert.Throws<PulseRunException>(() => new SourceProcessor(source, refusal.Views(source), Now)).Error;
        Assert.Equal(SpeedCodes.UnsupportedView, error.Code);
        Assert.Contains(refusal.Reason, error.Message, StringComparison.Ordinal);

        var upstream = refusal.Steps.StartsWith("FROM:", StringComparison.Ordinal) ? refusal.Steps[5..refusal.Steps.IndexOf('\n', StringComparison.Ordinal)] : "events";
        var steps = refusal.Steps.StartsWith("FROM:", StringComparison.Ordinal) ? refusal.Steps[(refusal.Steps.IndexOf('\n', StringComparison.Ordinal) + 3)..] : refusal.Steps;
        var text = Spec(upstream, [steps]);
        var diagnostics = Compilation.Create([new SourceText("probe.pulse", text)]).GetDiagnostics();
        var diagnostic = Assert.Single(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(refusal.Code, diagnostic.Code);
        Assert.True(diagnostic.Start.Line + 1 > Header.Count(c => c == '\n'), $"{diagnostic} is not in the probe view");
        Assert.False(string.IsNullOrWhiteSpace(diagnostic.Hint));
    }
}
