using System.Globalization;

namespace Pulse.Bench.Infrastructure;

/// <summary>
/// The command line of a suite: <c>--name value</c> pairs after the suite name. Unknown flags are an
/// error (a typo must not silently run the default size for minutes).
/// </summary>
public sealed class BenchArgs
{
    private readonly Dictionary<string, string> values;
    private readonly HashSet<string> used = new(StringComparer.Ordinal);

    private BenchArgs(Dictionary<string, string> values) => this.values = values;

    public static BenchArgs Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            if (!flag.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
                throw new BenchUsageException($"expected --flag value, got \"{flag}\"");
            values[flag[2..]] = args[++i];
        }
        return new BenchArgs(values);
    }

    /// <summary>Every flag given, for the results file.</summary>
    public IReadOnlyDictionary<string, string> All => values;

    public long Long(string name, long fallback, long minimum = 1)
    {
        used.Add(name);
        if (!values.TryGetValue(name, out var text)) return fallback;
        if (!long.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < minimum)
            throw new BenchUsageException($"--{name} must be an integer of at least {minimum}, got \"{text}\"");
        return value;
    }

    public int Int(string name, int fallback, int minimum = 1) => checked((int)Long(name, fallback, minimum));

    /// <summary>A comma-separated list of positive integers, e.g. <c>--lines 1000,10000</c>.</summary>
    public IReadOnlyList<int> Ints(string name, IReadOnlyList<int> fallback)
    {
        used.Add(name);
        if (!values.TryGetValue(name, out var text)) return fallback;
        var list = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value <= 0)
                throw new BenchUsageException($"--{name} must be positive integers separated by commas, got \"{text}\"");
            list.Add(value);
        }
        return list;
    }

    public string? Text(string name)
    {
        used.Add(name);
        return values.GetValueOrDefault(name);
    }

    /// <summary>Call after reading every flag: rejects the ones the suite does not know.</summary>
    public void RejectUnknown()
    {
        var unknown = values.Keys.Where(k => !used.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
            throw new BenchUsageException($"unknown flag(s): {string.Join(", ", unknown.Select(u => "--" + u))}; this suite takes {string.Join(", ", used.Order(StringComparer.Ordinal).Select(u => "--" + u))}");
    }
}

/// <summary>A bad command line: printed with the usage, exit code 2.</summary>
public sealed class BenchUsageException(string message) : Exception(message);

/// <summary>The benchmark cannot run (a dependency is missing, a contender failed): printed, exit code 1.</summary>
public sealed class BenchFailedException(string message) : Exception(message);
