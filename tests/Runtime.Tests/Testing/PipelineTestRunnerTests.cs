using Pulse.Compiler.Ir;
using Pulse.Runtime.Testing;
using Pulse.Runtime.Tests.Fixtures;

namespace Pulse.Runtime.Tests.Testing;

/// <summary>The spec's <c>test</c> blocks run on the embedded engine: examples pass, wrong expectations fail with a diff.</summary>
public class PipelineTestRunnerTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("world-hunger.pulse", "disaster_decades_add_up")]
    [InlineData("world-hunger.pulse", "live_prices_window")]
    [InlineData("orders.pulse", "refunds_are_netted")]
    [InlineData("clickstream.pulse", "sessions_split_after_idle")]
    public async Task Example_tests_pass(string example, string test)
    {
        var pipeline = Examples.Lower(example);
        var result = await PipelineTestRunner.RunAsync(pipeline, SpecWithTests.Test(pipeline, test), Now);
        Assert.True(result.Passed, TestReportText.Describe(result));
        Assert.Equal(SpecWithTests.Test(pipeline, test).Expected.Select(e => e.View), result.Outcomes.Select(o => o.View));
    }

    [Fact]
    public async Task A_wrong_expected_value_fails_with_both_values_of_the_column()
    {
        using var folder = new TempDir();
        var pipeline = SpecWithTests.Compile(folder, "orders.pulse", t => t.Replace("net_revenue: 10.00, orders: 2", "net_revenue: 11.00, orders: 2", StringComparison.Ordinal));
        var result = await PipelineTestRunner.RunAsync(pipeline, SpecWithTests.Test(pipeline, "refunds_are_netted"), Now);

        Assert.False(result.Passed);
        var outcome = Assert.Single(result.Outcomes);
        Assert.Equal("customer_revenue", outcome.View);
        Assert.Contains(new DiffCell("net_revenue", "11.00"), Assert.Single(outcome.Missing).Cells);
        Assert.Contains(new DiffCell("net_revenue", "10.00"), Assert.Single(outcome.Unexpected).Cells);
        var text = TestReportText.Describe(result);
        Assert.Contains("net_revenue: expected 11.00, actual 10.00", text);
        Assert.DoesNotContain("segment: expected", text);
    }

    [Fact]
    public async Task Given_rows_go_through_the_sources_cleaning_and_expectations()
    {
        using var folder = new TempDir();
        // USD fails euro_only, c2 fails known_customer (references customers), order 1 twice is deduped:
        // all three are quarantined or dropped exactly as in a run, leaving order 1 alone.
        var pipeline = SpecWithTests.Compile(folder, "orders.pulse", extraTests: """
            test cleaning_applies {
              given orders {
                { order_id: 1, customer_id: " c1 ", ordered_on: date("2024-03-02"), amount: 10.00, currency: "eur" }
                { order_id: 1, customer_id: "c1", ordered_on: date("2024-03-02"), amount: 70.00, currency: "EUR" }
                { order_id: 3, customer_id: "c1", ordered_on: date("2024-03-03"), amount: 99.00, currency: "USD" }
                { order_id: 4, customer_id: "c2", ordered_on: date("2024-03-04"), amount: 5.00, currency: "EUR" }
              }
              given customers {
                { customer_id: "c1", name: "Ada", email: null, segment: null, address: null, tags: null }
              }
              expect customer_revenue {
                { customer_id: "c1", segment: "consumer", month: timestamp("2024-03-01T00:00:00Z"), net_revenue: 10, orders: 1, largest: 10.00 }
              }
            }
            """);
        var result = await PipelineTestRunner.RunAsync(pipeline, SpecWithTests.Test(pipeline, "cleaning_applies"), Now);
        Assert.True(result.Passed, TestReportText.Describe(result));
    }

    [Fact]
    public async Task A_source_the_test_gives_nothing_is_empty()
    {
        using var folder = new TempDir();
        var pipeline = SpecWithTests.Compile(folder, "orders.pulse", extraTests: """
            test no_orders {
              given customers {
                { customer_id: "c1", name: "Ada", email: null, segment: "pro", address: null, tags: null }
              }
              expect customer_revenue {
                { customer_id: "c1", segment: "pro", month: timestamp("2024-03-01T00:00:00Z"), net_revenue: 0, orders: 0, largest: 0 }
              }
            }
            """);
        var result = await PipelineTestRunner.RunAsync(pipeline, SpecWithTests.Test(pipeline, "no_orders"), Now);
        var outcome = Assert.Single(result.Outcomes);
        Assert.False(outcome.Passed);
        Assert.Single(outcome.Missing);
        Assert.Empty(outcome.Unexpected);
        Assert.Null(outcome.Error);
    }

    [Fact]
    public async Task A_failing_expectation_on_given_rows_fails_the_test_with_the_runs_error()
    {
        using var folder = new TempDir();
        // gapminder requires 500..5000 rows: giving it two fails its row-count expectation, as a run would.
        var pipeline = SpecWithTests.Compile(folder, "world-hunger.pulse", extraTests: """
            test too_few_gapminder_rows {
              given gapminder {
                { country: "A", year: 2000, cluster: 1, pop: 1000, life_expect: 50.0, fertility: 5.0 }
              }
              expect cluster_trends {
                { cluster: 1, year: 2000, population: 1000, avg_life_expect: 50.0, avg_fertility: 5.0, countries: 1 }
              }
            }
            """);
        var result = await PipelineTestRunner.RunAsync(pipeline, SpecWithTests.Test(pipeline, "too_few_gapminder_rows"), Now);
        var outcome = Assert.Single(result.Outcomes);
        Assert.False(outcome.Passed);
        Assert.Contains("enough_rows", outcome.Error);
        Assert.Contains("enough_rows", TestReportText.Describe(result));
    }
}
