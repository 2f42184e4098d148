using System.Collections.Immutable;
using DuckDB.NET.Data;
using Pulse.Compiler.Ir;
using Pulse.Runtime.Batch;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Sql;
using Pulse.Runtime.Streaming;

namespace Pulse.Runtime.Testing;

/// <summary>
/// Runs one spec <c>test</c>: expected speed views go through the speed layer's own test path
/// (<see cref="SpeedTestRunner"/>: events as producer JSON, watermarks, the compiled windows); expected
/// batch and serving views come from a batch run in a fresh temporary state where every source reads the
/// rows the test gives it (a stream source: its events' rows) instead of its file, and sources the test
/// gives nothing are empty. A serving view merges those batch rows with the rows its speed view emitted
/// from the test's events (<see cref="SpeedTestRunner.Results"/>) at the batch horizon, exactly as
/// <c>pulse run</c> merges them. Only what the expected views read is run (<see cref="TestScope"/>).
/// Cleaning and expectations run as in <c>pulse run</c>; no sink is written.
/// </summary>
public static class PipelineTestRunner
{
    public static async Task<TestResult> RunAsync(PipelineIr pipeline, TestIr test, DateTimeOffset? now = null, CancellationToken cancellation = default)
    {
        var at = now ?? DateTimeOffset.UtcNow;
        var outcomes = new List<TestOutcome>();
        var speedExpected = test.Expected.Where(e => pipeline.FindView(e.View) is { Layer: ViewLayer.Speed }).ToList();
        var batchExpected = test.Expected.Where(e => pipeline.FindView(e.View) is { Layer: not ViewLayer.Speed }).ToList();

        foreach (var unknown in test.Expected.Where(e => pipeline.FindView(e.View) is null))
            outcomes.Add(new TestOutcome(test.Name, unknown.View, ViewLayer.Batch, [], [], $"the pipeline has no view {unknown.View}", unknown.Origin));

        if (speedExpected.Count > 0) outcomes.AddRange(RunSpeed(pipeline, test, speedExpected, at.UtcDateTime));
        if (batchExpected.Count > 0) outcomes.AddRange(await RunBatchAsync(pipeline, test, batchExpected, at, cancellation).ConfigureAwait(false));

        // Report in the order the test lists its expectations.
        var order = test.Expected.Select((e, i) => (e.View, i)).GroupBy(p => p.View).ToDictionary(g => g.Key, g => g.First().i);
        return new TestResult(test.Name, [.. outcomes.OrderBy(o => order.GetValueOrDefault(o.View))], test.Origin);
    }

    private static IEnumerable<TestOutcome> RunSpeed(PipelineIr pipeline, TestIr test, List<TestExpected> expected, DateTime now)
    {
        var results = SpeedTestRunner.Run(pipeline, test, now);
        foreach (var expectation in expected)
        {
            var view = pipeline.FindView(expectation.View)!;
            var outcome = results.FirstOrDefault(r => r.View == expectation.View);
            // No outcome: the test gave no events to the stream the view reads, so it produced nothing.
            yield return outcome is null
                ? new TestOutcome(test.Name, view.Name, view.Layer,
                    [.. expectation.Rows.Select(r => DiffRowText.Parse(DiffRow.Of(r.Values.Select(v => new DiffCell(v.Key, TestValues.Text(TestValues.Expected(v.Value, v.Value.Type))))).Text, view.Schema))],
                    [], null, expectation.Origin)
                : new TestOutcome(test.Name, view.Name, view.Layer,
                    [.. outcome.Missing.Select(t => DiffRowText.Parse(t, view.Schema))],
                    [.. outcome.Unexpected.Select(t => DiffRowText.Parse(t, view.Schema))], null, expectation.Origin);
        }
    }

    private static async Task<IEnumerable<TestOutcome>> RunBatchAsync(PipelineIr pipeline, TestIr test, List<TestExpected> expected,
        DateTimeOffset now, CancellationToken cancellation)
    {
        var state = Path.Combine(Path.GetTempPath(), "pulse-test-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var scoped = TestScope.Narrow(pipeline, expected.Select(e => e.View));
            // Serving views merge what the speed views emitted from the test's events, as in `pulse run`.
            var speedViews = scoped.Views.Where(v => v.Layer == ViewLayer.Speed).ToList();
            var options = new RunOptions
            {
                StateDirectory = state,
                Now = now,
                WriteSinks = false,
                SourceReaderOverride = source => new GivenRowsReader(GivenRowsReader.RowsFor(test, source.Name)),
                SpeedResults = speedViews.Count == 0 ? null : SpeedTestRunner.Results(pipeline, test, now.UtcDateTime, speedViews),
            };
            var report = await PipelineRunner.RunBatchAsync(scoped, options, null, cancellation).ConfigureAwait(false);
            if (report.Error is { } error)
                return expected.Select(e => new TestOutcome(test.Name, e.View, pipeline.FindView(e.View)!.Layer, [], [],
                    "the batch run failed: " + error, e.Origin)).ToList();

            using var connection = new DuckDBConnection($"Data Source={Path.Combine(state, StateLayout.DatabaseFile)};ACCESS_MODE=READ_ONLY");
            connection.Open();
            return expected.Select(e =>
            {
                var view = pipeline.FindView(e.View)!;
                return ViewRowsComparer.Compare(test.Name, view, e, ReadRows(connection, view));
            }).ToList();
        }
        finally
        {
            try { if (Directory.Exists(state)) Directory.Delete(state, recursive: true); }
            catch (IOException) { /* a leftover temp folder is harmless; the test result matters more */ }
        }
    }

    private static List<object?[]> ReadRows(DuckDBConnection connection, ViewIr view)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqlText.Join(view.Schema.Columns.Select(c => SqlText.Identifier(c.Name)))} FROM {SqlText.Qualified(StateLayout.Views, view.Name)}";
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }
}
