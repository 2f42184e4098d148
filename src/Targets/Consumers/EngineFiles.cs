using System.Reflection;

namespace Pulse.Targets.Consumers;

/// <summary>
/// Source files copied verbatim into every generated consumer: the runtime's window engine, accumulators,
/// state snapshots, event parser and value semantics (decimal math, ISO time, casts, operators, functions),
/// the IR records they are written against, and the service host (Consumers/Templates). They are embedded
/// into this assembly by Pulse.Targets.csproj (logical names under <c>consumers/</c>), so <c>pulse run</c>
/// and the generated services run one implementation, and a change to the runtime reaches both.
/// </summary>
internal static class EngineFiles
{
    private const string Prefix = "consumers/";

    /// <summary>Project-relative path (e.g. <c>Engine/Runtime/Expressions/DecimalMath.cs</c>) and text, in ordinal path order.</summary>
    public static IReadOnlyList<(string Path, string Text)> All { get; } = Load();

    private static List<(string, string)> Load()
    {
        var assembly = typeof(EngineFiles).Assembly;
        var files = new List<(string, string)>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"resource {name} is missing");
            using var reader = new StreamReader(stream);
            files.Add((name[Prefix.Length..], reader.ReadToEnd().ReplaceLineEndings("\n")));
        }
        if (files.Count == 0) throw new InvalidOperationException("the consumer engine sources are not embedded in Pulse.Targets");
        return files;
    }
}
