using Pulse.Cli;

namespace Pulse.Cli.Tests;

public class CliAppTests
{
    [Fact]
    public void Help_prints_usage_and_succeeds()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = CliApp.Run(["--help"], stdout, stderr);

        Assert.Equal(CliApp.ExitOk, code);
        Assert.Contains("usage: pulse", stdout.ToString());
    }

    [Fact]
    public void Unknown_command_returns_2()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = CliApp.Run(["frobnicate"], stdout, stderr);

        Assert.Equal(2, code);
        Assert.Contains("unknown command 'frobnicate'", stderr.ToString());
    }
}
