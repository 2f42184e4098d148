namespace Pulse.Cli.Output;

/// <summary>
/// The parsed arguments of one command: positional arguments, <c>--name value</c> options and
/// <c>--switch</c> flags. Each command declares the options and switches it accepts, so an unknown or
/// malformed flag is a usage error (exit 2) with a message naming it.
/// </summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string> options = new(StringComparer.Ordinal);
    private readonly HashSet<string> switches = new(StringComparer.Ordinal);

    public List<string> Positionals { get; } = [];

    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> knownOptions, IReadOnlyCollection<string> knownSwitches)
    {
        var line = new CommandLine();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg == "--")
            {
                line.Positionals.Add(arg);
                continue;
            }
            var name = arg[2..];
            string? inlineValue = null;
            var equals = name.IndexOf('=');
            if (equals >= 0) (name, inlineValue) = (name[..equals], name[(equals + 1)..]);
            if (knownSwitches.Contains(name) && inlineValue is null)
                line.switches.Add(name);
            else if (knownOptions.Contains(name))
            {
                var value = inlineValue ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"option '--{name}' needs a value"));
                if (!line.options.TryAdd(name, value)) throw new UsageException($"option '--{name}' is given twice");
            }
            else
            {
                var all = knownOptions.Concat(knownSwitches).Select(o => "--" + o).Order(StringComparer.Ordinal).ToList();
                throw new UsageException($"unknown option '--{name}'" + (all.Count == 0 ? "" : $"; this command takes {string.Join(", ", all)}"));
            }
        }
        return line;
    }

    public string? Option(string name) => options.GetValueOrDefault(name);

    public bool Switch(string name) => switches.Contains(name);

    /// <summary>An option restricted to a set of values (e.g. <c>--format</c>), case-insensitive.</summary>
    public T Choice<T>(string name, T fallback) where T : struct, Enum
    {
        var value = Option(name);
        if (value is null) return fallback;
        if (Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)) return parsed;
        var allowed = string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()));
        throw new UsageException($"'--{name} {value}' is not one of: {allowed}");
    }
}

/// <summary>A mistake in how the command was called: printed without a stack trace, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
