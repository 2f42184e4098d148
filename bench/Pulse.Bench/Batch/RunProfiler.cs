using System.Globalization;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using Pulse.Bench.Infrastructure;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;

namespace Pulse.Bench.Batch;

/// <summary>
/// Where a batch run spends its time, statement by statement, without touching the runtime: DuckDB.NET
/// shares one database instance between connections to the same file, so a connection opened on the
/// run's state database before the run can switch on DuckDB's query log for the whole instance. A
/// statement's time is the gap to the next logged statement (the runner issues them one after another).
/// </summary>
public static partial class RunProfiler
{
    public sealed record Statement(string Shape, int Count, double Seconds, string Example);

    public static async Task<(RunReport Report, double Seconds, List<Statement> Statements)> ProfileAsync(PipelineIr pipeline, string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        using var spy = new DuckDBConnection($"DataSource={Path.Combine(stateDirectory, "state.duckdb")}");
        spy.Open();
        Execute(spy, "CALL enable_logging('QueryLog')");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var report = await PipelineRunner.RunBatchAsync(pipeline, new RunOptions { StateDirectory = stateDirectory }).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        var logged = new List<(DateTime At, string Query)>();
        using (var command = spy.CreateCommand())
        {
            command.CommandText = "SELECT timestamp, message FROM duckdb_logs WHERE type = 'QueryLog' ORDER BY timestamp";
            using var reader = command.ExecuteReader();
            while (reader.Read()) logged.Add((reader.GetDateTime(0), reader.GetString(1)));
        }
        var statements = new Dictionary<string, (int Count, double Seconds, string Example, double Longest)>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < logged.Count; i++)
        {
            var duration = (logged[i + 1].At - logged[i].At).TotalSeconds;
            var shape = Shape(logged[i].Query);
            var entry = statements.GetValueOrDefault(shape);
            statements[shape] = (entry.Count + 1, entry.Seconds + duration,
                duration >= entry.Longest ? logged[i].Query : entry.Example, Math.Max(entry.Longest, duration));
        }
        return (report, seconds, [.. statements.Select(s => new Statement(s.Key, s.Value.Count, s.Value.Seconds, s.Value.Example)).OrderByDescending(s => s.Seconds)]);
    }

    /// <summary>A statement with its scratch-table numbers and literals blurred, so repeats of one step group together.</summary>
    private static string Shape(string query)
    {
        var text = Numbers().Replace(query, "#");
        text = Whitespace().Replace(text, " ").Trim();
        return text.Length <= 160 ? text : text[..160] + "...";
    }

    [GeneratedRegex(@"_\d+\b|\b\d+\b")] private static partial Regex Numbers();
    [GeneratedRegex(@"\s+")] private static partial Regex Whitespace();

    public static void Print(double seconds, List<Statement> statements, int top)
    {
        var total = statements.Sum(s => s.Seconds);
        var table = new TextTable("share", "seconds", "count", "statement (shape)");
        foreach (var s in statements.Take(top))
            table.Add(Format.Percent(s.Seconds / total), s.Seconds.ToString("0.000", CultureInfo.InvariantCulture), s.Count.ToString(CultureInfo.InvariantCulture), s.Shape);
        Console.WriteLine($"\nprofile of one pulse run ({seconds:0.0} s wall, {total:0.0} s between the first and the last logged statement):");
        Console.Write(table);
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
