namespace Pulse.Cli.Commands;

/// <summary>One <c>pulse</c> sub-command.</summary>
public interface ICommand
{
    string Name { get; }

    /// <summary>One line for <c>pulse --help</c>.</summary>
    string Summary { get; }

    /// <summary>The command's own help text (<c>pulse &lt;command&gt; --help</c>).</summary>
    string Help { get; }

    int Run(IReadOnlyList<string> args, CliContext context);
}
