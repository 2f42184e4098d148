using Spectre.Console;

namespace Pulse.Cli.Commands;

/// <summary>
/// What a command may touch: its output streams, the working directory and the environment. Tests
/// pass their own writers and folders; nothing in a command reads Console or Environment directly.
/// </summary>
public sealed class CliContext(TextWriter stdout, TextWriter stderr, string workingDirectory, Func<string, string?> environment)
{
    public TextWriter Out { get; } = stdout;
    public TextWriter Error { get; } = stderr;
    public string WorkingDirectory { get; } = workingDirectory;
    public Func<string, string?> Environment { get; } = environment;

    /// <summary>Whether stdout is a terminal a person watches (live progress) rather than a pipe or a test.</summary>
    public bool Interactive { get; init; }

    public static CliContext FromProcess() =>
        new(Console.Out, Console.Error, Directory.GetCurrentDirectory(), System.Environment.GetEnvironmentVariable)
        {
            Interactive = !Console.IsOutputRedirected,
        };

    /// <summary>A Spectre console over <see cref="Out"/>: colours and animation only when interactive.</summary>
    public IAnsiConsole CreateConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Out),
            Ansi = Interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = Interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = Interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        // Logs and files have no terminal width; 80 columns would wrap every table.
        if (!Interactive) console.Profile.Width = 160;
        return console;
    }

    public string Resolve(string path) => Path.GetFullPath(Path.Combine(WorkingDirectory, path));
}
