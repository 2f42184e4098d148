using Pulse.Compiler.Scheduling;

namespace Pulse.Compiler.Tests.Scheduling;

public class CronScheduleTests
{
    [Theory]
    [InlineData("0 2 * * *", 24 * 60)]
    [InlineData("30 * * * *", 60)]
    [InlineData("*/15 * * * *", 15)]
    [InlineData("0 0,12 * * *", 12 * 60)]
    [InlineData("0 8-18/2 * * *", 14 * 60)]
    [InlineData("0 9 * * 1-5", 72 * 60)]
    [InlineData("0 9 * * mon-fri", 72 * 60)]
    [InlineData("0 0 * * 0", 7 * 24 * 60)]
    [InlineData("0 0 * * 7", 7 * 24 * 60)]
    [InlineData("0 0 1 * *", 31 * 24 * 60)]
    [InlineData("0 0 31 * *", 61 * 24 * 60)]
    [InlineData("0 0 1 jan,jul *", 184 * 24 * 60)]
    [InlineData("0 0 13 * 5", 7 * 24 * 60)]
    [InlineData("0 0 29 2 *", 2921 * 24 * 60)] // 2096-02-29 to 2104-02-29: 2100 is no leap year
    [InlineData("5 4 * * *", 24 * 60)]
    [InlineData("@hourly", 60)]
    [InlineData("@daily", 24 * 60)]
    [InlineData("@weekly", 7 * 24 * 60)]
    [InlineData("@yearly", 366 * 24 * 60)]
    [InlineData("* * * * *", 1)]
    public void Longest_interval_between_firings(string cron, int minutes)
    {
        Assert.True(CronSchedule.TryParse(cron, out var schedule, out var error), error);
        Assert.Equal(TimeSpan.FromMinutes(minutes), schedule!.LongestInterval);
    }

    [Theory]
    [InlineData("0 25 * * *", "hour")]
    [InlineData("* * *", "5 fields")]
    [InlineData("0 0 30 2 *", "never fires")]
    [InlineData("x * * * *", "minute")]
    [InlineData("5-1 * * * *", "backwards")]
    [InlineData("*/0 * * * *", "step")]
    [InlineData("0 0 * 13 *", "month")]
    [InlineData("0 0 * * 8", "day-of-week")]
    [InlineData("0,,5 * * * *", "empty")]
    public void Invalid_cron_says_what_is_wrong(string cron, string fragment)
    {
        Assert.False(CronSchedule.TryParse(cron, out var schedule, out var error));
        Assert.Null(schedule);
        Assert.Contains(fragment, error, StringComparison.Ordinal);
    }
}
