using System.Diagnostics;
using System.Text.Json;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Airflow;

/// <summary>What <c>dag_graph.py</c> read from a DAG file: compiled by Python, tasks and <c>&gt;&gt;</c> edges from its syntax tree.</summary>
public sealed record AirflowDagGraph(string DagId, string? Schedule, bool? Catchup, IReadOnlyDictionary<string, string> Tasks, IReadOnlyList<(string From, string To)> Edges,
    string? Description, string? Owner, IReadOnlyDictionary<string, (string Source, IReadOnlyList<string> Rules)> QualityRules)
{
    public static AirflowDagGraph Read(string dagSource)
    {
        var directory = Directory.CreateTempSubdirectory("pulse-dag-");
        try
        {
            var file = Path.Combine(directory.FullName, "dag.py");
            File.WriteAllText(file, dagSource);
            var script = Path.Combine(SparkAirflowBaselines.RepoRoot, "tests", "Targets.Tests", "Airflow", "dag_graph.py");
            var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(script);
            start.ArgumentList.Add(file);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, "python3 rejected the DAG:\n" + error);
            using var json = JsonDocument.Parse(output);
            var root = json.RootElement;
            var tasks = root.GetProperty("tasks").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            var edges = root.GetProperty("edges").EnumerateArray().Select(e => (e[0].GetString()!, e[1].GetString()!)).ToList();
            var schedule = root.GetProperty("schedule");
            var catchup = root.GetProperty("catchup");
            var rules = root.GetProperty("quality_rules").EnumerateObject().ToDictionary(p => p.Name,
                p => (p.Value.GetProperty("source").GetString()!, (IReadOnlyList<string>)p.Value.GetProperty("rules").EnumerateObject().Select(r => r.Name).ToList()));
            string? Text(string name) => root.GetProperty(name).ValueKind == JsonValueKind.String ? root.GetProperty(name).GetString() : null;
            return new AirflowDagGraph(root.GetProperty("dag_id").GetString()!, schedule.ValueKind == JsonValueKind.String ? schedule.GetString() : null,
                catchup.ValueKind is JsonValueKind.True or JsonValueKind.False ? catchup.GetBoolean() : null, tasks, edges, Text("description"), Text("owner"), rules);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
