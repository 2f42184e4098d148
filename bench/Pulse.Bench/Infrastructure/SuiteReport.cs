using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pulse.Bench.Infrastructure;

/// <summary>A ratio against a baseline of the same run, and the target it is held to.</summary>
public sealed record RatioResult(string Name, double Value, string Meaning, string Target, bool Met);

/// <summary>
/// What a suite measured: the machine, the flags, one record per measurement (whatever the suite
/// records, serialized as is), the ratios against the same-run baselines with their targets, and
/// notes (skipped contenders, profile findings). Printed at the end and saved to
/// <c>bench/results/&lt;suite&gt;.json</c>.
/// </summary>
public sealed class SuiteReport(string suite, MachineInfo machine, IReadOnlyDictionary<string, string> args)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly DateTimeOffset started = DateTimeOffset.UtcNow;
    private readonly List<object> measurements = [];
    private readonly List<RatioResult> ratios = [];
    private readonly List<string> notes = [];

    public string Suite => suite;

    /// <summary>The results file's name without extension; a suite's diagnostic mode saves under its own name so it never replaces the suite's numbers.</summary>
    public string FileName { get => fileName ?? suite; set => fileName = value; }

    private string? fileName;

    public void Measured(object measurement) => measurements.Add(measurement);

    public RatioResult Ratio(string name, double value, string meaning, string target, bool met)
    {
        var ratio = new RatioResult(name, Math.Round(value, 3), meaning, target, met);
        ratios.Add(ratio);
        return ratio;
    }

    public void Note(string note)
    {
        notes.Add(note);
        Console.WriteLine("note: " + note);
    }

    public void PrintRatios()
    {
        if (ratios.Count == 0) return;
        var table = new TextTable("ratio", "value", "target", "met");
        foreach (var r in ratios) table.Add(r.Name, r.Value.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture), r.Target, r.Met ? "yes" : "NO");
        Console.WriteLine();
        Console.Write(table);
        foreach (var r in ratios) Console.WriteLine($"  {r.Name}: {r.Meaning}");
    }

    /// <summary>Writes the results file and returns its path.</summary>
    public string Save()
    {
        Directory.CreateDirectory(RepoPaths.Results);
        var path = Path.Combine(RepoPaths.Results, FileName + ".json");
        var document = new
        {
            suite,
            started,
            seconds = Math.Round((DateTimeOffset.UtcNow - started).TotalSeconds, 1),
            machine,
            loadAverageAtEnd = MachineInfo.LoadAverageNow(),
            args,
            measurements,
            ratios,
            notes,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(document, Json).ReplaceLineEndings("\n") + "\n");
        return path;
    }
}
