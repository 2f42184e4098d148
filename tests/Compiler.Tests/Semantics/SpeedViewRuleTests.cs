using Pulse.Compiler.Tests.Infrastructure;
using Pulse.Language.Diagnostics;

namespace Pulse.Compiler.Tests.Semantics;

/// <summary>
/// The speed-view shapes the speed layer cannot run are refused by `pulse check` (code, span, message,
/// hint), and the shapes it runs are accepted. The runtime's planner keeps its own refusal as a defence;
/// Runtime.Tests (SpeedViewCheckerAgreementTests) proves every spec the checker accepts plans.
/// </summary>
public class SpeedViewRuleTests
{
    private const string Stream = """
        connection bus: kafka {
          brokers = env("BROKERS")
        }

        source clicks: kafka {
          connection = bus
          topic = "clicks"
          event_time = at
          schema {
            page: string
            user: string
            at: timestamp
            seen: timestamp
          }
        }

        speed view per_minute {
          from clicks
          window tumbling 1m on at
          group by page {
            n = count()
          }
        }

        speed view sessions {
          from clicks
          window session 30m on at
          group by user {
            n = count()
          }
        }

        """;

    /// <summary>The stream, the views, and a parquet sink for every view so nothing is unused.</summary>
    private static string Spec(string views)
    {
        var names = System.Text.RegularExpressions.Regex.Matches(Stream + views, @"speed view (\w+)").Select(m => m.Groups[1].Value);
        return Stream + views + string.Concat(names.Select(n => $"\nsink {n}_files: parquet {{\n  from = {n}\n  path = \"{n}\"\n}}\n"));
    }

    private static IReadOnlyList<Diagnostic> Check(string views) => Specs.Compile(Spec(views)).GetDiagnostics().ToList();

    private static void AssertOnly(string views, string code, string at, string message, string spanText)
    {
        var text = Spec(views);
        var diagnostic = Assert.Single(Specs.Compile(text).GetDiagnostics());
        Assert.Equal(code, diagnostic.Code);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(message, diagnostic.Message);
        Assert.False(string.IsNullOrWhiteSpace(diagnostic.Hint));
        // The marker is searched after the stream's own views (the spec's tail).
        Assert.Equal(text.IndexOf(at, Stream.Length, StringComparison.Ordinal), diagnostic.Span.Start);
        Assert.Equal(spanText, text.Substring(diagnostic.Span.Start, diagnostic.Span.Length));
    }

    [Fact]
    public void Grouping_twice_is_PULSE3034_at_the_second_group_by()
    {
        const string views = """
            speed view twice {
              from clicks
              window tumbling 1m on at
              group by page, user {
                n = count()
              }
              window tumbling 1h on window_end
              group by page {
                users = count()
              }
            }
            """;
        AssertOnly(views, "PULSE3034", "group by page {\n    users", "speed view `twice` groups twice; a speed view has at most one group by", "group");
    }

    [Fact]
    public void A_group_by_without_a_window_is_PULSE3035()
    {
        const string views = """
            speed view endless {
              from clicks
              group by page {
                n = count()
              }
            }
            """;
        AssertOnly(views, "PULSE3035", "group by page {\n    n = count()\n  }\n}", "the group by of speed view `endless` has no window, so its groups would never close", "group");
    }

    [Fact]
    public void A_window_separated_from_its_group_by_reports_both_the_dangling_window_and_the_windowless_group()
    {
        const string views = """
            speed view apart {
              from clicks
              window tumbling 1m on at
              where page != ""
              group by page {
                n = count()
              }
            }
            """;
        Assert.Equal(["PULSE3015", "PULSE3035"], Check(views).Select(d => d.Code).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_union_is_PULSE3004_in_a_speed_view()
    {
        const string views = """
            speed view both {
              from clicks
              union clicks
            }
            """;
        AssertOnly(views, "PULSE3004", "union clicks", "`union` is not allowed in a speed view", "union");
    }

    [Fact]
    public void A_union_with_a_batch_relation_is_one_error_not_two()
    {
        const string views = """
            speed view both {
              from clicks
              union per_minute_batch
            }

            batch view per_minute_batch {
              from clicks
              select page, user, at, seen
            }

            sink batch_files: parquet {
              from = per_minute_batch
              path = "b"
            }
            """;
        Assert.Equal(["PULSE3004"], Check(views).Select(d => d.Code));
    }

    [Fact]
    public void A_window_over_windows_on_a_computed_time_is_PULSE3036()
    {
        const string views = """
            speed view shifted {
              from per_minute
              derive later = window_end + 1h
              window tumbling 1h on later
              group by page {
                n = sum(n)
              }
            }
            """;
        AssertOnly(views, "PULSE3036", "later\n", "speed view `shifted` windows on `later`, but the rows of `per_minute` are windows, ordered by the watermark only through their bounds", "later");
        var hint = Assert.Single(Check(views)).Hint!;
        Assert.Contains("`window_end` or `window_start`", hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_window_over_sessions_on_their_start_is_PULSE3036_and_names_only_window_end()
    {
        const string views = """
            speed view by_start {
              from sessions
              window tumbling 1h on window_start
              group by user {
                n = sum(n)
              }
            }
            """;
        AssertOnly(views, "PULSE3036", "window_start\n", "speed view `by_start` windows on `window_start`, but the rows of `sessions` are windows, ordered by the watermark only through their bounds", "window_start");
        Assert.StartsWith("window on `window_end`, unchanged", Assert.Single(Check(views)).Hint!, StringComparison.Ordinal);
    }

    [Fact]
    public void Bounds_are_followed_through_a_speed_view_without_a_window()
    {
        // passthrough renames window_end to closed and drops window_start: only closed is ordered below it.
        const string views = """
            speed view passthrough {
              from per_minute
              where n > 1
              select page, n, closed = window_end, opened = window_start + 1m
            }

            speed view by_opened {
              from passthrough
              window tumbling 1h on opened
              group by page {
                n = sum(n)
              }
            }
            """;
        AssertOnly(views, "PULSE3036", "opened\n", "speed view `by_opened` windows on `opened`, but the rows of `passthrough` are windows, ordered by the watermark only through their bounds", "opened");
        Assert.StartsWith("window on `closed`, unchanged", Assert.Single(Check(views)).Hint!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("from per_minute\n  window tumbling 1h on window_end")]
    [InlineData("from per_minute\n  window hopping 1h every 10m on window_start")]
    [InlineData("from per_minute\n  select page, n, closed = window_end\n  window tumbling 1h on closed")]
    [InlineData("from per_minute\n  where n > 2\n  window session 1h on window_end")]
    [InlineData("from sessions\n  window tumbling 1h on window_end")]
    public void A_window_on_the_bounds_of_upstream_windows_is_accepted(string steps)
    {
        var views = $"speed view rollup {{\n  {steps}\n  group by {(steps.Contains("sessions", StringComparison.Ordinal) ? "user" : "page")} {{\n    total = sum(n)\n  }}\n}}\n";
        Assert.Empty(Check(views));
    }

    [Fact]
    public void Events_read_through_a_speed_view_without_a_window_may_be_windowed_on_any_time()
    {
        const string views = """
            speed view recent {
              from clicks
              where page != ""
            }

            speed view by_seen {
              from recent
              window tumbling 1h on seen
              group by page {
                n = count()
              }
            }
            """;
        Assert.Empty(Check(views));
    }
}
