using Pulse.Compiler.Tests.Infrastructure;

namespace Pulse.Compiler.Tests.Semantics;

/// <summary>
/// The Lambda serving contract: a speed view must retain one batch interval (the cron's longest
/// gap) + the schedule's SLA + the stream's lateness. World-hunger holds it (36h ≥ 24h + 2h + 1h);
/// variants of it fall short by known amounts.
/// </summary>
public class ServingContractTests
{
    private static string WorldHunger => Repo.ExampleText("world-hunger");

    [Fact]
    public void World_hunger_keeps_the_contract()
    {
        var contract = Assert.Single(Repo.CompileExample("world-hunger").GetServingContracts());
        Assert.Equal("food_prices_now", contract.ServingView);
        Assert.Equal("live_food_prices", contract.SpeedView);
        Assert.Equal(TimeSpan.FromHours(24), contract.BatchInterval);
        Assert.Equal(TimeSpan.FromHours(2), contract.Sla);
        Assert.Equal(TimeSpan.FromHours(1), contract.Lateness);
        Assert.Equal(TimeSpan.FromHours(27), contract.Needed);
        Assert.Equal(TimeSpan.FromHours(36), contract.Retain);
        Assert.True(contract.Holds);
    }

    [Theory]
    [InlineData("retain 36h", "retain 24h", "retains 24h but the merge needs 27h (batch every 24h + sla 2h + lateness 1h): 3h short")]
    [InlineData("retain 36h", "retain 1590m", "retains 1590m but the merge needs 27h (batch every 24h + sla 2h + lateness 1h): 30m short")]
    [InlineData("cron = \"0 2 * * *\"", "cron = \"0 2 * * 1\"", "retains 36h but the merge needs 171h (batch every 168h + sla 2h + lateness 1h): 135h short")]
    [InlineData("sla = 2h", "sla = 12h", "retains 36h but the merge needs 37h (batch every 24h + sla 12h + lateness 1h): 1h short")]
    [InlineData("lateness = 1h", "lateness = 11h", "retains 36h but the merge needs 37h (batch every 24h + sla 2h + lateness 11h): 1h short")]
    public void A_variant_falls_short_by_a_known_amount(string original, string replacement, string message)
    {
        Assert.Contains(original, WorldHunger, StringComparison.Ordinal);
        var compilation = Specs.Compile(WorldHunger.Replace(original, replacement, StringComparison.Ordinal), "pipelines/world-hunger.pulse");
        var diagnostic = Assert.Single(compilation.GetDiagnostics());
        Assert.Equal("PULSE3005", diagnostic.Code);
        Assert.Equal("speed view `live_food_prices` " + message, diagnostic.Message);
        Assert.False(Assert.Single(compilation.GetServingContracts()).Holds);
    }

    [Fact]
    public void The_shortfall_is_reported_at_the_retain_duration()
    {
        var text = WorldHunger.Replace("retain 36h", "retain 24h", StringComparison.Ordinal);
        var diagnostic = Assert.Single(Specs.Compile(text).GetDiagnostics());
        Assert.Equal(text.IndexOf("retain 24h", StringComparison.Ordinal) + 7, diagnostic.Span.Start);
    }

    [Fact]
    public void Without_retain_the_default_day_is_named_in_the_message()
    {
        var text = WorldHunger.Replace("  retain 36h\n", "", StringComparison.Ordinal);
        var diagnostic = Assert.Single(Specs.Compile(text).GetDiagnostics());
        Assert.Contains("retains 24h (the default) but the merge needs 27h", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(text.IndexOf("speed live_food_prices", StringComparison.Ordinal) + 6, diagnostic.Span.Start);
    }
}
