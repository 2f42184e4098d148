using DuckDB.NET.Data;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Batch;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Tests.Fixtures;

namespace Pulse.Runtime.Tests.StreamingFixtures;

/// <summary>
/// Runs the batch layer (DuckDB) over a list of events, for Lambda consistency checks: the same view,
/// computed as a batch view over the events the speed layer did not treat as late, must give exactly the
/// windows the speed layer emitted.
/// </summary>
public static class BatchOracle
{
    public static async Task<List<string>> RowsAsync(SourceIr source, ViewIr view, IEnumerable<string> events, TempDir temp)
    {
        var replay = temp.Write($"{view.Name}-events.ndjson", string.Join("\n", events) + "\n");
        var batchSource = source with { Options = source.Options with { Replay = replay, Connection = null } };
        var batchView = view with { Layer = ViewLayer.Batch, Streaming = null };
        var pipeline = new PipelineBuilder("oracle", temp.Path).Source(batchSource).View(batchView).Build();
        var state = Path.Combine(temp.Path, "state-" + view.Name);
        var report = await PipelineRunner.RunBatchAsync(pipeline, new RunOptions { StateDirectory = state, Now = new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero) });
        Assert.True(report.Error is null, report.Error?.ToString());
        using var connection = new DuckDBConnection("DataSource=" + Path.Combine(state, StateLayout.DatabaseFile));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM views.\"{view.Name}\"";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(RowText.Of([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i))]));
        return rows;
    }

    /// <summary>The lines of a file minus one occurrence of each of <paramref name="removed"/>.</summary>
    public static List<string> Without(IEnumerable<string> lines, IEnumerable<string> removed)
    {
        var left = removed.GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
        var kept = new List<string>();
        foreach (var line in lines)
        {
            if (left.TryGetValue(line, out var n) && n > 0) { left[line] = n - 1; continue; }
            kept.Add(line);
        }
        Assert.All(left.Values, n => Assert.Equal(0, n));
        return kept;
    }
}
