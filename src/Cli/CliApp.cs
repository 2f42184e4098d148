namespace Pulse.Cli;

/// <summary>Entry logic of the <c>pulse</c> command, kept apart from <c>Main</c> so tests can drive it.</summary>
public static class CliApp
{
    public const int ExitOk = 0;
    public const int ExitUsage = 2;

    public const string Usage =
        """
        usage: pulse <command> [options]

        commands:
          help, --help, -h    show this help
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0)
        {
            stderr.WriteLine(Usage);
            return ExitUsage;
        }

        switch (args[0])
        {
            case "help" or "--help" or "-h":
                stdout.WriteLine(Usage);
                return ExitOk;
            default:
                stderr.WriteLine($"pulse: unknown command '{args[0]}'");
                stderr.WriteLine(Usage);
                return ExitUsage;
        }
    }
}
