namespace Pulse.Cli.Tests;

/// <summary><c>pulse test</c> end to end: the examples' tests pass; a wrong expectation fails with exit 1 and a diff.</summary>
public class TestCommandTests
{
    [Fact]
    public void The_examples_tests_all_pass()
    {
        var result = CliHarness.InRepo("test", "pipelines");
        Assert.True(result.Exit == 0, result.Out + result.Error);
        foreach (var test in new[] { "disaster_decades_add_up", "live_prices_window", "refunds_are_netted", "sessions_split_after_idle" })
            Assert.Contains($"PASS {test}\n", result.Out.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("FAIL", result.Out);
        Assert.EndsWith("4 passed, 0 failed", result.Out.TrimEnd());
    }

    [Fact]
    public void A_wrong_expected_value_fails_with_exit_1_and_a_diff_naming_the_column_and_both_values()
    {
        var folder = CliHarness.TempFolder();
        try
        {
            var spec = File.ReadAllText(Path.Combine(CliHarness.RepoRoot, "pipelines", "orders.pulse"));
            var wrong = spec.Replace("net_revenue: 10.00, orders: 2", "net_revenue: 11.00, orders: 2", StringComparison.Ordinal);
            Assert.NotEqual(spec, wrong);
            File.WriteAllText(Path.Combine(folder, "orders.pulse"), wrong);

            var result = CliHarness.Run(folder, "test", "orders.pulse");
            Assert.Equal(1, result.Exit);
            var output = result.Out.ReplaceLineEndings("\n");
            Assert.Contains("FAIL refunds_are_netted\n", output);
            Assert.Contains("view customer_revenue", output);
            Assert.Contains("net_revenue: expected 11.00, actual 10.00", output);
            Assert.Contains("expected but not produced:", output);
            Assert.Contains("produced but not expected:", output);
            Assert.EndsWith("0 passed, 1 failed", output.TrimEnd());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A serving test: the 11:00 window after the horizon comes from the speed layer, which left the late 11:20 event out.</summary>
    private const string ServingTest = """

        test serving_merges_both_layers {
          given food_prices {
            at timestamp("2024-06-01T10:05:00Z") { market: "Kano", country: "Nigeria", commodity: "maize", price_usd: 0.40, unit: "kg", observed_at: timestamp("2024-06-01T10:05:00Z") }
            at timestamp("2024-06-01T11:10:00Z") { market: "Kano", country: "Nigeria", commodity: "maize", price_usd: 0.60, unit: "kg", observed_at: timestamp("2024-06-01T11:10:00Z") }
            watermark timestamp("2024-06-01T13:00:00Z")
            at timestamp("2024-06-01T13:02:00Z") { market: "Kano", country: "Nigeria", commodity: "maize", price_usd: 2.00, unit: "kg", observed_at: timestamp("2024-06-01T11:20:00Z") }
          }
          expect food_prices_now {
            { market: "Kano", commodity: "maize", window_start: timestamp("2024-06-01T10:00:00Z"), window_end: timestamp("2024-06-01T11:00:00Z"), avg_price: 0.40, max_price: 0.40, observations: 1 }
            { market: "Kano", commodity: "maize", window_start: timestamp("2024-06-01T11:00:00Z"), window_end: timestamp("2024-06-01T12:00:00Z"), avg_price: 0.60, max_price: 0.60, observations: OBSERVED }
          }
        }
        """;

    [Theory]
    [InlineData("1", 0)]
    [InlineData("2", 1)]
    public void A_serving_view_test_merges_batch_and_speed_rows_and_a_wrong_row_fails_with_a_diff(string observations, int exit)
    {
        var folder = CliHarness.TempFolder();
        try
        {
            var spec = File.ReadAllText(Path.Combine(CliHarness.RepoRoot, "pipelines", "world-hunger.pulse"));
            File.WriteAllText(Path.Combine(folder, "world-hunger.pulse"), spec + ServingTest.Replace("OBSERVED", observations, StringComparison.Ordinal));

            var result = CliHarness.Run(folder, "test", "world-hunger.pulse", "--filter", "serving");
            var output = result.Out.ReplaceLineEndings("\n");
            Assert.True(result.Exit == exit, output + result.Error);
            if (exit == 0)
            {
                Assert.Contains("PASS serving_merges_both_layers\n", output);
                return;
            }
            Assert.Contains("FAIL serving_merges_both_layers\n", output);
            Assert.Contains("view food_prices_now", output);
            Assert.Contains("observations: expected 2, actual 1", output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Filter_runs_only_the_matching_tests()
    {
        var result = CliHarness.InRepo("test", "pipelines", "--filter", "live_prices");
        Assert.True(result.Exit == 0, result.Out + result.Error);
        Assert.Contains("PASS live_prices_window", result.Out);
        Assert.DoesNotContain("refunds_are_netted", result.Out);
        Assert.EndsWith("1 passed, 0 failed", result.Out.TrimEnd());
    }

    [Fact]
    public void An_unknown_option_is_a_usage_error()
    {
        var result = CliHarness.InRepo("test", "pipelines", "--bogus");
        Assert.Equal(2, result.Exit);
        Assert.Contains("pulse test:", result.Error);
    }

    [Fact]
    public void A_spec_with_errors_fails_with_its_diagnostics()
    {
        var folder = CliHarness.TempFolder();
        try
        {
            File.WriteAllText(Path.Combine(folder, "broken.pulse"), "pipeline broken {}\nbatch view v { from nowhere }\n");
            var result = CliHarness.Run(folder, "test", "broken.pulse");
            Assert.Equal(1, result.Exit);
            Assert.Contains("PULSE", result.Error);
            Assert.EndsWith("0 passed, 0 failed", result.Out.TrimEnd());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
