using System.Reflection;
using Pulse.Cli.Commands;
using Pulse.Cli.Output;

namespace Pulse.Cli;

/// <summary>
/// The <c>pulse</c> command: finds the sub-command and runs it. Mistakes in how it is called and
/// unreadable files end with a one-line message and exit 2; an unexpected exception is a bug in
/// pulse and says so (exit 70), still without a stack trace unless PULSE_DEBUG is set.
/// </summary>
public static class CliApp
{
    public static readonly string Version =
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static IReadOnlyList<ICommand> Commands { get; } =
    [
        new CheckCommand(),
        new CompileCommand(),
        new GraphCommand(),
        new RunCommand(),
        new QueryCommand(),
        new PlanCommand(),
        new QuarantineCommand(),
        new FmtCommand(),
        new LspCommand(),
    ];

    public static string Usage =>
        "usage: pulse <command> [options]\n\ncommands:\n"
        + string.Concat(Commands.Select(c => $"  {c.Name,-12} {c.Summary}\n"))
        + "\n`pulse <command> --help` shows a command's options.";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) =>
        Run(args, new CliContext(stdout, stderr, Directory.GetCurrentDirectory(), Environment.GetEnvironmentVariable));

    public static int Run(IReadOnlyList<string> args, CliContext context)
    {
        if (args.Count == 0)
        {
            context.Error.WriteLine(Usage);
            return ExitCodes.Usage;
        }
        if (args[0] is "help" or "--help" or "-h")
        {
            context.Out.WriteLine(Usage);
            return ExitCodes.Ok;
        }
        if (args[0] is "--version")
        {
            context.Out.WriteLine($"pulse {Version}");
            return ExitCodes.Ok;
        }
        var command = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            context.Error.WriteLine($"pulse: unknown command '{args[0]}'");
            context.Error.WriteLine(Usage);
            return ExitCodes.Usage;
        }
        var rest = args.Skip(1).ToList();
        if (rest.Contains("--help") || rest.Contains("-h"))
        {
            context.Out.WriteLine(command.Help);
            return ExitCodes.Ok;
        }
        try
        {
            return command.Run(rest, context);
        }
        catch (UsageException e)
        {
            context.Error.WriteLine($"pulse {command.Name}: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (IoException e)
        {
            context.Error.WriteLine($"pulse {command.Name}: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (context.Environment("PULSE_DEBUG") is null)
        {
            context.Error.WriteLine($"pulse {command.Name}: internal error: {e.GetType().Name}: {e.Message}");
            context.Error.WriteLine("This is a bug in pulse; set PULSE_DEBUG=1 for the stack trace and please report it.");
            return ExitCodes.Internal;
        }
    }
}
